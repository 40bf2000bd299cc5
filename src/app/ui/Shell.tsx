// The frame of an unlocked session: a skip link, the header (live state, language, lock), the
// navigation (with the unread count) and the current screen.
import type { ComponentChildren } from "preact";
import { formatNumber, t } from "../i18n/i18n.js";
import { useStore } from "../lib/store.js";
import { lock, type Session } from "../state/session.js";
import { LanguagePicker } from "./Settings.js";
import { href, type Route } from "./route.js";
import { VerifyBanner } from "./VerifyBanner.js";

const NAV: Array<{ route: Route; key: "nav.chats" | "nav.contacts" | "nav.channels" | "nav.groups" | "nav.wallet" | "nav.anchors" | "nav.network" | "nav.settings" }> = [
  { route: { page: "chats", peer: null }, key: "nav.chats" },
  { route: { page: "contacts" }, key: "nav.contacts" },
  { route: { page: "channels", id: null }, key: "nav.channels" },
  { route: { page: "groups", id: null }, key: "nav.groups" },
  { route: { page: "wallet" }, key: "nav.wallet" },
  { route: { page: "anchors", hash: null }, key: "nav.anchors" },
  { route: { page: "network" }, key: "nav.network" },
  { route: { page: "settings" }, key: "nav.settings" },
];

const LIVE_KEYS = { connecting: "live.connecting", live: "live.live", offline: "live.offline" } as const;

function LiveState({ s }: { s: Session }) {
  const live = useStore(s.conversations.live);
  return <span class={`live live-${live}`} role="status" data-test="live" data-live={live}>{t(LIVE_KEYS[live])}</span>;
}

export function Header({ children }: { children?: ComponentChildren }) {
  return (
    <header class="top">
      <a class="skip" href="#main">{t("common.skip")}</a>
      <span class="brand" aria-hidden="true">Parley</span>
      {children}
      <LanguagePicker />
    </header>
  );
}

export function Shell({ s, route, children }: { s: Session; route: Route; children: ComponentChildren }) {
  useStore(s.conversations.version);
  const unread = s.conversations.totalUnread();
  return (
    // The chats screen fills the window and scrolls inside its lists (styles.css "fill").
    <div class={route.page === "chats" ? "shell fill" : "shell"}>
      <Header>
        <LiveState s={s} />
        <button type="button" class="secondary small" onClick={() => lock()} data-test="lock-top">{t("settings.lock")}</button>
      </Header>
      <nav class="main-nav" aria-label={t("nav.label")}>
        <ul>
          {NAV.map((n) => (
            <li key={n.key}>
              <a href={href(n.route)} aria-current={route.page === n.route.page ? "page" : undefined} data-test={`nav-${n.route.page}`}>
                {t(n.key)}
                {n.route.page === "chats" && unread > 0 && <span class="badge" aria-label={t("chat.unread", { count: unread })}>{formatNumber(unread)}</span>}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <VerifyBanner />
      <div class="content" id="main-wrap">{children}</div>
    </div>
  );
}
