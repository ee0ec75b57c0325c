/**
 * The sign-in part of {@link FakeTelegram}: phone codes, two-step verification, bot tokens, log out.
 *
 * Sign-in state is kept per connection account key (the `account` every handler receives), as Telegram
 * keeps it per auth key. A key that never signed in through these methods (a `fake.session()` key)
 * is left alone; a key that logged out or was revoked, or is signed in as a banned user, is refused with
 * the 401 Telegram answers — {@link FakeAuth.refusal} tells which, for any method.
 */
import { createHash, pbkdf2Sync, randomBytes } from "node:crypto";
import { Long, type tl } from "@mtcute/node";
import { FakeRpcError, type FakeHandler } from "./fake-rpc.js";

/** A user account that can sign in with a phone code. */
export interface FakeUserInit {
  /** International form, e.g. `+15550001111`. */
  phone: string;
  userId: number;
  firstName: string;
  username?: string;
  /** Two-step verification (cloud) password; absent: none. */
  password?: string;
  /** Hint shown for the password. */
  passwordHint?: string;
  /** Banned by Telegram: `auth.sendCode` answers `PHONE_NUMBER_BANNED`. */
  banned?: boolean;
}

/** A bot that can sign in with its token. */
export interface FakeBotInit {
  /** Bot API token, e.g. `123456:AAE…`. */
  token: string;
  userId: number;
  username: string;
}

/** The code every phone gets unless {@link FakeAuth.setCode} changed it. */
export const FAKE_LOGIN_CODE = "12345";

/**
 * Telegram's 2048-bit safe prime for two-step verification (https://core.telegram.org/api/srp; the same
 * `p` mtcute's password tests use) and its generator `g = 3`.
 */
const SRP_P_HEX =
  "c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4dbfa336f6e0ac925139543aed44cce7c37" +
  "20fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f642477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4" +
  "a4a695811051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4" +
  "e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3b92fcc5b";
const SRP_P = BigInt(`0x${SRP_P_HEX}`);
const SRP_G = 3;

/** Methods an unauthorised (logged out, revoked, awaiting 2FA) key may still call: the sign-in flow. */
const SIGN_IN_METHODS = new Set([
  "auth.sendCode",
  "auth.resendCode",
  "auth.cancelCode",
  "auth.signIn",
  "auth.checkPassword",
  "account.getPassword",
  "auth.importBotAuthorization",
]);

interface FakeUser extends FakeUserInit {
  /** Server side of SRP: salts and verifier `v = g^x mod p`. */
  srp?: { salt1: Uint8Array; salt2: Uint8Array; v: bigint };
}

interface PendingCode {
  phone: string;
  code: string;
  expired: boolean;
}

/** Where one account key stands. */
type KeyState =
  | { state: "awaiting_password"; userId: number; challenges: Map<string, { b: bigint; B: Uint8Array }> }
  | { state: "signed_in"; userId: number }
  | { state: "logged_out" }
  | { state: "revoked" };

/** Accounts that can sign in to the fake, and their sign-in state. */
export class FakeAuth {
  readonly #users = new Map<number, FakeUser>();
  readonly #bots = new Map<string, FakeBotInit & { bot: true }>();
  readonly #codes = new Map<string, string>();
  /** Codes sent, per account key then `phone_code_hash`. */
  readonly #pending = new Map<string, Map<string, PendingCode>>();
  readonly #keys = new Map<string, KeyState>();
  #nextHash = 1;

  /** Adds a user account (the password, if any, is stored as an SRP verifier, as Telegram does). */
  addUser(init: FakeUserInit): void {
    const user: FakeUser = { ...init, phone: digits(init.phone) };
    if (init.password !== undefined) {
      const salt1 = randomBytes(40);
      const salt2 = randomBytes(16);
      user.srp = { salt1, salt2, v: modPow(BigInt(SRP_G), toBigInt(passwordHash(init.password, salt1, salt2)), SRP_P) };
    }
    this.#users.set(init.userId, user);
  }

  /** Adds a bot that signs in with `auth.importBotAuthorization`. */
  addBot(init: FakeBotInit): void {
    this.#bots.set(init.token, { ...init, bot: true });
  }

  /** The login code `auth.sendCode` sends to `phone` ({@link FAKE_LOGIN_CODE} unless changed). */
  codeFor(phone: string): string {
    return this.#codes.get(digits(phone)) ?? FAKE_LOGIN_CODE;
  }

  /** Changes the code sent to `phone` from the next `auth.sendCode` on. */
  setCode(phone: string, code: string): void {
    this.#codes.set(digits(phone), code);
  }

