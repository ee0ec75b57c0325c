import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AccountPool, TelegramAccounts } from "../accounts/index.js";
import { openStore, type Store } from "../store/index.js";
import { buildMessage, buildSource } from "../store/testing/index.js";
import { FakeTelegram, type FakePost } from "../telegram/mtproto/testing/index.js";
import { collectMtprotoChannel, discoverAndCollect, linkedChannel, listReferencedChannels, type ChannelCollector, type DiscoveryEvent } from "./index.js";
import { fakeAccounts, signInOnFake } from "../../test/support/accounts.js";

const ALICE = "+15550001111";
const SEED = 2001;
const ALPHA = 2002;
const BRAVO = 2003;
const CHARLIE = 2004;
const DELTA = 2005;
const ECHO = 2006;
const CLOSED = 2007;
/** A channel the fake does not know: its forwards carry only the peer id. */
const UNSEEN = 2999;

let store: Store;
let fake: FakeTelegram;
let accounts: TelegramAccounts;
let pool: AccountPool;
let closeAccounts: () => Promise<void>;

const forwardFrom = (channelId: number, post: number): FakePost => ({
  fwdFrom: { _: "messageFwdHeader", fromId: { _: "peerChannel", channelId }, date: 1_690_000_000, channelPost: post },
});
const times = (n: number, post: (i: number) => FakePost) => (channelId: number) => {
  for (let i = 1; i <= n; i++) fake.post(channelId, post(i));
};

beforeEach(async () => {
  store = await openStore({ databaseUrl: `sqlite:${path.join(mkdtempSync(path.join(tmpdir(), "tgscope-discovery-")), "t.db")}` });
  fake = new FakeTelegram();
  fake.auth.addUser({ phone: ALICE, userId: 1001, firstName: "Alice" });
  fake.addChannel({ id: SEED, username: "seed_news", title: "Seed" });
  fake.addChannel({ id: ALPHA, username: "Alpha_News", title: "Alpha" });
  fake.addChannel({ id: BRAVO, username: "bravo_news", title: "Bravo" });
  fake.addChannel({ id: CHARLIE, username: "charlie_news", title: "Charlie" });
  fake.addChannel({ id: DELTA, username: "delta_news", title: "Delta" });
  fake.addChannel({ id: ECHO, username: "echo_news", title: "Echo" });
  fake.addChannel({ id: CLOSED, username: "closed_club", title: "Closed", private: true });
  times(5, (i) => forwardFrom(ALPHA, i))(SEED);
  times(1, () => forwardFrom(BRAVO, 7))(SEED);
  times(4, (i) => ({ message: `read @charlie_news today, and @charlie_news again (${i})` }))(SEED);
  times(3, (i) => ({ message: `details: https://t.me/s/delta_news/${i} and t.me/delta_news/${i + 10}` }))(SEED);
  times(1, () => ({ message: "join us: https://t.me/+AbCdEfGh12345678" }))(SEED);
  times(3, () => ({ message: "ask @ghost_channel" }))(SEED);
  times(3, () => ({ message: "members only: https://t.me/closed_club" }))(SEED);
  times(3, (i) => forwardFrom(UNSEEN, i))(SEED);
  times(2, () => ({ message: "we are @seed_news: https://t.me/addstickers/x https://t.me/c/1234/5 https://t.me/share/url?url=x https://t.me/proxy?server=a" }))(SEED);
  times(3, (i) => forwardFrom(ECHO, i))(ALPHA);
  times(3, () => ({ message: "thanks @seed_news" }))(ALPHA);
  times(2, (i) => ({ message: `charlie ${i}` }))(CHARLIE);
  times(2, (i) => ({ message: `delta ${i}` }))(DELTA);
  times(2, (i) => ({ message: `echo ${i}` }))(ECHO);
  ({ accounts, pool, close: closeAccounts } = fakeAccounts(store, fake));
});

afterEach(async () => {
  await closeAccounts();
  await store.close();
});

const viaMtproto: ChannelCollector = (ref) => collectMtprotoChannel(store, pool, ref);

