/**
 * Telegram accounts: signing in step by step (phone → code → 2FA password, or a bot token), storing
 * each account's session and API hash encrypted, listing states, logging out and removing.
 *
 * A sign-in in progress lives in memory only, under a random id, until it succeeds: a wrong phone,
 * code or password, or an abandoned sign-in, leaves nothing in the archive. Pending sign-ins expire
 * after {@link SIGN_IN_TTL_MS}.
 */
import { randomUUID } from "node:crypto";
import {
  AccountExistsError,
  AccountNotFoundError,
  AccountUnusableError,
  SessionRevokedError,
  SignInNotFoundError,
  type TgscopeError,
} from "../domain/index.js";
import type { SecretBox } from "../lib/index.js";
import type { AccountKind, AccountState, StoredAccount, Store } from "../store/index.js";
import { TelegramAccountClient, type SignedIn, type TelegramConnection } from "../telegram/index.js";

/** How long a started sign-in waits for its next step, in milliseconds (Telegram's codes live ~5 min). */
export const SIGN_IN_TTL_MS = 15 * 60_000;

/** An account as shown to users: everything but its secrets. */
export interface AccountSummary {
  id: number;
  kind: AccountKind;
  /** Phone (`+…`) of a user account, `@username` of a bot. */
  label: string;
  username?: string;
  telegramUserId?: bigint;
  state: AccountState;
  /** When a parked account may call Telegram again. */
  floodWaitUntil?: Date;
  /** Code of the last error that changed the state, e.g. `session_revoked`. */
  lastError?: string;
  createdAt: Date;
}

/** Where a sign-in stands after a step. */
export type SignInStep =
  | { signInId: string; status: "code_sent"; deliveredVia: string; codeLength?: number }
  | { signInId: string; status: "password_needed"; passwordHint?: string }
  | { status: "signed_in"; account: AccountSummary };

/** Application credentials from my.telegram.org. */
export interface ApiCredentials {
  apiId: number;
  /** 32 hex characters; stored encrypted. */
  apiHash: string;
}

/** What {@link TelegramAccounts} works with. */
export interface TelegramAccountsOptions {
  store: Store;
  /** Seals sessions and API hashes (AES-256-GCM with the master key); called when first needed. */
  secrets: () => SecretBox;
  /** The network of an account's client, by label; `undefined` = Telegram's data centres. */
  connection?: (label: string) => TelegramConnection | undefined;
  /** See `OpenTelegramClientOptions.floodSleepThresholdSeconds`. */
  floodSleepThresholdSeconds: number;
  /** Time limit of one channel call, in milliseconds (default: the adapter's, 60 s). */
  callTimeoutMs?: number;
}

interface PendingSignIn {
  label: string;
  credentials: ApiCredentials;
  client: TelegramAccountClient;
  phoneCodeHash: string;
  timer: NodeJS.Timeout;
}

/** The accounts of this tgscope installation. */
export class TelegramAccounts {
  readonly #pending = new Map<string, PendingSignIn>();

  constructor(private readonly options: TelegramAccountsOptions) {}

