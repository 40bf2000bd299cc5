// A scrolling list that stays at its newest entry while the reader is there: when an entry grows
// (a red packet's card once claimed, a file's preview) or the window changes size, the end stays
// in view. A reader who scrolled up to read older entries is left where they are.
import type { RefObject } from "preact";
import { useEffect, useRef } from "preact/hooks";

// Within this many pixels of the end counts as at the end (fractional layouts round).
const SLACK_PX = 24;

/** Keeps `ref`'s element scrolled to its end while it was at its end; returns "go to the end now". */
export function useStickToBottom(ref: RefObject<HTMLElement | null>): () => void {
  const pinned = useRef(true);
  const toEnd = (): void => {
    const el = ref.current;
    if (!el) return;
    pinned.current = true;
    el.scrollTop = el.scrollHeight;
  };
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const follow = (): void => {
      if (pinned.current) el.scrollTop = el.scrollHeight;
    };
    const onScroll = (): void => {
      pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < SLACK_PX;
    };
    el.addEventListener("scroll", onScroll, { passive: true });
    const resized = new ResizeObserver(follow);
    resized.observe(el);
    const changed = new MutationObserver(follow);
    changed.observe(el, { childList: true, subtree: true, characterData: true });
    return () => {
      el.removeEventListener("scroll", onScroll);
      resized.disconnect();
      changed.disconnect();
    };
  }, []);
  return toEnd;
}
