// A WebSocket subscription kept open: when it cannot open, or drops, it is opened again after a
// backoff (0.5 s doubling up to 10 s), and the caller is told so it can catch up on what it
// missed. Conversations (subscribe_messages) and actions (subscribe_actions) share it.
import type { Watcher } from "../../client/chat.js";

const RECONNECT_MAX_MS = 10_000;

export interface SubscriptionHooks {
  /** Before each attempt. */
  connecting?: () => void;
  /** After each attempt that subscribed; `again` when it is a reconnection (catch up then). A throw retries. */
  opened?: (again: boolean) => void | Promise<void>;
  /** When it dropped or could not open (a retry is scheduled). */
  down?: () => void;
}

/** Subscribes with `open(onError)` until stopped; `onError` is how the subscription reports it dropped. */
export function keepSubscribed(open: (onError: () => void) => Promise<Watcher>, hooks: SubscriptionHooks = {}): { stop: () => void } {
  let closed = false;
  let watcher: Watcher | null = null;
  const connect = async (attempt: number): Promise<void> => {
    if (closed) return;
    hooks.connecting?.();
    try {
      const w = await open(() => retry(attempt + 1));
      if (closed) return w.close();
      watcher = w;
      await hooks.opened?.(attempt > 0);
    } catch {
      retry(attempt + 1);
    }
  };
  const retry = (attempt: number): void => {
    if (closed) return;
    watcher = null;
    hooks.down?.();
    setTimeout(() => void connect(attempt), Math.min(RECONNECT_MAX_MS, 500 * 2 ** Math.min(attempt, 5)));
  };
  void connect(0);
  return {
    stop: () => {
      closed = true;
      watcher?.close();
    },
  };
}