  /**
   * Step 1 of a user sign-in: Telegram sends a login code to the account's Telegram apps (or SMS).
   *
   * @param phone - international form, e.g. `+15550001111`
   * @throws {PhoneNumberInvalidError} | {AccountBannedError} | {AccountExistsError} (already added)
   */
  async startSignIn(phone: string, credentials: ApiCredentials): Promise<SignInStep> {
    const label = normalizePhone(phone);
    await this.#refuseExisting(label);
    const client = await this.#connect(label, credentials);
    try {
      const sent = await client.sendLoginCode(label);
      const signInId = randomUUID();
      const timer = setTimeout(() => void this.#drop(signInId), SIGN_IN_TTL_MS).unref();
      this.#pending.set(signInId, { label, credentials, client, phoneCodeHash: sent.phoneCodeHash, timer });
      return { signInId, status: "code_sent", deliveredVia: sent.deliveredVia, ...(sent.codeLength ? { codeLength: sent.codeLength } : {}) };
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  /**
   * Step 2: the login code. A wrong code can be retried; an expired one needs a new sign-in.
   *
   * @throws {SignInNotFoundError} | {PhoneCodeInvalidError} | {PhoneCodeExpiredError}
   */
  async submitCode(signInId: string, code: string): Promise<SignInStep> {
    const pending = this.#take(signInId);
    const result = await this.#step(signInId, pending, () =>
      pending.client.signInWithCode({ phone: pending.label, phoneCodeHash: pending.phoneCodeHash, code: code.trim() }),
    );
    if (result.status === "password_needed") {
      return { signInId, status: "password_needed", ...(result.passwordHint ? { passwordHint: result.passwordHint } : {}) };
    }
    return this.#finish(signInId, pending, "user", result);
  }

  /**
   * Step 3, when the account has two-step verification: its password (checked by SRP; it never
   * leaves this process and is not stored).
   *
   * @throws {SignInNotFoundError} | {PasswordInvalidError}
   */
  async submitPassword(signInId: string, password: string): Promise<SignInStep> {
    const pending = this.#take(signInId);
    const result = await this.#step(signInId, pending, () => pending.client.signInWithPassword(password));
    return this.#finish(signInId, pending, "user", result);
  }

  /**
   * Adds a bot by its token from @BotFather (bots can read only chats they are members of).
   *
   * @throws {BotTokenInvalidError} | {AccountExistsError}
   */
  async addBot(token: string, credentials: ApiCredentials): Promise<AccountSummary> {
    const client = await this.#connect(`bot:${token.split(":")[0]}`, credentials);
    try {
      const signedIn = await client.signInBot(token.trim());
      return await this.#save(`@${signedIn.self.username ?? signedIn.self.userId}`, credentials, "bot", signedIn);
    } finally {
      await client.close();
    }
  }

  /** All accounts, without secrets. */
  async list(): Promise<AccountSummary[]> {
    return (await this.options.store.listAccounts()).map(summarize);
  }

  /**
   * Terminates the account's Telegram session (`auth.logOut`), forgets it, and marks the account
   * `logged_out` (it stays listed until removed).
   *
   * @param ref - row id, label (phone or `@bot`), or username
   * @throws {AccountNotFoundError}
   */
  async logout(ref: string): Promise<AccountSummary> {
    const account = await this.#find(ref);
    if (account.sessionSealed !== undefined) {
      const client = await this.#connect(account.label, this.#credentials(account), this.#session(account));
      try {
        await client.logOut();
      } catch (error) {
        // Ended from another device already: the account is logged out all the same.
        if (!(error instanceof SessionRevokedError)) throw error;
      } finally {
        await client.close();
      }
    }
    return summarize(await this.options.store.updateAccount(account.id, { state: "logged_out", sessionSealed: undefined, lastError: undefined }));
  }

  /**
   * Removes the account from tgscope (its session on Telegram's side stays valid; `logout` first to end it).
   *
   * @throws {AccountNotFoundError}
   */
  async remove(ref: string): Promise<AccountSummary> {
    const account = await this.#find(ref);
    await this.options.store.removeAccount(account.id);
    return summarize(account);
  }

  /**
   * Connects a signed-in account for work.
   *
   * @throws {AccountUnusableError} when the account is logged out, banned or not signed in
   */
  async open(account: StoredAccount): Promise<TelegramAccountClient> {
    if (account.sessionSealed === undefined || account.state === "logged_out" || account.state === "banned") {
      throw new AccountUnusableError(account.label, account.state);
    }
    return this.#connect(account.label, this.#credentials(account), this.#session(account));
  }

  /**
   * Records what an error says about an account: a revoked session marks it `logged_out` (and drops
   * the session), a ban `banned`. Other errors leave it alone.
   */
  async recordError(accountId: number, error: TgscopeError): Promise<void> {
    if (error.code === "session_revoked") await this.options.store.updateAccount(accountId, { state: "logged_out", sessionSealed: undefined, lastError: error.code });
    if (error.code === "account_banned") await this.options.store.updateAccount(accountId, { state: "banned", lastError: error.code });
  }

  /** Ends every pending sign-in (at shutdown). */
  async close(): Promise<void> {
    await Promise.all([...this.#pending.keys()].map((id) => this.#drop(id)));
  }

  async #step<T>(signInId: string, pending: PendingSignIn, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      // A wrong code or password may be tried again; anything else ends the sign-in.
      const code = (error as { code?: unknown }).code;
      if (code !== "phone_code_invalid" && code !== "password_invalid") await this.#drop(signInId);
      throw error;
    }
  }

  async #finish(signInId: string, pending: PendingSignIn, kind: AccountKind, signedIn: SignedIn): Promise<SignInStep> {
    try {
      return { status: "signed_in", account: await this.#save(pending.label, pending.credentials, kind, signedIn) };
    } finally {
      await this.#drop(signInId);
    }
  }

  async #save(label: string, credentials: ApiCredentials, kind: AccountKind, signedIn: SignedIn): Promise<AccountSummary> {
    const { store } = this.options;
    const secrets = this.options.secrets();
    await this.#refuseExisting(label);
    const replaced = await store.findAccount(label);
    if (replaced !== undefined) await store.removeAccount(replaced.id);
    const stored = await store.createAccount({
      kind,
      label,
      apiId: credentials.apiId,
      apiHashSealed: secrets.seal(credentials.apiHash, `${label}:api_hash`),
      sessionSealed: secrets.seal(signedIn.session, `${label}:session`),
      state: "active",
      telegramUserId: signedIn.self.userId,
      ...(signedIn.self.username ? { username: signedIn.self.username } : {}),
    });
    return summarize(stored);
  }

  #take(signInId: string): PendingSignIn {
    const pending = this.#pending.get(signInId);
    if (pending === undefined) throw new SignInNotFoundError(signInId);
    return pending;
  }

