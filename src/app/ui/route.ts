// Hash routes (#/chats/<address>): the node serves one page, and a route is shareable as a link
// (an anchor's certificate page, #/anchors/<hash>, works for anyone who opens it).
import { useEffect, useState } from "preact/hooks";

export type Route =
  | { page: "chats"; peer: string | null }
  | { page: "contacts" }
  | { page: "channels"; id: string | null }
  | { page: "groups"; id: string | null }
  | { page: "wallet" }
  | { page: "anchors"; hash: string | null }
  | { page: "network" }
  | { page: "settings" };

export function parseRoute(hash: string): Route {
  const [page, arg] = hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent) as [string | undefined, string | undefined];
  switch (page) {
    case "contacts":
    case "wallet":
    case "network":
    case "settings":
      return { page };
    case "channels":
    case "groups":
      return { page, id: arg || null };
    case "anchors":
      return { page, hash: arg || null };
    default:
      return { page: "chats", peer: arg || null };
  }
}

export function href(r: Route): string {
  switch (r.page) {
    case "chats":
      return r.peer ? `#/chats/${encodeURIComponent(r.peer)}` : "#/chats";
    case "channels":
      return r.id ? `#/channels/${r.id}` : "#/channels";
    case "groups":
      return r.id ? `#/groups/${r.id}` : "#/groups";
    case "anchors":
      return r.hash ? `#/anchors/${r.hash}` : "#/anchors";
    default:
      return `#/${r.page}`;
  }
}

export function go(r: Route): void {
  location.hash = href(r);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = (): void => setRoute(parseRoute(location.hash));
    addEventListener("hashchange", on);
    return () => removeEventListener("hashchange", on);
  }, []);
  return route;
}