  /** Makes every code sent so far expired: `auth.signIn` answers `PHONE_CODE_EXPIRED` until a new `auth.sendCode`. */
  expireCodes(): void {
    for (const codes of this.#pending.values()) for (const pending of codes.values()) pending.expired = true;
  }

  /** Terminates the session of `account` from another device: its calls answer 401 `SESSION_REVOKED`. */
  revoke(account: string): void {
    this.#keys.set(account, { state: "revoked" });
  }

  /** Bans the user with this phone: `auth.sendCode` answers `PHONE_NUMBER_BANNED`, its signed-in keys 401 `USER_DEACTIVATED_BAN`. */
  ban(phone: string): void {
    const user = this.#userByPhone(digits(phone));
    if (!user) throw new Error("fake: no user with this phone");
    user.banned = true;
  }

  /** The user id `account` is signed in as through the sign-in flow (undefined otherwise). */
  signedInAs(account: string): number | undefined {
    const key = this.#keys.get(account);
    return key?.state === "signed_in" ? key.userId : undefined;
  }

  /**
   * The 401 error Telegram answers to `method` called by `account`, if any: `AUTH_KEY_UNREGISTERED` after
   * `auth.logOut`, `SESSION_REVOKED` after {@link revoke}, `USER_DEACTIVATED_BAN` for a banned user,
   * `SESSION_PASSWORD_NEEDED` between the code and the password (but `auth.logOut`). The sign-in methods themselves are
   * never refused (a signed-out key may sign in again), nor is any call of a key that never signed in
   * through the flow. {@link FakeTelegram.answer} asks this before answering any method.
   */
  refusal(account: string, method: string): FakeRpcError | undefined {
    const key = this.#keys.get(account);
    if (key === undefined || SIGN_IN_METHODS.has(method)) return undefined;
    switch (key.state) {
      case "logged_out":
        return new FakeRpcError(401, "AUTH_KEY_UNREGISTERED");
      case "revoked":
        return new FakeRpcError(401, "SESSION_REVOKED");
      case "awaiting_password":
        return method === "auth.logOut" ? undefined : new FakeRpcError(401, "SESSION_PASSWORD_NEEDED");
      case "signed_in":
        return this.#users.get(key.userId)?.banned ? new FakeRpcError(401, "USER_DEACTIVATED_BAN") : undefined;
    }
  }

  /** MTProto methods this part answers (each refused as {@link refusal} says). */
  handlers(): Record<string, FakeHandler> {
    const handlers: Record<string, (request: never, account: string) => object> = {
      "auth.sendCode": (request: tl.auth.RawSendCodeRequest, account) => this.#sendCode(request, account),
      "auth.signIn": (request: tl.auth.RawSignInRequest, account) => this.#signIn(request, account),
      "account.getPassword": (_request: tl.account.RawGetPasswordRequest, account) => this.#getPassword(account),
      "auth.checkPassword": (request: tl.auth.RawCheckPasswordRequest, account) => this.#checkPassword(request, account),
      "auth.importBotAuthorization": (request: tl.auth.RawImportBotAuthorizationRequest, account) => this.#importBot(request, account),
      "auth.logOut": (_request: tl.auth.RawLogOutRequest, account) => this.#logOut(account),
      "users.getUsers": (request: tl.users.RawGetUsersRequest, account) => this.#getUsers(request, account),
      "users.getFullUser": (request: tl.users.RawGetFullUserRequest, account) => this.#getFullUser(request, account),
    };
    return Object.fromEntries(
      Object.entries(handlers).map(([method, handler]) => [
        method,
        (request: never, account: string) => {
          const refused = this.refusal(account, method);
          if (refused) throw refused;
          return handler(request, account);
        },
      ]),
    );
  }

  #sendCode(request: tl.auth.RawSendCodeRequest, account: string): tl.auth.RawSentCode {
    const phone = digits(request.phoneNumber);
    if (!/^\d{7,15}$/.test(phone)) throw new FakeRpcError(400, "PHONE_NUMBER_INVALID");
    if (this.#userByPhone(phone)?.banned) throw new FakeRpcError(400, "PHONE_NUMBER_BANNED");
    const phoneCodeHash = `fake${(this.#nextHash++).toString(16).padStart(12, "0")}`;
    let codes = this.#pending.get(account);
    if (!codes) this.#pending.set(account, (codes = new Map()));
    codes.set(phoneCodeHash, { phone, code: this.codeFor(phone), expired: false });
    return {
      _: "auth.sentCode",
      type: { _: "auth.sentCodeTypeApp", length: this.codeFor(phone).length },
      phoneCodeHash,
      nextType: { _: "auth.codeTypeSms" },
      timeout: 60,
    };
  }

  #signIn(request: tl.auth.RawSignInRequest, account: string): tl.auth.RawAuthorization {
    const phone = digits(request.phoneNumber);
    const codes = this.#pending.get(account);
    const pending = codes?.get(request.phoneCodeHash);
    if (!pending || pending.phone !== phone || pending.expired) throw new FakeRpcError(400, "PHONE_CODE_EXPIRED");
    if (!request.phoneCode) throw new FakeRpcError(400, "PHONE_CODE_EMPTY");
    if (request.phoneCode !== pending.code) throw new FakeRpcError(400, "PHONE_CODE_INVALID");
    codes!.delete(request.phoneCodeHash);
    const user = this.#userByPhone(phone);
    if (!user) throw new FakeRpcError(400, "PHONE_NUMBER_UNOCCUPIED");
    if (user.banned) throw new FakeRpcError(400, "PHONE_NUMBER_BANNED");
    if (user.srp) {
      this.#keys.set(account, { state: "awaiting_password", userId: user.userId, challenges: new Map() });
      throw new FakeRpcError(401, "SESSION_PASSWORD_NEEDED");
    }
    return this.#authorize(account, user.userId);
  }