  async #drop(signInId: string): Promise<void> {
    const pending = this.#pending.get(signInId);
    if (pending === undefined) return;
    this.#pending.delete(signInId);
    clearTimeout(pending.timer);
    await pending.client.close();
  }

  /** Refuses a label that is in use, unless its account was logged out (signing in again replaces it). */
  async #refuseExisting(label: string): Promise<void> {
    const existing = await this.options.store.findAccount(label);
    if (existing !== undefined && existing.state !== "logged_out") throw new AccountExistsError(label);
  }

  async #find(ref: string): Promise<StoredAccount> {
    const account = await this.options.store.findAccount(ref);
    if (account === undefined) throw new AccountNotFoundError(ref);
    return account;
  }

  #credentials(account: StoredAccount): ApiCredentials {
    return { apiId: account.apiId, apiHash: this.options.secrets().openText(account.apiHashSealed, `${account.label}:api_hash`) };
  }

  #session(account: StoredAccount): string | undefined {
    return account.sessionSealed === undefined ? undefined : this.options.secrets().openText(account.sessionSealed, `${account.label}:session`);
  }

  #connect(label: string, credentials: ApiCredentials, session?: string): Promise<TelegramAccountClient> {
    const connection = this.options.connection?.(label);
    return TelegramAccountClient.open({
      apiId: credentials.apiId,
      apiHash: credentials.apiHash,
      floodSleepThresholdSeconds: this.options.floodSleepThresholdSeconds,
      ...(this.options.callTimeoutMs !== undefined ? { callTimeoutMs: this.options.callTimeoutMs } : {}),
      ...(session !== undefined ? { session } : {}),
      ...(connection !== undefined ? { connection } : {}),
    });
  }
}

/** `+15550001111` for `15550001111`, `+1 555 000-1111` or `+15550001111`; other text unchanged (Telegram judges it). */
function normalizePhone(phone: string): string {
  const digits = phone.replace(/[\s().-]/g, "");
  return /^\+?\d+$/.test(digits) ? `+${digits.replace(/^\+/, "")}` : phone.trim();
}

function summarize(account: StoredAccount): AccountSummary {
  const summary: AccountSummary = { id: account.id, kind: account.kind, label: account.label, state: account.state, createdAt: account.createdAt };
  if (account.username !== undefined) summary.username = account.username;
  if (account.telegramUserId !== undefined) summary.telegramUserId = account.telegramUserId;
  if (account.floodWaitUntil !== undefined) summary.floodWaitUntil = account.floodWaitUntil;
  if (account.lastError !== undefined) summary.lastError = account.lastError;
  return summary;
}
