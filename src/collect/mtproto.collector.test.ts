import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AccountPool, type TelegramAccounts } from "../accounts/index.js";
import { ChannelPrivateError, NoAccountError, UsernameNotFoundError } from "../domain/index.js";
import { openStore, type Store } from "../store/index.js";
import { FakeTelegram } from "../telegram/mtproto/testing/index.js";
import { collectMtprotoChannel } from "./index.js";
import { fakeAccounts, signInOnFake } from "../../test/support/accounts.js";

const NEWS = 1_036_240_821;
const SOURCE = 1_309_043_988;
const DISCUSSION = 1_500_000_001;
const NEWS_PEER = -1_001_036_240_821n;
const ALICE = "+15550001111";
const BORIS = "+15550002222";

let store: Store;
let fake: FakeTelegram;
let accounts: TelegramAccounts;
let pool: AccountPool;
let closeAccounts: () => Promise<void>;

beforeEach(async () => {
  store = await openStore({ databaseUrl: `sqlite:${path.join(mkdtempSync(path.join(tmpdir(), "tgscope-mtproto-")), "t.db")}` });
  fake = new FakeTelegram();
  fake.auth.addUser({ phone: ALICE, userId: 1001, firstName: "Alice" });
  fake.auth.addUser({ phone: BORIS, userId: 1002, firstName: "Boris" });
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
  ({ accounts, pool, close: closeAccounts } = fakeAccounts(store, fake));
});

afterEach(async () => {
  await closeAccounts();
  await store.close();
});

async function archivedIds(): Promise<number[]> {
  const ids: number[] = [];
  for await (const m of store.iterMessages({ sources: ["meduzalive"], order: "date_asc" })) ids.push(m.messageId);
  return ids;
}

