/**
 * The Telegram account endpoints of the REST API (`/api/accounts`) over a real SQLite store and
 * `TelegramAccounts` signing in against the FakeTelegram: sign-in step by step, bots, logout, removal,
 * error statuses, and no secret in any answer.
 */
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FastifyInstance, InjectOptions } from "fastify";
import { TelegramAccounts } from "../../src/accounts/index.js";
import { STATUS_BY_ERROR_CODE, buildApi, toHttpError } from "../../src/api/index.js";
import {
  AccountBannedError,
  AccountExistsError,
  AccountNotFoundError,
  AccountUnusableError,
  BotTokenInvalidError,
  FloodWaitError,
  PasswordInvalidError,
  PhoneCodeExpiredError,
  PhoneCodeInvalidError,
  PhoneNumberInvalidError,
  SessionRevokedError,
  SignInNotFoundError,
  TelegramRpcError,
  type TgscopeError,
} from "../../src/domain/index.js";
import { SecretBox, createLogger } from "../../src/lib/index.js";
import { openStore, type Store } from "../../src/store/index.js";
import { FAKE_API_ID, FakeTelegram } from "../../src/telegram/mtproto/testing/index.js";
import { tempDataDir } from "../support/cli.js";

/** Has 2FA. */
const ALICE = "+15550001111";
const ALICE_PASSWORD = "correct horse battery staple";
/** No 2FA. */
const BORIS = "+15550002222";
/** Banned by Telegram. */
const CAROL = "+15550003333";
const BOT_TOKEN = "7000000001:AAFakeTokenForTheFakeTelegram_0123456";
/** Distinctive, so its absence from answers means something (the fake accepts any hash). */
const API_HASH = "f00dfacef00dface0badc0de0badc0de";
const CREDENTIALS = { api_id: FAKE_API_ID, api_hash: API_HASH };

let store: Store;
let fake: FakeTelegram;
let box: SecretBox;
let accounts: TelegramAccounts;
let app: FastifyInstance;
/** The text of every answer of the test, checked for secrets after each test. */
let answered: string[];

beforeEach(async () => {
  store = await openStore({ databaseUrl: `sqlite:${path.join(tempDataDir(), "tgscope.db")}` });
  fake = new FakeTelegram();
  fake.auth.addUser({ phone: ALICE, userId: 1001, firstName: "Alice", username: "alice", password: ALICE_PASSWORD, passwordHint: "horse" });
  fake.auth.addUser({ phone: BORIS, userId: 1002, firstName: "Boris" });
  fake.auth.addUser({ phone: CAROL, userId: 1003, firstName: "Carol", banned: true });
  fake.auth.addBot({ token: BOT_TOKEN, userId: 7_000_000_001, username: "tgscope_test_bot" });
  box = new SecretBox(randomBytes(32));
  accounts = new TelegramAccounts({ store, secrets: () => box, connection: (label) => fake.connection(label), floodSleepThresholdSeconds: 2 });
  app = buildApi({ store, logger: createLogger("silent"), accounts, version: "test" });
  answered = [];
});

afterEach(async () => {
  for (const text of answered) {
    expect(text).not.toContain(API_HASH);
    expect(text).not.toContain(ALICE_PASSWORD);
    expect(text).not.toContain(BOT_TOKEN);
    expect(text).not.toContain("v1.");
  }
  await app.close();
  await accounts.close();
  await store.close();
});

interface Answer {
  status: number;
  body: Record<string, unknown>;
  text: string;
  headers: Record<string, unknown>;
}

async function call(method: InjectOptions["method"], url: string, payload?: unknown): Promise<Answer> {
  const response = await app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as InjectOptions["payload"] }) });
  answered.push(response.body);
  return { status: response.statusCode, body: response.json(), text: response.body, headers: response.headers };
}

/** Starts a sign-in and answers its `sign_in_id`. */
async function startSignIn(phone: string): Promise<string> {
  const started = await call("POST", "/api/accounts/sign-in", { phone, ...CREDENTIALS });
  expect(started).toMatchObject({ status: 201, body: { status: "code_sent" } });
  return started.body.sign_in_id as string;
}