  /** `account.password`: with a fresh SRP challenge (`srp_B`, `srp_id`) while a password is awaited. */
  #getPassword(account: string): tl.account.RawPassword {
    const answer: tl.account.RawPassword = {
      _: "account.password",
      newAlgo: { _: "passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow", salt1: randomBytes(8), salt2: randomBytes(16), g: SRP_G, p: toBytes(SRP_P) },
      newSecureAlgo: { _: "securePasswordKdfAlgoPBKDF2HMACSHA512iter100000", salt: randomBytes(8) },
      secureRandom: randomBytes(32),
    };
    const key = this.#keys.get(account);
    const userId = key?.state === "awaiting_password" || key?.state === "signed_in" ? key.userId : undefined;
    const user = userId === undefined ? undefined : this.#users.get(userId);
    if (!user?.srp) return answer;
    answer.hasPassword = true;
    answer.currentAlgo = { _: "passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow", salt1: user.srp.salt1, salt2: user.srp.salt2, g: SRP_G, p: toBytes(SRP_P) };
    if (user.passwordHint !== undefined) answer.hint = user.passwordHint;
    if (key?.state === "awaiting_password") {
      // B = k·v + g^b mod p, with k = H(p | g)
      const b = toBigInt(randomBytes(256));
      const k = toBigInt(sha256(toBytes(SRP_P), toBytes(BigInt(SRP_G))));
      const B = toBytes((k * user.srp.v + modPow(BigInt(SRP_G), b, SRP_P)) % SRP_P);
      const srpId = randomBytes(8).readBigInt64BE();
      key.challenges.set(srpId.toString(), { b, B });
      answer.srpB = B;
      answer.srpId = Long.fromString(srpId.toString());
    }
    return answer;
  }

  /** Verifies the client's `inputCheckPasswordSRP` (A, M1) as the server does. */
  #checkPassword(request: tl.auth.RawCheckPasswordRequest, account: string): tl.auth.RawAuthorization {
    const key = this.#keys.get(account);
    if (key?.state !== "awaiting_password") throw new FakeRpcError(400, "PASSWORD_HASH_INVALID");
    const srp = this.#users.get(key.userId)?.srp;
    if (!srp || request.password._ !== "inputCheckPasswordSRP") throw new FakeRpcError(400, "PASSWORD_HASH_INVALID");
    const challenge = key.challenges.get(request.password.srpId.toString());
    if (!challenge) throw new FakeRpcError(400, "SRP_ID_INVALID");
    key.challenges.delete(request.password.srpId.toString());
    const A = toBigInt(request.password.A);
    if (A <= 1n || A >= SRP_P - 1n) throw new FakeRpcError(400, "SRP_A_INVALID");
    const bytesA = toBytes(A);
    const bytesP = toBytes(SRP_P);
    const u = toBigInt(sha256(bytesA, challenge.B));
    // S = (A · v^u)^b mod p; K = H(S); M1 = H(H(p) xor H(g) | H(salt1) | H(salt2) | A | B | K)
    const S = modPow((A * modPow(srp.v, u, SRP_P)) % SRP_P, challenge.b, SRP_P);
    const K = sha256(toBytes(S));
    const hashP = sha256(bytesP);
    const hashG = sha256(toBytes(BigInt(SRP_G)));
    const expected = sha256(hashP.map((byte, i) => byte ^ hashG[i]!), sha256(srp.salt1), sha256(srp.salt2), bytesA, challenge.B, K);
    if (!Buffer.from(expected).equals(Buffer.from(request.password.M1))) throw new FakeRpcError(400, "PASSWORD_HASH_INVALID");
    return this.#authorize(account, key.userId);
  }

  #importBot(request: tl.auth.RawImportBotAuthorizationRequest, account: string): tl.auth.RawAuthorization {
    const bot = this.#bots.get(request.botAuthToken);
    if (!bot) throw new FakeRpcError(400, "ACCESS_TOKEN_INVALID");
    return this.#authorize(account, bot.userId);
  }

  #logOut(account: string): tl.auth.RawLoggedOut {
    this.#keys.set(account, { state: "logged_out" });
    this.#pending.delete(account);
    return { _: "auth.loggedOut" };
  }

  #getUsers(request: tl.users.RawGetUsersRequest, account: string): tl.TypeUser[] {
    return request.id.flatMap((input) => {
      const userId = this.#inputUserId(input, account);
      return userId === undefined ? [] : (this.#user(userId, account) ?? []);
    });
  }

  #getFullUser(request: tl.users.RawGetFullUserRequest, account: string): tl.users.RawUserFull {
    const userId = this.#inputUserId(request.id, account);
    const user = userId === undefined ? undefined : this.#user(userId, account);
    if (!user) throw new FakeRpcError(400, "USER_ID_INVALID");
    return {
      _: "users.userFull",
      fullUser: { _: "userFull", id: user.id, settings: { _: "peerSettings" }, notifySettings: { _: "peerNotifySettings" }, commonChatsCount: 0 },
      chats: [],
      users: [user],
    };
  }

  #authorize(account: string, userId: number): tl.auth.RawAuthorization {
    this.#keys.set(account, { state: "signed_in", userId });
    return { _: "auth.authorization", user: this.#user(userId, account)! };
  }

  #inputUserId(input: tl.TypeInputUser, account: string): number | undefined {
    if (input._ === "inputUserSelf") return this.signedInAs(account);
    if (input._ === "inputUser") return input.userId;
    return undefined;
  }

  /** The `user` TL object of a user or bot, as `account` sees it (`self` for its own). */
  #user(userId: number, account: string): tl.RawUser | undefined {
    const self = this.signedInAs(account) === userId;
    const accessHash = Long.fromString(fnv(`user:${userId}`).toString());
    const user = this.#users.get(userId);
    if (user) {
      const raw: tl.RawUser = { _: "user", id: userId, accessHash, firstName: user.firstName, status: { _: "userStatusRecently" } };
      if (self) Object.assign(raw, { self: true, phone: user.phone });
      if (user.username !== undefined) raw.username = user.username;
      return raw;
    }
    const bot = [...this.#bots.values()].find((b) => b.userId === userId);
    if (!bot) return undefined;
    const raw: tl.RawUser = { _: "user", id: userId, accessHash, bot: true, botInfoVersion: 1, firstName: bot.username, username: bot.username };
    if (self) raw.self = true;
    return raw;
  }

  #userByPhone(phone: string): FakeUser | undefined {
    return [...this.#users.values()].find((u) => u.phone === phone);
  }
}