describe("collectMtprotoChannel", () => {
  it("archives every message with the channel's full info, through one resolve", async () => {
    await signInOnFake(accounts, fake, ALICE);
    const result = await collectMtprotoChannel(store, pool, "https://t.me/s/meduzalive");
    expect(result).toMatchObject({ inserted: 1050, complete: true });
    expect(result.source).toMatchObject({ peerId: NEWS_PEER, username: "meduzalive", about: "Новости", memberCount: 1_200_000, linkedChatId: -1_001_500_000_001n });
    expect((await store.listSources()).map((s) => [s.username, s.messageCount])).toEqual([["meduzalive", 1050]]);
    const page = await store.searchMessages({ sources: ["meduzalive"], limit: 1 });
    expect(page.items[0]).toMatchObject({ messageId: 1050, views: 10_500, collectedVia: "mtproto", forward: { fromUsername: "meduza_news", originalPostId: 1050 } });
    expect(fake.count("contacts.resolveUsername")).toBe(1);
    expect(fake.count("messages.getHistory")).toBe(11);
  });

  it("on a second run stores only new posts and resolves nothing again", async () => {
    await signInOnFake(accounts, fake, ALICE);
    await collectMtprotoChannel(store, pool, "meduzalive");
    fake.post(NEWS, { message: "fresh" });
    fake.post(NEWS, { message: "fresher" });
    const calls = fake.calls.length;
    const again = await collectMtprotoChannel(store, pool, "@meduzalive");
    expect(again).toMatchObject({ inserted: 2, complete: true });
    expect(fake.calls.slice(calls).map((c) => c.method)).toEqual(["channels.getFullChannel", "messages.getHistory"]);
  });

  it("resolves once per account (access hashes are per account), and again when Telegram rejects a cached hash", async () => {
    const alice = await signInOnFake(accounts, fake, ALICE);
    await signInOnFake(accounts, fake, BORIS);
    await collectMtprotoChannel(store, pool, "meduzalive", { limit: 250 });
    expect([fake.count("contacts.resolveUsername", ALICE), fake.count("contacts.resolveUsername", BORIS)]).toEqual([1, 1]);
    await store.rememberAccessHash({ accountId: alice, peerId: NEWS_PEER, accessHash: 1n });
    await collectMtprotoChannel(store, pool, "meduzalive", { limit: 250 });
    expect(fake.count("contacts.resolveUsername", ALICE)).toBe(2);
    expect(await store.findAccessHash(alice, NEWS_PEER)).toBe(fake.accessHash(NEWS, ALICE));
  });

  it("parks an account on a 3600 s flood wait and lets another account finish the job", async () => {
    const alice = await signInOnFake(accounts, fake, ALICE);
    await signInOnFake(accounts, fake, BORIS);
    fake.failNext({ method: "messages.getHistory", account: ALICE, errorMessage: "FLOOD_WAIT_3600" });
    const result = await collectMtprotoChannel(store, pool, "meduzalive");
    expect(result).toMatchObject({ inserted: 1050, complete: true });
    expect(await archivedIds()).toEqual(Array.from({ length: 1050 }, (_, i) => i + 1));
    const parked = (await store.findAccount(alice))!;
    expect(parked.state).toBe("flood_wait");
    expect(parked.floodWaitUntil!.getTime() - Date.now()).toBeGreaterThan(3_500_000);
    const listed = await accounts.list();
    expect(listed.map((a) => [a.label, a.state])).toEqual([[ALICE, "flood_wait"], [BORIS, "active"]]);
    // A new pool (a restart) respects the stored wait: only Boris is used.
    const restarted = new AccountPool({ store, accounts, resolvePerMinute: 30 });
    const before = fake.count("channels.getFullChannel", ALICE);
    await collectMtprotoChannel(store, restarted, "meduzalive");
    await restarted.close();
    expect(fake.count("channels.getFullChannel", ALICE)).toBe(before);
  });

  it("fails before writing anything for an unknown or unreadable channel, and without an account", async () => {
    await expect(collectMtprotoChannel(store, pool, "meduzalive")).rejects.toBeInstanceOf(NoAccountError);
    await signInOnFake(accounts, fake, ALICE);
    fake.addChannel({ id: 77, username: "closed_club", title: "Closed", private: true });
    await expect(collectMtprotoChannel(store, pool, "no_such_channel")).rejects.toBeInstanceOf(UsernameNotFoundError);
    await expect(collectMtprotoChannel(store, pool, "closed_club")).rejects.toBeInstanceOf(ChannelPrivateError);
    expect(await store.listSources()).toEqual([]);
  });

  it("re-checks the recent window: keeps the previous text of an edit, marks vanished posts deleted, drops nothing", async () => {
    await signInOnFake(accounts, fake, ALICE);
    await collectMtprotoChannel(store, pool, "meduzalive");
    // 920 is below the newest page (951…1050) that following new posts reads again anyway
    fake.edit(NEWS, 920, { message: "post 920 (исправлено)", editDate: 1_700_070_000 });
    fake.delete(NEWS, 930);
    fake.delete(NEWS, 1048);
    fake.delete(NEWS, 10);
    const since = new Date((1_700_000_000 + 900 * 60) * 1000); // posts 900…1050
    const result = await collectMtprotoChannel(store, pool, "meduzalive", { recheckSince: since });
    expect(result.recheck).toEqual({ checked: 151, updated: 1, deleted: 2 });
    expect(fake.count("channels.getMessages")).toBe(2);

    const byId = new Map<number, { text: string; deletedAt?: Date; edited: boolean }>();
    for await (const m of store.iterMessages({ sources: ["meduzalive"] })) byId.set(m.messageId, m);
    expect(byId.size).toBe(1050);
    expect(byId.get(920)).toMatchObject({ text: "post 920 (исправлено)", edited: true });
    expect(byId.get(930)!.deletedAt).toBeInstanceOf(Date);
    expect(byId.get(1048)!.deletedAt).toBeInstanceOf(Date);
    expect(byId.get(1048)!.text).toBe("post 1048");
    expect(byId.get(10)!.deletedAt).toBeUndefined(); // outside the window
    const edits = await store.listMessageEdits({ sourceId: result.source.id, messageId: 920 });
    expect(edits.map((e) => e.text)).toEqual(["post 920"]);

    const again = await collectMtprotoChannel(store, pool, "meduzalive", { recheckSince: since });
    expect(again.recheck).toEqual({ checked: 149, updated: 0, deleted: 0 });
  });

  it("collects comments when asked, links each to its post, and keeps collecting them on later runs", async () => {
    await signInOnFake(accounts, fake, ALICE);
    fake.comment(NEWS, 1050, { message: "первый" });
    fake.comment(NEWS, 1050, { message: "второй" });
    for (let i = 0; i < 130; i++) fake.comment(NEWS, 700, { message: `комментарий ${i}` });
    const result = await collectMtprotoChannel(store, pool, "meduzalive", { comments: true });
    expect(result.comments).toEqual({ posts: 2, inserted: 132, updated: 0 });
    expect(fake.count("messages.getReplies")).toBe(3);

    const discussion = (await store.listSources()).find((s) => s.peerId === -1_001_500_000_001n)!;
    expect(discussion).toMatchObject({ kind: "supergroup", title: "Обсуждение", messageCount: 132 });
    const comments = [];
    for await (const m of store.iterMessages({ sources: [String(discussion.id)], order: "date_asc" })) comments.push(m);
    expect(comments.filter((c) => c.commentTo?.messageId === 1050).map((c) => c.text)).toEqual(["первый", "второй"]);
    expect(comments.filter((c) => c.commentTo?.messageId === 700)).toHaveLength(130);
    expect(comments.every((c) => c.commentTo?.peerId === NEWS_PEER && c.sender?.peerId === 5000n)).toBe(true);

    fake.comment(NEWS, 1050, { message: "третий" });
    const calls = fake.count("messages.getReplies");
    const again = await collectMtprotoChannel(store, pool, "meduzalive");
    expect(again.comments).toEqual({ posts: 1, inserted: 1, updated: 0 });
    expect(fake.count("messages.getReplies") - calls).toBe(1);

    const off = await collectMtprotoChannel(store, pool, "meduzalive", { comments: false });
    expect(off.comments).toBeUndefined();
    expect((await collectMtprotoChannel(store, pool, "meduzalive")).comments).toBeUndefined();
  });

  it("backfills id windows with every account at once and stores them in order, each account one call at a time", async () => {
    await signInOnFake(accounts, fake, ALICE);
    await signInOnFake(accounts, fake, BORIS);
    fake.latencyMs = 5;
    const inFlight = new Map<string, number>();
    let overlapped = false;
    const answer = fake.answer.bind(fake);
    fake.answer = async (account, request) => {
      inFlight.set(account, (inFlight.get(account) ?? 0) + 1);
      if (inFlight.get(account)! > 1) overlapped = true;
      try {
        return await answer(account, request);
      } finally {
        inFlight.set(account, inFlight.get(account)! - 1);
      }
    };
    const result = await collectMtprotoChannel(store, pool, "meduzalive");
    expect(result).toMatchObject({ inserted: 1050, complete: true });
    expect(await archivedIds()).toEqual(Array.from({ length: 1050 }, (_, i) => i + 1));
    expect(fake.count("messages.getHistory", ALICE)).toBeGreaterThanOrEqual(4);
    expect(fake.count("messages.getHistory", BORIS)).toBeGreaterThanOrEqual(4);
    expect(overlapped).toBe(false);
  });
});
