/**
 * Snowball discovery through the CLI: `collect --discover-depth` and `discover`, with `tgscope`
 * processes reaching a FakeTelegram held by this test through the loopback relay.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAKE_API_HASH, FAKE_API_ID, FakeTelegram, startFakeTelegramRelay, type FakeTelegramRelay } from "../../src/telegram/mtproto/testing/index.js";
import { cliEnv, exportAll, runTgscope, runTgscopeAnswering, tempDataDir } from "../support/cli.js";

const ALICE = "+15550001111";
const SEED = 3001;
const ALPHA = 3002;
const BRAVO = 3003;
let fake: FakeTelegram;
let relay: FakeTelegramRelay;

beforeAll(async () => {
  fake = new FakeTelegram();
  fake.auth.addUser({ phone: ALICE, userId: 1001, firstName: "Alice" });
  fake.addChannel({ id: SEED, username: "seed_news", title: "Seed" });
  fake.addChannel({ id: ALPHA, username: "alpha_news", title: "Alpha" });
  fake.addChannel({ id: BRAVO, username: "bravo_news", title: "Bravo" });
  for (let i = 1; i <= 4; i++) fake.post(SEED, { fwdFrom: { _: "messageFwdHeader", fromId: { _: "peerChannel", channelId: ALPHA }, date: 1_690_000_000, channelPost: i } });
  for (let i = 1; i <= 3; i++) fake.post(SEED, { message: `ask @ghost_channel or https://t.me/+InviteHash${i}` });
  fake.post(SEED, { message: "see https://t.me/s/bravo_news/1" });
  for (let i = 1; i <= 5; i++) fake.post(ALPHA, { message: `alpha ${i}: more on @bravo_news` });
  for (let i = 1; i <= 2; i++) fake.post(BRAVO, { message: `bravo ${i}` });
  relay = await startFakeTelegramRelay(fake);
});
afterAll(() => relay?.close());

const envFor = (dataDir: string) =>
  cliEnv({ TGSCOPE_DATA_DIR: dataDir, TGSCOPE_MTPROTO_RELAY_URL: relay.url, TGSCOPE_API_ID: String(FAKE_API_ID), TGSCOPE_API_HASH: FAKE_API_HASH });

async function addAlice(env: NodeJS.ProcessEnv): Promise<void> {
  const run = await runTgscopeAnswering(["accounts", "add", "--phone", ALICE], env, [[/Login code/, fake.auth.codeFor(ALICE)]]);
  expect(run.code).toBe(0);
}

const jsonLines = (stdout: string) => stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe("tgscope collect --discover-depth and tgscope discover", () => {
  it("collects the seed and the channels it refers to often enough, reports skips with reasons, and lists references", async () => {
    const env = envFor(tempDataDir());
    await addAlice(env);

    const run = await runTgscope(["collect", "seed_news", "--via", "mtproto", "--discover-depth", "1"], env);
    expect(run.code).toBe(0);
    // Progress lines aside: the summary of each channel and the discovery steps.
    const lines = run.stderr.trim().split("\n").filter((l) => /^(@\S+: \d+ new|discovery)/.test(l));
    expect(lines).toEqual([
      expect.stringMatching(/^@seed_news: 8 new/),
      "discovery depth 1: channels referenced at least 3 times by the 1 source(s) of depth 0: collecting @alpha_news (4), @ghost_channel (3)",
      expect.stringMatching(/^@alpha_news: 5 new/),
      "discovery depth 1: skipped @ghost_channel: @ghost_channel does not exist on Telegram; check the spelling of the username",
      "discovery depth 1: added @alpha_news; skipped @ghost_channel (username_not_occupied)",
    ]);
    expect(new Set((await exportAll(env)).map((r) => r.source))).toEqual(new Set(["seed_news", "alpha_news"]));

    const all = await runTgscope(["discover", "--json"], env);
    expect(all.code).toBe(0);
    expect(jsonLines(all.stdout)).toEqual([
      { ref: "@bravo_news", username: "bravo_news", peer_id: null, forwards: 0, mentions: 5, links: 1, total: 6, sources: 2 },
      { ref: "@ghost_channel", username: "ghost_channel", peer_id: null, forwards: 0, mentions: 3, links: 0, total: 3, sources: 1 },
    ]);
    expect(all.stderr).toMatch(/^2 channel\(s\) referenced at least 1 time\(s\) in 13 message\(s\) of 2 source\(s\)\n3 private invite link\(s\) not listed/);

    const fromSeed = await runTgscope(["discover", "--source", "@seed_news", "--min-refs", "2", "--json"], env);
    expect(jsonLines(fromSeed.stdout)).toEqual([
      { ref: "@alpha_news", username: "alpha_news", peer_id: String(-1_000_000_000_000n - BigInt(ALPHA)), forwards: 4, mentions: 0, links: 0, total: 4, sources: 1 },
      { ref: "@ghost_channel", username: "ghost_channel", peer_id: null, forwards: 0, mentions: 3, links: 0, total: 3, sources: 1 },
    ]);

    const table = await runTgscope(["discover", "--min-refs", "4"], env);
    expect(table.stdout).toBe("channel      total  forwards  mentions  links  sources\n@bravo_news  6      0         5         1      2\n");

    const unknown = await runTgscope(["discover", "--source", "nobody_here"], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("keeps the exit code of the seeds, and checks the discovery flags", async () => {
    const env = envFor(tempDataDir());
    await addAlice(env);
    const missing = await runTgscope(["collect", "no_such_seed", "--via", "mtproto", "--discover-depth", "2"], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/@no_such_seed does not exist/);
    expect(missing.stderr).not.toMatch(/discovery depth 1/);
    for (const flags of [["--discover-depth", "-1"], ["--discover-depth", "x"], ["--discover-min-refs", "0"]]) {
      const bad = await runTgscope(["collect", "seed_news", "--via", "mtproto", ...flags], env);
      expect(bad.code, flags.join(" ")).toBe(2);
      expect(bad.stderr).toMatch(/--discover-/);
    }
  });
});
