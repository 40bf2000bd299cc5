// Subscription fan-out with routing by key: a node with thousands of connected chat apps must
// deliver each message to exactly the subscriptions it is for, as it does with a handful.
import { describe, expect, it } from "vitest";
import { SubscriptionHub, type Subscriber } from "../../../src/rpc/subscriptions.js";
import { p } from "../../../src/rpc/params.js";

type Events = { messages: { parties: string[]; body: string } };

class Inbox implements Subscriber {
  readonly got: string[] = [];
  alive = true;
  send(text: string): boolean {
    const note = JSON.parse(text) as { params: { result: { body: string } } };
    this.got.push(note.params.result.body);
    return true;
  }
}

function hub(routed: boolean): SubscriptionHub<Events> {
  const h = new SubscriptionHub<Events>();
  h.register("messages", {
    params: [["who", p.string({ max: 64 })]],
    match: (e, who) => e.parties.includes(who),
    result: (e) => ({ body: e.body }),
    ...(routed ? { route: { keyOf: (who: string) => who, eventKeys: (e: Events["messages"]) => e.parties } } : {}),
  });
  return h;
}

describe.each([true, false])("message fan-out (routed: %s)", (routed) => {
  it.each([3, 200])("with %i subscribers, each hears exactly its own messages, once", (n) => {
    const h = hub(routed);
    const inboxes = Array.from({ length: n }, () => new Inbox());
    inboxes.forEach((inbox, i) => h.subscribe("messages", [`user${i}`], inbox, 10));
    expect(h.publish("messages", { parties: ["user0", "user2"], body: "a" })).toBe(2);
    expect(h.publish("messages", { parties: ["user1", "user1"], body: "self" })).toBe(1); // a self-transfer
    expect(h.publish("messages", { parties: ["nobody"], body: "lost" })).toBe(0);
    expect(inboxes[0]!.got).toEqual(["a"]);
    expect(inboxes[1]!.got).toEqual(["self"]);
    expect(inboxes[2]!.got).toEqual(["a"]);
    for (const inbox of inboxes.slice(3)) expect(inbox.got).toEqual([]);
  });

  it("stops routing to a subscription once it is cancelled or its connection dropped", () => {
    const h = hub(routed);
    const inboxes = Array.from({ length: 20 }, () => new Inbox());
    const ids = inboxes.map((inbox) => h.subscribe("messages", ["shared"], inbox, 10));
    expect(h.unsubscribe(ids[0]!, inboxes[0]!)).toBe(true);
    h.dropSubscriber(inboxes[1]!);
    expect(h.publish("messages", { parties: ["shared"], body: "x" })).toBe(18);
    expect(inboxes[0]!.got).toEqual([]);
    expect(inboxes[1]!.got).toEqual([]);
    expect(inboxes[19]!.got).toEqual(["x"]);
    for (let i = 2; i < 20; i++) expect(h.unsubscribe(ids[i]!, inboxes[i]!)).toBe(true);
    expect(h.count("messages")).toBe(0);
    expect(h.publish("messages", { parties: ["shared"], body: "y" })).toBe(0);
  });
});

describe("subscribing a connection that is gone", () => {
  it("is refused with CONNECTION_CLOSED and leaves nothing behind", () => {
    const h = hub(true);
    const inbox = new Inbox();
    h.subscribe("messages", ["a"], inbox, 10);
    inbox.alive = false;
    h.dropSubscriber(inbox);
    expect(() => h.subscribe("messages", ["a"], inbox, 10)).toThrow(expect.objectContaining({ type: expect.objectContaining({ code: "UNAVAILABLE", reason: "CONNECTION_CLOSED" }) }));
    expect(h.count()).toBe(0);
  });
});
