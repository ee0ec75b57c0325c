/**
 * The account pool: every MTProto call of a collection goes through it. It picks a usable account,
 * keeps per-account method rates (username resolves especially) and a global ceiling, and reacts to
 * Telegram's answers:
 * - a `FLOOD_WAIT` longer than the client sleeps by itself parks the account until it ends (stored,
 *   so a restart respects it) and the call moves to another account; when every account is parked,
 *   the call waits for the first to come back instead of failing;
 * - a revoked session or a ban marks the account and moves on;
 * - Telegram's internal errors (5xx) and timeouts are retried with backoff.
 */
import {
  FloodWaitError,
  NoAccountError,
  TelegramRpcError,
  TelegramTimeoutError,
  TgscopeError,
} from "../domain/index.js";
import { sleepMs, type Logger } from "../lib/index.js";
import type { StoredAccount, Store } from "../store/index.js";
import type { MtprotoChannelClient, TelegramAccountClient } from "../telegram/index.js";
import { RateWindow } from "./rate-window.js";
import type { TelegramAccounts } from "./telegram-accounts.js";

/** One account lent to a piece of work. */
export interface AccountLease {
  /** Row id of the account (access hashes are per account). */
  accountId: number;
  label: string;
  channels: MtprotoChannelClient;
  /**
   * Call before each Telegram call of `method`: waits until the account's rate for that method and
   * the pool's global ceiling allow one more call, and counts it.
   */
  throttle(method: string, signal?: AbortSignal): Promise<void>;
}

/** Limits and collaborators of an {@link AccountPool}. */
export interface AccountPoolOptions {
  store: Store;
  accounts: TelegramAccounts;
  /** Most `contacts.resolveUsername` calls per account per minute. */
  resolvePerMinute: number;
  /** Most calls per second over all accounts (default 100). */
  maxCallsPerSecond?: number;
  /** Retries of a call Telegram answered with an internal error (5xx) or did not answer in time, with doubling backoff from 1 s. Default 4. */
  maxServerErrorRetries?: number;
  logger?: Logger;
  /** Waits (tests shorten them). Default: a real sleep that stops on abort. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Methods with their own per-account rate: calls per window. */
const METHOD_WINDOW_MS = 60_000;

/** Lends accounts to work, one call at a time per lease. */
export class AccountPool {
  readonly #open = new Map<number, TelegramAccountClient>();
  readonly #methodRates: Map<string, RateWindow>;
  readonly #global: RateWindow;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #lastUsed = new Map<number, number>();
  /** Accounts lent right now: each account does one piece of work at a time. */
  readonly #busy = new Set<number>();
  /** Callers waiting for a lent account to come back. */
  #waiting: (() => void)[] = [];
  #turn = 0;

  constructor(private readonly options: AccountPoolOptions) {
    this.#methodRates = new Map([["contacts.resolveUsername", new RateWindow(options.resolvePerMinute, METHOD_WINDOW_MS)]]);
    this.#global = new RateWindow(options.maxCallsPerSecond ?? 100, 1000);
    this.#sleep = options.sleep ?? ((ms, signal) => sleepMs(ms, signal));
  }

  /**
   * Runs one Telegram call (`work`) with a usable account, moving to another account on a long flood
   * wait, a revoked session or a ban, and waiting when all are parked.
   *
   * @throws {NoAccountError} when no account is signed in (or all are logged out or banned)
   * @throws whatever `work` throws that is not about the account (e.g. `ChannelPrivateError`)
   */
  async withAccount<T>(work: (lease: AccountLease) => Promise<T>, signal?: AbortSignal): Promise<T> {
    let serverErrors = 0;
    for (;;) {
      signal?.throwIfAborted();
      const account = await this.#pick(signal);
      try {
        const lease = await this.#lease(account);
        return await work(lease);
      } catch (error) {
        if (error instanceof FloodWaitError) {
          await this.#park(account, error);
        } else if (error instanceof TgscopeError && (error.code === "session_revoked" || error.code === "account_banned")) {
          this.options.logger?.warn({ account: account.label, code: error.code }, "account can no longer be used");
          await this.options.accounts.recordError(account.id, error);
          await this.#close(account.id);
        } else if (retryable(error) && serverErrors < (this.options.maxServerErrorRetries ?? 4)) {
          await this.#sleep(1000 * 2 ** serverErrors++, signal);
        } else {
          throw error;
        }
      } finally {
        this.#release(account.id);
      }
    }
  }

