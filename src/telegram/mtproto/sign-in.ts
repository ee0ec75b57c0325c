/**
 * Signing a Telegram account in, one step per call (the CLI and the REST API drive it step by step):
 * {@link sendLoginCode}, then {@link signInWithCode}, then {@link signInWithPassword} when the account
 * has two-step verification; or {@link signInBot} for a bot token. Each step runs on a client opened by
 * `openTelegramClient` without a session, kept open between the steps (Telegram ties the login code to
 * that connection's auth key). The phone code, the password and the token never appear in errors or logs.
 */
import { SentCode, tl, type TelegramClient, type User } from "@mtcute/node";
import {
  BotTokenInvalidError,
  PasswordInvalidError,
  PhoneCodeExpiredError,
  PhoneCodeInvalidError,
  PhoneNumberInvalidError,
} from "../../domain/index.js";
import { translateAccountError, translateRpcError } from "./rpc-errors.js";

/** What Telegram answered to `auth.sendCode`. */
export interface LoginCodeSent {
  /** Identifies this code in {@link signInWithCode} (`phone_code_hash`). */
  phoneCodeHash: string;
  /** Number of digits of the code, when Telegram says (absent for flash calls). */
  codeLength?: number;
  /** Where the code went: `app` (another Telegram session), `sms`, `call`, `flash_call`, `email`, `fragment` … */
  deliveredVia: string;
  /** Seconds before another code may be requested by the next delivery method, when Telegram says. */
  timeoutSeconds?: number;
}

/** The account a session belongs to. */
export interface SignedInUser {
  /** Telegram user id. */
  userId: bigint;
  /** Primary username, without `@`. */
  username?: string;
  /** First and last name (a bot's name). */
  name: string;
  isBot: boolean;
}

/**
 * Outcome of a sign-in step: signed in (with the session string to store: a secret, never logged), or
 * the account has two-step verification and {@link signInWithPassword} comes next.
 */
export type SignInResult =
  | { status: "signed_in"; self: SignedInUser; session: string }
  | { status: "password_needed"; passwordHint?: string };

/** A completed sign-in. */
export type SignedIn = Extract<SignInResult, { status: "signed_in" }>;

/** The step {@link signInWithCode} takes. */
export interface PhoneCodeLogin {
  /** The phone number given to {@link sendLoginCode}. */
  phone: string;
  /** From {@link LoginCodeSent.phoneCodeHash}. */
  phoneCodeHash: string;
  /** The code the user received. */
  code: string;
}

/**
 * Step 1 for a user account: asks Telegram to send a login code (`auth.sendCode`).
 *
 * @param phone - international form, e.g. `+15550001111` (spaces, dashes and parentheses are ignored)
 * @throws {PhoneNumberInvalidError} when the number is malformed (`PHONE_NUMBER_INVALID`)
 * @throws {AccountBannedError} when Telegram banned the number (`PHONE_NUMBER_BANNED`)
 * @throws {FloodWaitError} when Telegram asks to wait before sending another code
 * @throws {TelegramRpcError} for any other refusal
 */
export async function sendLoginCode(client: TelegramClient, phone: string): Promise<LoginCodeSent> {
  const sent = await signInStep("auth.sendCode", () => client.sendCode({ phone: checkPhone(phone) }));
  if (!(sent instanceof SentCode)) {
    // Only with future auth tokens, which tgscope does not pass: Telegram signed in without a code.
    throw new Error("Telegram signed the account in without a login code; tgscope does not support this, sign in again");
  }
  const result: LoginCodeSent = { phoneCodeHash: sent.phoneCodeHash, deliveredVia: sent.type };
  if (sent.length > 0) result.codeLength = sent.length;
  if (sent.raw.timeout !== undefined) result.timeoutSeconds = sent.raw.timeout;
  return result;
}

/**
 * Step 2 for a user account: signs in with the code Telegram sent (`auth.signIn`).
 *
 * @returns `signed_in` with the session string, or `password_needed` (with the password hint from
 *   `account.getPassword`) when the account has two-step verification
 * @throws {PhoneCodeInvalidError} when the code is wrong
 * @throws {PhoneCodeExpiredError} when the code expired or belongs to another connection: send a new one
 * @throws {PhoneNumberInvalidError} when no Telegram account uses the number (`PHONE_NUMBER_UNOCCUPIED`)
 * @throws {AccountBannedError} when Telegram banned the number
 */