describe("listReferencedChannels", () => {
  it("counts forwards, mentions and t.me links per message, leaves out the source, private ids and service links, and lists invite links apart", async () => {
    await signInOnFake(accounts, fake, ALICE);
    const { source } = await collectMtprotoChannel(store, pool, "seed_news");
    const found = await listReferencedChannels(store, { sourceIds: [source.id] });
    expect(found).toMatchObject({ sourcesScanned: 1, messagesScanned: 25 });
    expect(found.channels).toEqual([
      { ref: "@Alpha_News", username: "Alpha_News", peerId: -1_000_000_002_002n, forwards: 5, mentions: 0, links: 0, total: 5, sources: 1 },
      { ref: "@charlie_news", username: "charlie_news", forwards: 0, mentions: 4, links: 0, total: 4, sources: 1 },
      { ref: "-1000000002999", peerId: -1_000_000_002_999n, forwards: 3, mentions: 0, links: 0, total: 3, sources: 1 },
      { ref: "@closed_club", username: "closed_club", forwards: 0, mentions: 0, links: 3, total: 3, sources: 1 },
      { ref: "@delta_news", username: "delta_news", forwards: 0, mentions: 0, links: 3, total: 3, sources: 1 },
      { ref: "@ghost_channel", username: "ghost_channel", forwards: 0, mentions: 3, links: 0, total: 3, sources: 1 },
      { ref: "@bravo_news", username: "bravo_news", peerId: -1_000_000_002_003n, forwards: 1, mentions: 0, links: 0, total: 1, sources: 1 },
    ]);
    expect(found.privateLinks).toEqual([{ link: "t.me/+AbCdEfGh12345678", reason: expect.stringMatching(/private invite link/), count: 1, sources: 1 }]);
    expect((await listReferencedChannels(store, { minRefs: 4 })).channels.map((c) => c.ref)).toEqual(["@Alpha_News", "@charlie_news"]);
  });

  it("merges forwards seen with and without username, counts distinct sources, and excludes every scanned source by username or peer id", async () => {
    const save = async (username: string, peerId: bigint | undefined, messages: Parameters<typeof buildMessage>[0][]) => {
      const source = await store.upsertSource(buildSource({ username, title: username, peerId }), "mtproto");
      await store.saveBatch({ sourceId: source.id, messages: messages.map((m, i) => buildMessage({ messageId: i + 1, ...m })), via: "mtproto" });
      return source.id;
    };
    const ORIGIN = -1_000_000_004_242n;
    const one = await save("One_Feed", -1_000_000_000_001n, [
      { forward: { fromPeerId: ORIGIN } },
      { forward: { fromPeerId: ORIGIN, fromUsername: "Origin_Chan" } },
      { forward: { fromPeerId: -1_000_000_000_002n } },
      { forward: { fromPeerId: 777n, fromName: "a user" } },
      { text: "see @two_feed and https://two_feed.t.me/5" },
    ]);
    const two = await save("two_feed", -1_000_000_000_002n, [
      { forward: { fromPeerId: ORIGIN } },
      { text: "by @one_feed, here", entities: [{ type: "text_link", offset: 17, length: 4, url: "tg://resolve?domain=origin_chan" }] },
    ]);
    const all = await listReferencedChannels(store);
    expect(all.channels).toEqual([
      { ref: "@Origin_Chan", username: "Origin_Chan", peerId: ORIGIN, forwards: 3, mentions: 0, links: 1, total: 4, sources: 2 },
    ]);
    expect((await listReferencedChannels(store, { sourceIds: [one] })).channels.map((c) => [c.ref, c.total])).toEqual([
      ["@two_feed", 3],
      ["@Origin_Chan", 2],
    ]);
    expect((await listReferencedChannels(store, { sourceIds: [two] })).channels.map((c) => [c.ref, c.total])).toEqual([
      [String(ORIGIN), 1],
      ["@one_feed", 1],
      ["@origin_chan", 1],
    ]);
  });

  it("tells channel links from invite links and Telegram's service pages", () => {
    expect(linkedChannel("https://t.me/s/durov/12")).toEqual({ kind: "username", username: "durov" });
    expect(linkedChannel("t.me/durov?start=x")).toEqual({ kind: "username", username: "durov" });
    expect(linkedChannel("https://telegram.me/Durov/12/34")).toEqual({ kind: "username", username: "Durov" });
    expect(linkedChannel("https://t.me/joinchat/AAAAAEaBcD")).toEqual({ kind: "invite", link: "t.me/+AAAAAEaBcD" });
    expect(linkedChannel("tg://join?invite=XyZ123abc")).toEqual({ kind: "invite", link: "t.me/+XyZ123abc" });
    for (const url of ["https://t.me/+15551234567", "https://t.me/addstickers/x", "https://t.me/share/url?url=x", "https://t.me/proxy?server=a", "https://t.me/iv?url=x", "https://t.me/c/1234/5", "https://t.me/addlist/abc", "https://example.com/durov", "durov", "https://t.me/s/"]) {
      expect(linkedChannel(url), url).toBeUndefined();
    }
  });
});

