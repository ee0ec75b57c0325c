import type { TelegramClient } from "@mtcute/node";
import { afterEach, describe, expect, it } from "vitest";
import {
  AccountBannedError,
  BotTokenInvalidError,
  PasswordInvalidError,
  PhoneCodeExpiredError,
  PhoneCodeInvalidError,
  PhoneNumberInvalidError,
  SessionRevokedError,
} from "../../domain/index.js";
import { logOut, openTelegramClient, sendLoginCode, signInBot, signInWithCode, signInWithPassword, translateAccountError } from "./index.js";
import { FAKE_API_HASH, FAKE_API_ID, FakeTelegram } from "./testing/index.js";

const ALICE = "+15550001111";
const BORIS = "+15550002222";
const BOT_TOKEN = "7000000001:AAFakeTokenForTheFakeTelegram_0123456";
const opened: TelegramClient[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((client) => client.destroy()));
});

function telegram(): FakeTelegram {
  const fake = new FakeTelegram();
  fake.auth.addUser({ phone: ALICE, userId: 1001, firstName: "Alice", username: "alice_osint" });
  fake.auth.addUser({ phone: BORIS, userId: 1002, firstName: "Boris", password: "correct horse", passwordHint: "horse" });
  fake.auth.addUser({ phone: "+15550003333", userId: 1003, firstName: "Banned", banned: true });
  fake.auth.addBot({ token: BOT_TOKEN, userId: 7_000_000_001, username: "tgscope_test_bot" });
  return fake;
}

async function open(fake: FakeTelegram, account: string, session?: string): Promise<TelegramClient> {
  const client = await openTelegramClient({ apiId: FAKE_API_ID, apiHash: FAKE_API_HASH, connection: fake.connection(account), ...(session === undefined ? {} : { session }) });
  opened.push(client);
  return client;
}

/** Signs `phone` in on a fresh client of `account` with the code the fake sent. */
async function signInUser(fake: FakeTelegram, account: string, phone: string) {
  const client = await open(fake, account);
  const sent = await sendLoginCode(client, phone);
  return { client, result: await signInWithCode(client, { phone, phoneCodeHash: sent.phoneCodeHash, code: fake.auth.codeFor(phone) }) };
}

/** What the promise rejects with, after translateAccountError. */
async function accountError(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail("expected the call to be refused"),
    (error: unknown) => translateAccountError(error),
  );
}

