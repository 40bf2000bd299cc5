// The app: onboarding, unlock, or a session's screens by route. The network page and anchor
// certificates are public: they open without an identity.
import { t } from "../i18n/i18n.js";
import { useStore } from "../lib/store.js";
import { lang } from "../i18n/i18n.js";
import { phase, type Session } from "../state/session.js";
import { useRoute, type Route } from "./route.js";
import { Onboarding } from "./Onboarding.js";
import { Unlock } from "./Unlock.js";
import { Header, Shell } from "./Shell.js";
import { VerifyBanner } from "./VerifyBanner.js";
import { Chats } from "./Chats.js";
import { Contacts } from "./Contacts.js";
import { Settings } from "./Settings.js";
import { Channels } from "./Channels.js";
import { Groups } from "./Groups.js";
import { Wallet } from "./Wallet.js";
import { Anchors } from "./Anchors.js";
import { Network } from "./Network.js";

function Screen({ s, route }: { s: Session; route: Route }) {
  switch (route.page) {
    case "chats":
      return <main id="main" class="page wide"><Chats s={s} peer={route.peer} /></main>;
    case "contacts":
      return <Contacts s={s} />;
    case "channels":
      return <Channels s={s} id={route.id} />;
    case "groups":
      return <Groups s={s} id={route.id} />;
    case "wallet":
      return <Wallet s={s} />;
    case "anchors":
      return <Anchors s={s} hash={route.hash} />;
    case "network":
      return <Network />;
    case "settings":
      return <Settings s={s} />;
  }
}

export function App() {
  useStore(lang);
  const p = useStore(phase);
  const route = useRoute();
  if (p.kind === "unlocked") return <Shell s={p.session} route={route}><Screen s={p.session} route={route} /></Shell>;
  // Public screens need no identity.
  if (route.page === "network" || (route.page === "anchors" && route.hash)) {
    return (
      <div class="shell">
        <Header><a href="#/chats" class="small">{p.kind === "locked" ? t("unlock.title") : t("onboard.title")}</a></Header>
        <VerifyBanner />
        {route.page === "network" ? <Network /> : <Anchors s={null} hash={route.hash} />}
      </div>
    );
  }
  return (
    <div class="shell">
      <Header />
      <VerifyBanner />
      {p.kind === "locked" ? <Unlock address={p.address} /> : <Onboarding />}
    </div>
  );
}
