import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AccountUnusableError, BotTokenInvalidError, PhoneCodeExpiredError, SignInNotFoundError } from "../domain/index.js";
import { openStore, type Store } from "../store/index.js";
import { FAKE_API_HASH, FAKE_API_ID, FakeTelegram } from "../telegram/mtproto/testing/index.js";
import type { AccountPool, TelegramAccounts } from "./index.js";
import { fakeAccounts, signInOnFake } from "../../test/support/accounts.js";

const ALICE = "+15550001111";
const BORIS = "+15550002222";
const BOT_TOKEN = "7000000001:AAFakeTokenForTheFakeTelegram_0123456";
const CREDENTIALS = { apiId: FAKE_API_ID, apiHash: FAKE_API_HASH };

let store: Store;
let fake: FakeTelegram;
let accounts: TelegramAccounts;
let pool: AccountPool;
let closeAccounts: () => Promise<void>;

beforeEach(async () => {
  store = await openStore({ databaseUrl: `sqlite:${path.join(mkdtempSync(path.join(tmpdir(), "tgscope-accounts-")), "t.db")}` });
  fake = new FakeTelegram();
  fake.auth.addUser({ phone: ALICE, userId: 1001, firstName: "Alice" });
  fake.auth.addUser({ phone: BORIS, userId: 1002, firstName: "Boris" });
  fake.auth.addBot({ token: BOT_TOKEN, userId: 7_000_000_001, username: "tgscope_test_bot" });
  ({ accounts, pool, close: closeAccounts } = fakeAccounts(store, fake));
});

afterEach(async () => {
  await closeAccounts();
  await store.close();
});

describe("TelegramAccounts", () => {
  it("ends a sign-in whose code expired, and stores nothing for it", async () => {
    const sent = await accounts.startSignIn(ALICE, CREDENTIALS);
    if (sent.status !== "code_sent") throw new Error("expected a code");
    fake.auth.expireCodes();
    await expect(accounts.submitCode(sent.signInId, fake.auth.codeFor(ALICE))).rejects.toBeInstanceOf(PhoneCodeExpiredError);
    await expect(accounts.submitCode(sent.signInId, fake.auth.codeFor(ALICE))).rejects.toBeInstanceOf(SignInNotFoundError);
    expect(await accounts.list()).toEqual([]);
  });

  it("adds a bot by token under its @username, and refuses a wrong token", async () => {
    await expect(accounts.addBot("123:nope", CREDENTIALS)).rejects.toBeInstanceOf(BotTokenInvalidError);
    const bot = await accounts.addBot(BOT_TOKEN, CREDENTIALS);
    expect(bot).toMatchObject({ kind: "bot", label: "@tgscope_test_bot", state: "active", telegramUserId: 7_000_000_001n });
  });

  it("logs out: Telegram forgets the session, the account is listed logged out and can no longer be opened", async () => {
    const id = await signInOnFake(accounts, fake, ALICE);
    const out = await accounts.logout(ALICE);
    expect(out).toMatchObject({ id, state: "logged_out" });
    expect(fake.count("auth.logOut", ALICE)).toBe(1);
    await expect(accounts.open((await store.findAccount(id))!)).rejects.toBeInstanceOf(AccountUnusableError);
    // signing in again replaces the logged-out account
    await signInOnFake(accounts, fake, ALICE);
    expect((await accounts.list()).map((a) => [a.label, a.state])).toEqual([[ALICE, "active"]]);
  });

  it("marks an account whose session was revoked elsewhere, and the pool goes on with another", async () => {
    const alice = await signInOnFake(accounts, fake, ALICE);
    await signInOnFake(accounts, fake, BORIS);
    fake.addChannel({ id: 42, username: "some_channel", title: "Some" });
    fake.auth.revoke(ALICE);
    const used: string[] = [];
    for (let i = 0; i < 2; i++) {
      await pool.withAccount(async (lease) => {
        used.push(lease.label);
        await lease.throttle("contacts.resolveUsername");
        return lease.channels.resolveUsername("some_channel");
      });
    }
    expect(used).toEqual([ALICE, BORIS, BORIS]);
    const revoked = (await store.findAccount(alice))!;
    expect(revoked).toMatchObject({ state: "logged_out", lastError: "session_revoked" });
    expect(revoked.sessionSealed).toBeUndefined();
  });

  it("stores phones in one form, and logs out an account whose session was already ended elsewhere", async () => {
    const id = await signInOnFake(accounts, fake, "1 555 000-1111");
    expect(await accounts.list()).toMatchObject([{ id, label: ALICE }]);
    fake.auth.revoke(ALICE);
    expect(await accounts.logout(ALICE)).toMatchObject({ id, state: "logged_out" });
  });

  it("retries a call Telegram did not answer in time, with backoff, through the pool", async () => {
    const waits: number[] = [];
    const quick = fakeAccounts(store, fake, { callTimeoutMs: 100, sleep: async (ms) => void waits.push(ms) });
    await signInOnFake(quick.accounts, fake, ALICE);
    fake.addChannel({ id: 42, username: "some_channel", title: "Some" });
    try {
      fake.latencyMs = 300;
      const answer = fake.answer.bind(fake);
      fake.answer = async (account, request) => {
        const result = answer(account, request);
        fake.latencyMs = 0; // only the first call is slow
        return result;
      };
      const resolved = await quick.pool.withAccount((lease) => lease.channels.resolveUsername("some_channel"));
      expect(resolved.access.channelId).toBe(42);
      expect(waits).toEqual([1000]);
      expect(fake.count("contacts.resolveUsername")).toBe(2);
    } finally {
      await quick.close();
    }
  });
});
