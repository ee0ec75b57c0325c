import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ChannelPrivateError, UsernameNotFoundError } from "../domain/index.js";
import { openStore, type Store } from "../store/index.js";
import { MtprotoChannelClient, openTelegramClient } from "../telegram/index.js";
import { FAKE_API_HASH, FAKE_API_ID, FakeTelegram } from "../telegram/mtproto/testing/index.js";
import { collectMtprotoChannel, type MtprotoChannelPort } from "./index.js";

const NEWS = 1_036_240_821;
const SOURCE = 1_309_043_988;
const DISCUSSION = 1_500_000_001;

let store: Store;
let fake: FakeTelegram;
const clients: { destroy(): Promise<void> }[] = [];

beforeEach(async () => {
  store = await openStore({ databaseUrl: `sqlite:${path.join(mkdtempSync(path.join(tmpdir(), "tgscope-mtproto-")), "t.db")}` });
  fake = new FakeTelegram();
  fake.addChannel({ id: NEWS, username: "meduzalive", title: "Медуза — LIVE", about: "Новости", participantsCount: 1_200_000, linkedChatId: DISCUSSION });
  fake.addChannel({ id: SOURCE, username: "meduza_news", title: "Медуза" });
  fake.addChannel({ id: DISCUSSION, title: "Обсуждение", kind: "supergroup", linkedChatId: NEWS });
  for (let i = 1; i <= 1050; i++) {
    fake.post(NEWS, {
      message: `post ${i}`,
      views: i * 10,
      ...(i % 10 === 0 ? { fwdFrom: { _: "messageFwdHeader" as const, fromId: { _: "peerChannel" as const, channelId: SOURCE }, date: 1_690_000_000, channelPost: i } } : {}),
    });
  }
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.destroy()));
  await store.close();
});

async function account(label: string): Promise<MtprotoChannelPort> {
  const stored = await store.createAccount({ kind: "user", label, apiId: FAKE_API_ID, apiHashSealed: "sealed", state: "active" });
  const client = await openTelegramClient({ apiId: FAKE_API_ID, apiHash: FAKE_API_HASH, session: await fake.session(), connection: fake.connection(label) });
  clients.push(client);
  const channels = new MtprotoChannelClient(client);
  return {
    accountId: stored.id,
    resolveUsername: (username) => channels.resolveUsername(username),
    getChannel: (access) => channels.getChannel(access),
    getHistoryPage: (access, before, signal) => channels.getHistoryPage(access, before, signal),
  };
}

describe("collectMtprotoChannel", () => {
  it("archives every message with the channel's full info, through one resolve", async () => {
    const alice = await account("+10000000001");
    const result = await collectMtprotoChannel(store, alice, "https://t.me/s/meduzalive");
    expect(result).toMatchObject({ inserted: 1050, complete: true });
    expect(result.source).toMatchObject({
      peerId: -1_001_036_240_821n,
      username: "meduzalive",
      about: "Новости",
      memberCount: 1_200_000,
      linkedChatId: -1_001_500_000_001n,
    });
    expect((await store.listSources()).map((s) => [s.username, s.messageCount])).toEqual([["meduzalive", 1050]]);
    const page = await store.searchMessages({ source: "meduzalive", limit: 1000 });
    expect(page.items[0]).toMatchObject({ messageId: 1050, views: 10_500, collectedVia: "mtproto", forward: { fromUsername: "meduza_news", originalPostId: 1050 } });
    expect(fake.count("contacts.resolveUsername")).toBe(1);
    expect(fake.count("messages.getHistory")).toBe(11);
  });

  it("on a second run stores only new posts and resolves nothing again", async () => {
    const alice = await account("+10000000001");
    await collectMtprotoChannel(store, alice, "meduzalive");
    fake.post(NEWS, { message: "fresh" });
    fake.post(NEWS, { message: "fresher" });
    const calls = fake.calls.length;
    const again = await collectMtprotoChannel(store, alice, "@meduzalive");
    expect(again).toMatchObject({ inserted: 2, complete: true });
    expect(fake.calls.slice(calls).map((c) => c.method)).toEqual(["channels.getFullChannel", "messages.getHistory"]);
  });

  it("resolves once per account (access hashes are per account), and again when Telegram rejects a cached hash", async () => {
    const alice = await account("+10000000001");
    const bob = await account("+10000000002");
    await collectMtprotoChannel(store, alice, "meduzalive", { limit: 10 });
    await collectMtprotoChannel(store, bob, "meduzalive", { limit: 10 });
    expect([fake.count("contacts.resolveUsername", "+10000000001"), fake.count("contacts.resolveUsername", "+10000000002")]).toEqual([1, 1]);
    await store.rememberAccessHash({ accountId: alice.accountId, peerId: -1_001_036_240_821n, accessHash: 1n });
    await collectMtprotoChannel(store, alice, "meduzalive", { limit: 10 });
    expect(fake.count("contacts.resolveUsername", "+10000000001")).toBe(2);
    expect(await store.findAccessHash(alice.accountId, -1_001_036_240_821n)).toBe(fake.accessHash(NEWS, "+10000000001"));
  });

  it("fails before writing anything for an unknown or unreadable channel", async () => {
    const alice = await account("+10000000001");
    fake.addChannel({ id: 77, username: "closed_club", title: "Closed", private: true });
    await expect(collectMtprotoChannel(store, alice, "no_such_channel")).rejects.toBeInstanceOf(UsernameNotFoundError);
    await expect(collectMtprotoChannel(store, alice, "closed_club")).rejects.toBeInstanceOf(ChannelPrivateError);
    expect(await store.listSources()).toEqual([]);
  });
});