describe("discoverAndCollect", () => {
  it("collects, level by level, the channels referenced at least minRefs times, and records those it cannot collect with the reason", async () => {
    await signInOnFake(accounts, fake, ALICE);
    const events: DiscoveryEvent[] = [];
    const result = await discoverAndCollect(store, viaMtproto, ["https://t.me/s/seed_news"], { depth: 2, minRefs: 3, onEvent: (e) => events.push(e) });
    expect(result.interrupted).toBe(false);
    expect(result.levels.map((l) => ({ depth: l.depth, collected: l.collected.map((c) => c.source.username), alreadyArchived: l.alreadyArchived }))).toEqual([
      { depth: 0, collected: ["seed_news"], alreadyArchived: [] },
      { depth: 1, collected: ["Alpha_News", "charlie_news", "delta_news"], alreadyArchived: [] },
      { depth: 2, collected: ["echo_news"], alreadyArchived: ["@seed_news"] },
    ]);
    expect(result.levels[1]!.collected[0]!.references).toMatchObject({ forwards: 5, total: 5 });
    expect(result.levels[1]!.skipped.map(({ ref, code, reason }) => ({ ref, code, reason }))).toEqual([
      { ref: "-1000000002999", code: "channel_private", reason: expect.stringMatching(/never seen it/) },
      { ref: "@closed_club", code: "channel_private", reason: expect.stringMatching(/is private/) },
      { ref: "@ghost_channel", code: "username_not_occupied", reason: "@ghost_channel does not exist on Telegram; check the spelling of the username" },
    ]);
    expect(result.levels[2]!.skipped).toEqual([]);
    expect((await store.listSources()).map((s) => s.username).sort()).toEqual(["Alpha_News", "charlie_news", "delta_news", "echo_news", "seed_news"]);
    expect(await store.findSource("bravo_news")).toBeUndefined();
    expect(events.map((e) => (e.type === "level_start" ? `start ${e.depth}: ${e.candidates.map((c) => c.ref).join(" ")}` : e.type === "level_done" ? `done ${e.level.depth}` : `${e.type} ${e.channel.ref}`))).toEqual([
      "collected https://t.me/s/seed_news",
      "done 0",
      "start 1: @Alpha_News @charlie_news -1000000002999 @closed_club @delta_news @ghost_channel",
      "collected @Alpha_News",
      "collected @charlie_news",
      "skipped -1000000002999",
      "skipped @closed_club",
      "collected @delta_news",
      "skipped @ghost_channel",
      "done 1",
      "start 2: @echo_news",
      "collected @echo_news",
      "done 2",
    ]);
  });

  it("goes on after any error, does not retry within a crawl, and collects only the seeds at depth 0", async () => {
    await signInOnFake(accounts, fake, ALICE);
    const failing: ChannelCollector = async (ref, context) => {
      if (ref === "@charlie_news") throw new Error("disk full\nstack");
      return viaMtproto(ref, context);
    };
    const only = await discoverAndCollect(store, failing, ["seed_news", "no_such_seed"], { depth: 0 });
    expect(only.levels.map((l) => [l.collected.map((c) => c.ref), l.skipped.map((s) => s.code)])).toEqual([[["seed_news"], ["username_not_occupied"]]]);
    const result = await discoverAndCollect(store, failing, ["seed_news"], { depth: 2, minRefs: 3 });
    expect(result.levels[1]!.collected.map((c) => c.ref)).toEqual(["@Alpha_News", "@delta_news"]);
    expect(result.levels[1]!.skipped).toContainEqual(expect.objectContaining({ ref: "@charlie_news", code: "unexpected", reason: "unexpected failure: disk full" }));
    expect(result.levels[2]!.collected.map((c) => c.ref)).toEqual(["@echo_news"]);
  });

  it("stops when the signal fires, saying it was interrupted", async () => {
    await signInOnFake(accounts, fake, ALICE);
    const controller = new AbortController();
    const stopping: ChannelCollector = async (ref, context) => {
      const collected = await viaMtproto(ref, context);
      if (ref === "@Alpha_News") controller.abort(new Error("interrupted"));
      return collected;
    };
    const result = await discoverAndCollect(store, stopping, ["seed_news"], { depth: 2, signal: controller.signal });
    expect(result.interrupted).toBe(true);
    expect(result.levels.map((l) => l.collected.map((c) => c.ref))).toEqual([["seed_news"], ["@Alpha_News"]]);
  });
});