describe("signing in on the fake Telegram", () => {
  it("signs a user in with the code, and the exported session works in a new client", async () => {
    const fake = telegram();
    const client = await open(fake, "alice");
    const sent = await sendLoginCode(client, ALICE);
    expect(sent).toMatchObject({ codeLength: 5, deliveredVia: "app", timeoutSeconds: 60 });
    expect(sent.phoneCodeHash).not.toBe("");

    const result = await signInWithCode(client, { phone: ALICE, phoneCodeHash: sent.phoneCodeHash, code: fake.auth.codeFor(ALICE) });
    expect(result).toMatchObject({ status: "signed_in", self: { userId: 1001n, username: "alice_osint", name: "Alice", isBot: false } });
    if (result.status !== "signed_in") return;
    expect(result.session.length).toBeGreaterThan(100);

    const again = await open(fake, "alice", result.session);
    const me = await again.getMe();
    expect({ id: me.id, isSelf: me.isSelf, username: me.username }).toEqual({ id: 1001, isSelf: true, username: "alice_osint" });
  });

  it("asks for the 2FA password, then signs in with the right one (SRP checked by the fake)", async () => {
    const fake = telegram();
    const { client, result } = await signInUser(fake, "boris", BORIS);
    expect(result).toEqual({ status: "password_needed", passwordHint: "horse" });
    await expect(client.getMe()).rejects.toMatchObject({ text: "SESSION_PASSWORD_NEEDED" });

    const signed = await signInWithPassword(client, "correct horse");
    expect(signed.self).toEqual({ userId: 1002n, name: "Boris", isBot: false });
    expect((await (await open(fake, "boris", signed.session)).getMe()).id).toBe(1002);
  });

  it("refuses a wrong 2FA password with PasswordInvalidError, and accepts the right one afterwards", async () => {
    const fake = telegram();
    const { client } = await signInUser(fake, "boris", BORIS);
    const error = await signInWithPassword(client, "wrong horse").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PasswordInvalidError);
    expect(String((error as Error).message)).not.toContain("horse");
    await expect(signInWithPassword(client, "correct horse")).resolves.toMatchObject({ status: "signed_in" });
  });

  it("refuses a wrong code with PhoneCodeInvalidError and an expired one with PhoneCodeExpiredError", async () => {
    const fake = telegram();
    fake.auth.setCode(ALICE, "24680");
    const client = await open(fake, "alice");
    const sent = await sendLoginCode(client, ALICE);
    const wrong = await signInWithCode(client, { phone: ALICE, phoneCodeHash: sent.phoneCodeHash, code: "13579" }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(PhoneCodeInvalidError);
    expect((wrong as Error).message).not.toContain("13579");

    fake.auth.expireCodes();
    await expect(signInWithCode(client, { phone: ALICE, phoneCodeHash: sent.phoneCodeHash, code: "24680" })).rejects.toBeInstanceOf(PhoneCodeExpiredError);

    const fresh = await sendLoginCode(client, ALICE);
    await expect(signInWithCode(client, { phone: ALICE, phoneCodeHash: fresh.phoneCodeHash, code: "24680" })).resolves.toMatchObject({ status: "signed_in" });
  });

  it("refuses invalid and unknown phone numbers with PhoneNumberInvalidError", async () => {
    const fake = telegram();
    const client = await open(fake, "alice");
    await expect(sendLoginCode(client, "+123")).rejects.toBeInstanceOf(PhoneNumberInvalidError); // answered by the fake
    await expect(sendLoginCode(client, "call me")).rejects.toBeInstanceOf(PhoneNumberInvalidError); // refused before any call
    expect(fake.count("auth.sendCode")).toBe(1);

    const stranger = "+15559990000";
    const sent = await sendLoginCode(client, stranger);
    const error = await signInWithCode(client, { phone: stranger, phoneCodeHash: sent.phoneCodeHash, code: fake.auth.codeFor(stranger) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "phone_number_invalid", reason: "unoccupied" });
  });

  it("refuses a banned phone number with AccountBannedError", async () => {
    const client = await open(telegram(), "alice");
    await expect(sendLoginCode(client, "+15550003333")).rejects.toBeInstanceOf(AccountBannedError);
  });

  it("signs a bot in with its token, and refuses an unknown token with BotTokenInvalidError", async () => {
    const fake = telegram();
    const signed = await signInBot(await open(fake, "bot"), BOT_TOKEN);
    expect(signed.self).toEqual({ userId: 7_000_000_001n, username: "tgscope_test_bot", name: "tgscope_test_bot", isBot: true });
    expect((await (await open(fake, "bot", signed.session)).getMe()).isBot).toBe(true);

    const error = await signInBot(await open(fake, "other-bot"), "7000000001:AAWrongToken").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BotTokenInvalidError);
    expect((error as Error).message).not.toContain("AAWrongToken");
  });

  it("logs out: the session stops working (SessionRevokedError), a second logOut is a no-op", async () => {
    const fake = telegram();
    const { client, result } = await signInUser(fake, "alice", ALICE);
    if (result.status !== "signed_in") return expect.fail("not signed in");
    await logOut(client);
    expect(fake.count("auth.logOut", "alice")).toBe(1);

    const reopened = await open(fake, "alice", result.session);
    expect(await accountError(reopened.getMe())).toMatchObject({ code: "session_revoked", errorMessage: "AUTH_KEY_UNREGISTERED" });
    await expect(logOut(reopened)).resolves.toBeUndefined();
    expect(fake.auth.refusal("alice", "messages.getHistory")).toMatchObject({ errorCode: 401, errorMessage: "AUTH_KEY_UNREGISTERED" });
  });

  it("refuses a session terminated from another device with SessionRevokedError", async () => {
    const fake = telegram();
    const { client } = await signInUser(fake, "alice", ALICE);
    fake.auth.revoke("alice");
    expect(await accountError(client.getMe())).toBeInstanceOf(SessionRevokedError);
    expect(fake.auth.refusal("alice", "channels.getFullChannel")).toMatchObject({ errorCode: 401, errorMessage: "SESSION_REVOKED" });
  });

  it("refuses every call of a user banned after signing in with AccountBannedError", async () => {
    const fake = telegram();
    const { client } = await signInUser(fake, "alice", ALICE);
    fake.auth.ban(ALICE);
    expect(await accountError(client.getMe())).toBeInstanceOf(AccountBannedError);
    expect(fake.auth.refusal("alice", "contacts.resolveUsername")).toMatchObject({ errorCode: 401, errorMessage: "USER_DEACTIVATED_BAN" });
  });

  it("leaves accounts that never signed in through the flow alone", async () => {
    const fake = telegram();
    await signInUser(fake, "alice", ALICE);
    fake.auth.ban(ALICE);
    expect(fake.auth.refusal("session-account", "messages.getHistory")).toBeUndefined();
    expect(fake.auth.refusal("alice", "auth.sendCode")).toBeUndefined();
  });

  it("passes errors that are not about the account through translateAccountError unchanged", () => {
    const error = new Error("socket closed");
    expect(translateAccountError(error)).toBe(error);
  });
});