/** A phone number as Telegram compares them: digits only (`+1 555-000-1111` → `15550001111`). */
function digits(phone: string): string {
  return phone.replace(/[+()\s.-]/g, "");
}

/** PH2 of https://core.telegram.org/api/srp: SH(pbkdf2(sha512, SH(SH(password, salt1), salt2), salt1, 100000), salt2). */
function passwordHash(password: string, salt1: Uint8Array, salt2: Uint8Array): Uint8Array {
  const sh = (data: Uint8Array, salt: Uint8Array): Uint8Array => sha256(salt, data, salt);
  const ph1 = sh(sh(Buffer.from(password, "utf8"), salt1), salt2);
  return sh(pbkdf2Sync(ph1, salt1, 100_000, 64, "sha512"), salt2);
}

function sha256(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** Big-endian unsigned bytes to a bigint. */
function toBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString("hex")}`);
}

/** A bigint as 256 big-endian bytes (the width SRP hashes). */
function toBytes(value: bigint): Uint8Array {
  return Buffer.from(value.toString(16).padStart(512, "0"), "hex");
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  base %= modulus;
  while (exponent > 0n) {
    if (exponent & 1n) result = (result * base) % modulus;
    base = (base * base) % modulus;
    exponent >>= 1n;
  }
  return result;
}

function fnv(text: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text)) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0x7fffffffffffffffn;
  return hash;
}
