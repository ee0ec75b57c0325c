/**
 * MTProto through the CLI: `tgscope` processes reach a FakeTelegram held by this test through the
 * loopback relay (`TGSCOPE_MTPROTO_RELAY_URL`), so sign-in, collection and kills run as a user runs them.
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/index.js";
import { FAKE_API_HASH, FAKE_API_ID, FakeTelegram, startFakeTelegramRelay, type FakeTelegramRelay } from "../../src/telegram/mtproto/testing/index.js";
import { cliEnv, exportAll, runTgscope, runTgscopeAnswering, spawnTgscope, tempDataDir } from "../support/cli.js";

const ALICE = "+15550001111";
const BORIS = "+15550002222";
const NEWS = 1_036_240_821;
let fake: FakeTelegram;
let relay: FakeTelegramRelay;

beforeAll(async () => {
  fake = new FakeTelegram();
  relay = await startFakeTelegramRelay(fake);
});
afterAll(() => relay?.close());

beforeEach(() => {
  fake.calls.length = 0;
  fake.latencyMs = 0;
});

function newTelegram(posts: number): void {
  fake.auth.addUser({ phone: ALICE, userId: 1001, firstName: "Alice", username: "alice_osint" });
  fake.auth.addUser({ phone: BORIS, userId: 1002, firstName: "Boris", password: "correct horse", passwordHint: "horse" });
  fake.addChannel({ id: NEWS, username: "meduzalive", title: "Медуза — LIVE", about: "Новости", participantsCount: 1_200_000 });
  for (let i = 1; i <= posts; i++) fake.post(NEWS, { message: `пост ${i}`, views: i });
}

const envFor = (dataDir: string) =>
  cliEnv({ TGSCOPE_DATA_DIR: dataDir, TGSCOPE_MTPROTO_RELAY_URL: relay.url, TGSCOPE_API_ID: String(FAKE_API_ID), TGSCOPE_API_HASH: FAKE_API_HASH });

/** `accounts add` for a user without 2FA, typing the code the fake sent. */
async function addAlice(env: NodeJS.ProcessEnv): Promise<void> {
  const run = await runTgscopeAnswering(["accounts", "add", "--phone", ALICE], env, [[/Login code/, fake.auth.codeFor(ALICE)]]);
  expect(run.stderr).toMatch(/added user account #\d+ \+15550001111/);
  expect(run.code).toBe(0);
}

async function listAccounts(env: NodeJS.ProcessEnv): Promise<Record<string, unknown>[]> {
  const run = await runTgscope(["accounts", "list", "--json"], env);
  expect(run.code).toBe(0);
  return run.stdout.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe("tgscope accounts and collect --via mtproto", () => {
  it("signs in with the code and the 2FA password typed at the terminal, and keeps the secrets encrypted", async () => {
    newTelegram(10);
    const dataDir = tempDataDir();
    const env = envFor(dataDir);
    const run = await runTgscopeAnswering(["accounts", "add", "--phone", BORIS], env, [
      [/Login code/, "00000"],
      [/Login code/, fake.auth.codeFor(BORIS)],
      [/password \(hint: horse\)/, "wrong horse"],
      [/password \(hint: horse\)/, "correct horse"],
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/the login code is wrong.*try again/);
    expect(run.stderr).toMatch(/password is wrong.*try again/);
    expect(run.stderr).not.toMatch(/correct horse|00000/);
    expect(await listAccounts(env)).toMatchObject([{ kind: "user", label: BORIS, state: "active", telegram_user_id: "1002", last_error: null }]);

    expect(statSync(path.join(dataDir, "master.key")).mode & 0o777).toBe(0o600);
    const store = await openStore({ databaseUrl: `sqlite:${path.join(dataDir, "tgscope.db")}` });
    const [stored] = await store.listAccounts();
    await store.close();
    expect(stored!.sessionSealed).toMatch(/^v1\./);
    expect(`${stored!.apiHashSealed} ${stored!.sessionSealed}`).not.toContain(FAKE_API_HASH);
  });

  it("refuses an invalid phone and a duplicate with one line and exit 2, storing nothing", async () => {
    newTelegram(10);
    const env = envFor(tempDataDir());
    const invalid = await runTgscope(["accounts", "add", "--phone", "+12"], env);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr.trim().split("\n")).toHaveLength(1);
    expect(await listAccounts(env)).toEqual([]);
    await addAlice(env);
    const again = await runTgscope(["accounts", "add", "--phone", ALICE], env);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
  });

  it("collects a channel; a second collect makes no contacts.resolveUsername; logout ends the session", async () => {
    newTelegram(450);
    const env = envFor(tempDataDir());
    await addAlice(env);
    const first = await runTgscope(["collect", "meduzalive", "--via", "mtproto"], env);
    expect(first.stderr).toMatch(/@meduzalive: 450 new/);
    expect(first.code).toBe(0);
    expect(await exportAll(env)).toHaveLength(450);
    expect(fake.count("contacts.resolveUsername")).toBe(1);

    fake.post(NEWS, { message: "свежий" });
    const second = await runTgscope(["collect", "https://t.me/s/meduzalive", "--via", "mtproto"], env);
    expect(second.stderr).toMatch(/@meduzalive: 1 new/);
    expect(fake.count("contacts.resolveUsername")).toBe(1);

    expect((await runTgscope(["accounts", "logout", ALICE], env)).code).toBe(0);
    expect(await listAccounts(env)).toMatchObject([{ label: ALICE, state: "logged_out" }]);
    const after = await runTgscope(["collect", "meduzalive", "--via", "mtproto"], env);
    expect(after.code).toBe(2);
    expect(after.stderr).toMatch(/tgscope accounts add/);
  });

  it("takes --min-id, --comments and --recheck-days, and refuses the MTProto-only ones with --via web", async () => {
    newTelegram(300);
    const env = envFor(tempDataDir());
    await addAlice(env);
    const limited = await runTgscope(["collect", "meduzalive", "--via", "mtproto", "--min-id", "201"], env);
    expect(limited.stderr).toMatch(/@meduzalive: 100 new/);
    expect((await exportAll(env)).map((r) => r.message_id as number).sort((a, b) => a - b)[0]).toBe(201);

    fake.addChannel({ id: 1_500_000_001, title: "Обсуждение", kind: "supergroup", linkedChatId: NEWS });
    fake.linkDiscussion(NEWS, 1_500_000_001);
    fake.comment(NEWS, 300, { message: "комментарий" });
    const withComments = await runTgscope(["collect", "meduzalive", "--via", "mtproto", "--comments", "--recheck-days", "0"], env);
    expect(withComments.code).toBe(0);
    expect(withComments.stderr).toMatch(/comments: 1 new, 0 updated on 1 posts/);
    const comment = (await exportAll(env)).find((r) => r.text === "комментарий");
    expect(comment).toMatchObject({ comment_to_peer_id: "-1001036240821", comment_to_message_id: 300 });

    const web = await runTgscope(["collect", "meduzalive", "--comments"], env);
    expect(web.code).toBe(2);
    expect(web.stderr).toMatch(/--comments.*--via mtproto/);
  });

  it("downloads media with --media and --media-max-size into the data dir, named by SHA-256, once per content", async () => {
    newTelegram(3);
    const dataDir = tempDataDir();
    const env = envFor(dataDir);
    await addAlice(env);
    const clip = fake.files.add(new Uint8Array(300_000).fill(3));
    const picture = fake.files.add(new Uint8Array(50_000).fill(9));
    const samePicture = fake.files.add(new Uint8Array(50_000).fill(9));
    fake.post(NEWS, { message: "клип", media: fake.files.document(clip, { mimeType: "video/mp4", fileName: "clip.mp4", video: true }) });
    fake.post(NEWS, { message: "фото", media: fake.files.photo(picture) });
    fake.post(NEWS, { message: "то же фото", media: fake.files.photo(samePicture) });
    const run = await runTgscope(["collect", "meduzalive", "--via", "mtproto", "--media", "photo,video", "--media-max-size", "100K"], env);
    expect(run.stderr).toMatch(/media: 1 downloaded, 1 already stored, 0 gone/);
    expect(run.code).toBe(0);
    const sha = createHash("sha256").update(new Uint8Array(50_000).fill(9)).digest("hex");
    expect(readFileSync(path.join(dataDir, "media", sha.slice(0, 2), `${sha}.jpg`)).length).toBe(50_000);
    const bad = await runTgscope(["collect", "meduzalive", "--via", "mtproto", "--media", "films"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a media kind/);
  });

  it("ends with the same archive as an uninterrupted run when killed with SIGKILL and started again", { timeout: 600_000 }, async () => {
    newTelegram(1500);
    fake.latencyMs = 15;
    const reference = envFor(tempDataDir());
    await addAlice(reference);
    expect((await runTgscope(["collect", "meduzalive", "--via", "mtproto"], reference)).code).toBe(0);

    const killed = envFor(tempDataDir());
    await addAlice(killed);
    let kills = 0;
    for (let attempt = 0; attempt < 40; attempt++) {
      const before = fake.count("messages.getHistory");
      const child = spawnTgscope(["collect", "meduzalive", "--via", "mtproto"], killed);
      const killAfter = 2 + (attempt % 3);
      const timer = setInterval(() => {
        if (fake.count("messages.getHistory") - before >= killAfter) {
          clearInterval(timer);
          setTimeout(() => child.kill("SIGKILL"), (attempt * 7) % 20);
        }
      }, 2);
      const run = await child.done;
      clearInterval(timer);
      if (run.signal === "SIGKILL") {
        kills++;
        continue;
      }
      expect(run.code).toBe(0);
      break;
    }
    expect(kills).toBeGreaterThan(2);
    const content = (rows: Record<string, unknown>[]) => rows.map(({ collected_at: _c, ...rest }) => rest);
    expect(content(await exportAll(killed))).toEqual(content(await exportAll(reference)));
  });
});
