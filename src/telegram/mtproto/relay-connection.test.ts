import { Long } from "@mtcute/node";
import { afterEach, describe, expect, it } from "vitest";
import { FloodWaitError } from "../../domain/index.js";
import { MtprotoChannelClient, openTelegramClient, relayConnection } from "./index.js";
import { decodeTlJson, encodeTlJson } from "./tl-json.js";
import { FAKE_API_HASH, FAKE_API_ID, FakeTelegram, startFakeTelegramRelay, type FakeTelegramRelay } from "./testing/index.js";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

describe("TL JSON", () => {
  it("round-trips 64-bit integers, bytes and nested TL objects", () => {
    const value = {
      _: "inputPeerChannel",
      channelId: 1_036_240_821,
      accessHash: Long.fromString("-9223372036854775808"),
      fileReference: new Uint8Array([0, 255, 7]),
      nested: [{ _: "reactionCustomEmoji", documentId: Long.fromString("5368324170671202286") }],
      ratio: 61.5,
    };
    const back = decodeTlJson<typeof value>(encodeTlJson(value));
    expect(back.accessHash.toString()).toBe("-9223372036854775808");
    expect(Long.isLong(back.nested[0]!.documentId)).toBe(true);
    expect([...back.fileReference]).toEqual([0, 255, 7]);
    expect(back).toMatchObject({ _: "inputPeerChannel", channelId: 1_036_240_821, ratio: 61.5 });
  });
});

describe("relayConnection", () => {
  async function throughRelay(fake: FakeTelegram): Promise<{ relay: FakeTelegramRelay; client: MtprotoChannelClient }> {
    const relay = await startFakeTelegramRelay(fake);
    cleanup.push(() => relay.close());
    const client = await openTelegramClient({ apiId: FAKE_API_ID, apiHash: FAKE_API_HASH, session: await fake.session(), connection: relayConnection(relay.url, "alice") });
    cleanup.push(() => client.destroy());
    return { relay, client: new MtprotoChannelClient(client) };
  }

  it("carries calls and answers between processes' worth of serialisation, as the account it names", async () => {
    const fake = new FakeTelegram();
    fake.addChannel({ id: 42_000, username: "relay_news", title: "Relay" });
    for (let i = 0; i < 120; i++) fake.post(42_000, { message: `post ${i}`, groupedId: Long.fromString("13950412345678901") });
    const { client } = await throughRelay(fake);
    const resolved = await client.resolveUsername("relay_news");
    expect(resolved.access.accessHash).toBe(fake.accessHash(42_000, "alice"));
    const page = await client.getHistoryPage(resolved.access);
    expect(page.messages).toHaveLength(100);
    expect(page.messages[0]).toMatchObject({ messageId: 120, text: "post 119", groupedId: "13950412345678901" });
    expect(fake.calls.map((c) => c.account)).toEqual(["alice", "alice"]);
  });

  it("keeps RPC errors RPC errors, so mtcute's flood handling still runs", async () => {
    const fake = new FakeTelegram();
    fake.addChannel({ id: 42_000, username: "relay_news", title: "Relay" });
    const { client } = await throughRelay(fake);
    fake.failNext({ method: "contacts.resolveUsername", errorMessage: "FLOOD_WAIT_3600" });
    await expect(client.resolveUsername("relay_news")).rejects.toBeInstanceOf(FloodWaitError);
  });
});