export async function signInWithCode(client: TelegramClient, login: PhoneCodeLogin): Promise<SignInResult> {
  const phone = checkPhone(login.phone);
  try {
    const user = await client.signIn({ phone, phoneCodeHash: login.phoneCodeHash, phoneCode: login.code });
    return await signedIn(client, user);
  } catch (error) {
    if (!tl.RpcError.is(error, "SESSION_PASSWORD_NEEDED")) throw translateSignInError(error, "auth.signIn");
  }
  const hint = await signInStep("account.getPassword", () => client.getPasswordHint());
  return hint ? { status: "password_needed", passwordHint: hint } : { status: "password_needed" };
}

/**
 * Step 3 for an account with two-step verification: checks the cloud password (`account.getPassword`,
 * then `auth.checkPassword` with SRP: the password itself never leaves the client).
 *
 * @throws {PasswordInvalidError} when the password is wrong
 */
export async function signInWithPassword(client: TelegramClient, password: string): Promise<SignedIn> {
  const user = await signInStep("auth.checkPassword", () => client.checkPassword(password));
  return signedIn(client, user);
}

/**
 * Signs a bot in with its token from @BotFather (`auth.importBotAuthorization`).
 *
 * @throws {BotTokenInvalidError} when Telegram does not know the token (or it was revoked)
 */
export async function signInBot(client: TelegramClient, token: string): Promise<SignedIn> {
  const user = await signInStep("auth.importBotAuthorization", () => client.signInBot(token));
  return signedIn(client, user);
}

/**
 * Terminates the account's Telegram session (`auth.logOut`); its session string stops working. A session
 * that is already logged out or was terminated elsewhere (`AUTH_KEY_UNREGISTERED`) counts as done.
 *
 * @throws {AccountBannedError} when Telegram banned the account
 */
export async function logOut(client: TelegramClient): Promise<void> {
  try {
    await client.logOut();
  } catch (error) {
    if (tl.RpcError.is(error, "AUTH_KEY_UNREGISTERED")) return;
    throw translateSignInError(error, "auth.logOut");
  }
}

/** Sign-in errors, then account errors, then the generic RPC translation (flood waits, the rest). */
function translateSignInError(error: unknown, method: string): unknown {
  if (!tl.RpcError.is(error)) return error;
  const options = { cause: error };
  switch (error.text) {
    case "PHONE_NUMBER_INVALID":
      return new PhoneNumberInvalidError("malformed", options);
    case "PHONE_NUMBER_UNOCCUPIED":
      return new PhoneNumberInvalidError("unoccupied", options);
    case "PHONE_CODE_INVALID":
    case "PHONE_CODE_EMPTY":
      return new PhoneCodeInvalidError(options);
    case "PHONE_CODE_EXPIRED":
    case "PHONE_CODE_HASH_EMPTY":
      return new PhoneCodeExpiredError(options);
    case "PASSWORD_HASH_INVALID":
      return new PasswordInvalidError(options);
    case "ACCESS_TOKEN_INVALID":
    case "ACCESS_TOKEN_EXPIRED":
      return new BotTokenInvalidError(options);
  }
  const account = translateAccountError(error);
  return account === error ? translateRpcError(error, method, "this account") : account;
}

async function signInStep<T>(method: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw translateSignInError(error, method);
  }
}

/** The number as mtcute sends it, refusing what is not a phone number before any call. */
function checkPhone(phone: string): string {
  const trimmed = phone.trim().replace(/[()\s.-]/g, "");
  if (!/^\+?\d+$/.test(trimmed)) throw new PhoneNumberInvalidError("malformed");
  return trimmed;
}

async function signedIn(client: TelegramClient, user: User): Promise<SignedIn> {
  const self: SignedInUser = { userId: BigInt(user.id), name: user.displayName, isBot: user.isBot === true };
  if (user.username) self.username = user.username;
  return { status: "signed_in", self, session: await client.exportSession() };
}