  /** Signed-in accounts that are not parked: how many pieces of work can run at once. */
  async usableCount(): Promise<number> {
    const now = Date.now();
    return (await this.options.store.listAccounts()).filter((a) => usable(a) && (a.floodWaitUntil?.getTime() ?? 0) <= now).length;
  }

  /** Disconnects every account client. */
  async close(): Promise<void> {
    await Promise.all([...this.#open.keys()].map((id) => this.#close(id)));
  }

  /**
   * The next account to use, marked busy: free, not parked, least recently used. Waits for a busy
   * account to come back, or for the first parked one to be free again.
   */
  async #pick(signal?: AbortSignal): Promise<StoredAccount> {
    for (;;) {
      const now = Date.now();
      const all = await this.options.store.listAccounts();
      const signedIn = all.filter(usable);
      if (signedIn.length === 0) throw new NoAccountError(all.length);
      const ready = signedIn.filter((a) => (a.floodWaitUntil?.getTime() ?? 0) <= now);
      const free = ready.filter((a) => !this.#busy.has(a.id)).sort((x, y) => (this.#lastUsed.get(x.id) ?? 0) - (this.#lastUsed.get(y.id) ?? 0));
      if (free.length > 0) {
        const account = free[0]!;
        this.#busy.add(account.id);
        this.#lastUsed.set(account.id, ++this.#turn);
        return account;
      }
      if (ready.length > 0) {
        await new Promise<void>((resolve) => this.#waiting.push(resolve));
        continue;
      }
      const until = Math.min(...signedIn.map((a) => a.floodWaitUntil!.getTime()));
      this.options.logger?.warn({ until: new Date(until).toISOString() }, "every account is waiting out a flood wait; continuing when the first is free");
      await this.#sleep(Math.max(1, until - now), signal);
    }
  }

  #release(accountId: number): void {
    this.#busy.delete(accountId);
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const wake of waiting) wake();
  }

  async #throttle(accountId: number, method: string, signal?: AbortSignal): Promise<void> {
    const rate = this.#methodRates.get(method);
    for (;;) {
      const now = Date.now();
      const waitMs = Math.max(rate?.delayMs(String(accountId), now) ?? 0, this.#global.delayMs("all", now));
      if (waitMs === 0) {
        rate?.record(String(accountId), now);
        this.#global.record("all", now);
        return;
      }
      await this.#sleep(waitMs, signal);
    }
  }

  async #lease(account: StoredAccount): Promise<AccountLease> {
    let client = this.#open.get(account.id);
    if (client === undefined) {
      client = await this.options.accounts.open(account);
      this.#open.set(account.id, client);
    }
    return {
      accountId: account.id,
      label: account.label,
      channels: client.channels,
      throttle: (method, signal) => this.#throttle(account.id, method, signal),
    };
  }

  async #park(account: StoredAccount, error: FloodWaitError): Promise<void> {
    this.options.logger?.warn({ account: account.label, method: error.method, until: error.until.toISOString() }, "flood wait: account parked");
    await this.options.store.updateAccount(account.id, { state: "flood_wait", floodWaitUntil: error.until, lastError: `flood_wait ${error.method}` });
  }

  async #close(accountId: number): Promise<void> {
    const client = this.#open.get(accountId);
    this.#open.delete(accountId);
    await client?.close();
  }
}

/** An account that can work once any flood wait ends: signed in, not logged out or banned. */
function usable(account: StoredAccount): boolean {
  return account.sessionSealed !== undefined && (account.state === "active" || account.state === "flood_wait");
}

/** Telegram's internal errors (5xx) and calls that got no answer in time: worth another try. */
function retryable(error: unknown): boolean {
  return (error instanceof TelegramRpcError && error.errorCode >= 500) || error instanceof TelegramTimeoutError;
}