/** Signs BORIS (no 2FA) in through the API; answers the account row. */
async function signInBoris(): Promise<Record<string, unknown>> {
  const id = await startSignIn(BORIS);
  const done = await call("POST", `/api/accounts/sign-in/${id}/code`, { code: fake.auth.codeFor(BORIS) });
  expect(done).toMatchObject({ status: 200, body: { status: "signed_in" } });
  return done.body.account as Record<string, unknown>;
}

const account = (ref: string | number): string => `/api/accounts/${encodeURIComponent(String(ref))}`;

describe("Telegram accounts over the REST API", () => {
  it("signs a user with two-step verification in: phone → code → password", async () => {
    const started = await call("POST", "/api/accounts/sign-in", { phone: ` ${ALICE} `, ...CREDENTIALS });
    expect(started).toMatchObject({ status: 201, body: { status: "code_sent", delivered_via: "app", code_length: 5 } });
    const id = started.body.sign_in_id as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    const code = fake.auth.codeFor(ALICE);
    const afterCode = await call("POST", `/api/accounts/sign-in/${id}/code`, { code });
    expect(afterCode).toMatchObject({ status: 200, body: { sign_in_id: id, status: "password_needed", password_hint: "horse" } });
    expect(afterCode.text).not.toContain(code);

    const wrong = await call("POST", `/api/accounts/sign-in/${id}/password`, { password: "wrong horse" });
    expect(wrong).toMatchObject({ status: 400, body: { error: { code: "password_invalid" } } });
    expect(wrong.text).not.toContain("wrong horse");

    const done = await call("POST", `/api/accounts/sign-in/${id}/password`, { password: ALICE_PASSWORD });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({
      status: "signed_in",
      account: {
        id: expect.any(Number),
        kind: "user",
        label: ALICE,
        username: "alice",
        telegram_user_id: "1001",
        state: "active",
        flood_wait_until: null,
        last_error: null,
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
      },
    });
    // the sign-in is over
    expect(await call("POST", `/api/accounts/sign-in/${id}/password`, { password: ALICE_PASSWORD })).toMatchObject({
      status: 404,
      body: { error: { code: "sign_in_not_found" } },
    });
    expect((await call("GET", "/api/accounts")).body.items).toEqual([done.body.account]);
  });

  it("lets a wrong code be entered again, and normalises the phone to +digits", async () => {
    const id = await startSignIn(BORIS.slice(1));
    const wrong = await call("POST", `/api/accounts/sign-in/${id}/code`, { code: "99999" });
    expect(wrong).toMatchObject({ status: 400, body: { error: { code: "phone_code_invalid", message: expect.stringMatching(/wrong/) } } });
    expect(wrong.text).not.toContain("99999");
    const done = await call("POST", `/api/accounts/sign-in/${id}/code`, { code: fake.auth.codeFor(BORIS) });
    expect(done).toMatchObject({ status: 200, body: { status: "signed_in", account: { label: BORIS, telegram_user_id: "1002", username: null } } });
  });

  it("ends a sign-in whose code expired: the next step answers 404 and nothing is stored", async () => {
    const id = await startSignIn(BORIS);
    fake.auth.expireCodes();
    expect(await call("POST", `/api/accounts/sign-in/${id}/code`, { code: fake.auth.codeFor(BORIS) })).toMatchObject({
      status: 400,
      body: { error: { code: "phone_code_expired" } },
    });
    expect(await call("POST", `/api/accounts/sign-in/${id}/code`, { code: fake.auth.codeFor(BORIS) })).toMatchObject({
      status: 404,
      body: { error: { code: "sign_in_not_found" } },
    });
    expect(await call("GET", "/api/accounts")).toMatchObject({ status: 200, body: { items: [] } });
  });

  it("answers 404 for a sign-in that was never started", async () => {
    expect(await call("POST", `/api/accounts/sign-in/${randomUUID()}/code`, { code: "12345" })).toMatchObject({
      status: 404,
      body: { error: { code: "sign_in_not_found" } },
    });
  });

  it.each([
    ["/api/accounts/sign-in", { phone: "12ab", ...CREDENTIALS }, "phone"],
    ["/api/accounts/sign-in", { phone: "+1555", ...CREDENTIALS }, "phone"],
    ["/api/accounts/sign-in", { phone: BORIS, api_id: -1, api_hash: API_HASH }, "api_id"],
    ["/api/accounts/sign-in", { phone: BORIS, api_id: "12345", api_hash: API_HASH }, "api_id"],
    ["/api/accounts/sign-in", { phone: BORIS, api_id: FAKE_API_ID, api_hash: "SECRET-not-hex-0123456789abcdef0" }, "api_hash"],
    ["/api/accounts/sign-in", { phone: BORIS, api_id: FAKE_API_ID }, "api_hash"],
    [`/api/accounts/sign-in/${randomUUID()}/code`, { code: "" }, "code"],
    [`/api/accounts/sign-in/${randomUUID()}/code`, { code: "12 34-5" }, "code"],
    [`/api/accounts/sign-in/${randomUUID()}/password`, { password: "" }, "password"],
    [`/api/accounts/sign-in/${randomUUID()}/password`, { password: "p".repeat(257) }, "password"],
    ["/api/accounts/bots", { token: "", ...CREDENTIALS }, "token"],
    ["/api/accounts/bots", { token: "SECRET token", ...CREDENTIALS }, "token"],
  ])("answers POST %s with an invalid body (%j) with 400 naming %s", async (url, body, field) => {
    const answer = await call("POST", url, body);
    expect(answer).toMatchObject({ status: 400, body: { error: { code: "invalid_request", message: expect.stringContaining(`${field}:`) } } });
    expect(answer.text).not.toContain("SECRET");
  });

  it("answers a missing or malformed JSON body with 400 without echoing it", async () => {
    expect(await call("POST", "/api/accounts/sign-in")).toMatchObject({ status: 400, body: { error: { code: "invalid_request" } } });
    const response = await app.inject({
      method: "POST",
      url: "/api/accounts/bots",
      headers: { "content-type": "application/json" },
      payload: `{"token": "${BOT_TOKEN}", "api_hash": "${API_HASH}"`,
    });
    answered.push(response.body);
    expect(response.statusCode).toBe(400);
  });

  it("adds a bot (201) and refuses a wrong token with 400 bot_token_invalid", async () => {
    const wrong = await call("POST", "/api/accounts/bots", { token: "123:nope", ...CREDENTIALS });
    expect(wrong).toMatchObject({ status: 400, body: { error: { code: "bot_token_invalid" } } });
    expect(wrong.text).not.toContain("123:nope");
    const added = await call("POST", "/api/accounts/bots", { token: BOT_TOKEN, ...CREDENTIALS });
    expect(added).toMatchObject({
      status: 201,
      body: { account: { kind: "bot", label: "@tgscope_test_bot", username: "tgscope_test_bot", telegram_user_id: "7000000001", state: "active" } },
    });
  });

  it("lists accounts without any session, API hash or sealed value", async () => {
    await signInBoris();
    await call("POST", "/api/accounts/bots", { token: BOT_TOKEN, ...CREDENTIALS });
    const list = await call("GET", "/api/accounts");
    expect(list.status).toBe(200);
    const items = list.body.items as Record<string, unknown>[];
    expect(items.map((a) => [a.kind, a.label])).toEqual([
      ["user", BORIS],
      ["bot", "@tgscope_test_bot"],
    ]);
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(["created_at", "flood_wait_until", "id", "kind", "label", "last_error", "state", "telegram_user_id", "username"]);
    }
    for (const stored of await store.listAccounts()) {
      const session = box.openText(stored.sessionSealed!, `${stored.label}:session`);
      expect(session.length).toBeGreaterThan(20);
      expect(list.text).not.toContain(session);
      expect(list.text).not.toContain(stored.sessionSealed);
      expect(list.text).not.toContain(stored.apiHashSealed);
    }
    expect(list.text).not.toContain(API_HASH);
    expect(list.text).not.toContain("v1.");
  });

  it("logs an account out (Telegram forgets the session) and lists it as logged_out", async () => {
    const boris = await signInBoris();
    const out = await call("POST", `${account(BORIS)}/logout`, undefined);
    expect(out).toMatchObject({ status: 200, body: { account: { id: boris.id, label: BORIS, state: "logged_out" } } });
    expect(fake.count("auth.logOut", BORIS)).toBe(1);
    expect((await call("GET", "/api/accounts")).body.items).toMatchObject([{ id: boris.id, state: "logged_out" }]);
    // a logged-out account may sign in again; it replaces the old row
    const again = await signInBoris();
    expect((await call("GET", "/api/accounts")).body.items).toMatchObject([{ id: again.id, label: BORIS, state: "active" }]);
  });

  it("deletes an account by id, then answers 404 for it", async () => {
    const boris = await signInBoris();
    expect(await call("DELETE", account(boris.id as number))).toMatchObject({ status: 200, body: { account: { id: boris.id, label: BORIS, state: "active" } } });
    expect(await call("GET", "/api/accounts")).toMatchObject({ status: 200, body: { items: [] } });
    expect(await call("DELETE", account(boris.id as number))).toMatchObject({ status: 404, body: { error: { code: "account_not_found" } } });
  });

  it("answers 404 account_not_found for an unknown account", async () => {
    expect(await call("POST", `${account("+19990000000")}/logout`)).toMatchObject({ status: 404, body: { error: { code: "account_not_found" } } });
    expect(await call("DELETE", account("@nobody_bot"))).toMatchObject({ status: 404, body: { error: { code: "account_not_found" } } });
    expect(await call("DELETE", account(4242))).toMatchObject({ status: 404, body: { error: { code: "account_not_found" } } });
  });

  it("answers 409 account_exists for an account that is already added", async () => {
    await signInBoris();
    for (const phone of [BORIS, BORIS.slice(1)]) {
      expect(await call("POST", "/api/accounts/sign-in", { phone, ...CREDENTIALS })).toMatchObject({ status: 409, body: { error: { code: "account_exists" } } });
    }
    expect((await call("POST", "/api/accounts/bots", { token: BOT_TOKEN, ...CREDENTIALS })).status).toBe(201);
    expect(await call("POST", "/api/accounts/bots", { token: BOT_TOKEN, ...CREDENTIALS })).toMatchObject({ status: 409, body: { error: { code: "account_exists" } } });
  });

  it("answers 403 account_banned for a number Telegram banned", async () => {
    expect(await call("POST", "/api/accounts/sign-in", { phone: CAROL, ...CREDENTIALS })).toMatchObject({ status: 403, body: { error: { code: "account_banned" } } });
  });

  it("answers 429 flood_wait with retry-after when Telegram asks to wait before sending a code", async () => {
    fake.failNext({ method: "auth.sendCode", errorMessage: "FLOOD_WAIT_300" });
    const answer = await call("POST", "/api/accounts/sign-in", { phone: BORIS, ...CREDENTIALS });
    expect(answer).toMatchObject({ status: 429, body: { error: { code: "flood_wait" } } });
    expect(answer.headers["retry-after"]).toBe("300");
  });
});

describe("toHttpError for account errors", () => {
  it.each<[TgscopeError, number]>([
    [new AccountNotFoundError("x"), 404],
    [new SignInNotFoundError("x"), 404],
    [new AccountExistsError("+15550001111"), 409],
    [new AccountUnusableError("+15550001111", "logged_out"), 409],
    [new SessionRevokedError("SESSION_REVOKED"), 409],
    [new AccountBannedError("USER_DEACTIVATED_BAN"), 403],
    [new FloodWaitError("auth.sendCode", 60), 429],
    [new PhoneNumberInvalidError(), 400],
    [new PhoneCodeInvalidError(), 400],
    [new PhoneCodeExpiredError(), 400],
    [new PasswordInvalidError(), 400],
    [new BotTokenInvalidError(), 400],
    [new TelegramRpcError("auth.sendCode", 500, "INTERNAL"), 503],
  ])("maps %s to %i", (error, status) => {
    expect(toHttpError(error)).toMatchObject({ status, body: { error: { code: error.code, message: error.message } } });
    if (STATUS_BY_ERROR_CODE[error.code] !== undefined) expect(STATUS_BY_ERROR_CODE[error.code]).toBe(status);
  });
});
