/** Telegram accounts in tests. */
import { randomBytes } from "node:crypto";
import { AccountPool, TelegramAccounts, type AccountPoolOptions, type TelegramAccountsOptions } from "../../src/accounts/index.js";
import { SecretBox } from "../../src/lib/index.js";
import type { Store } from "../../src/store/index.js";
import { FAKE_API_HASH, FAKE_API_ID, type FakeTelegram } from "../../src/telegram/mtproto/testing/index.js";

/**
 * Signs `phone` in through the real sign-in steps against `fake` (a user without 2FA), typing the
 * code the fake sent.
 *
 * @returns the new account's row id
 */
export async function signInOnFake(accounts: TelegramAccounts, fake: FakeTelegram, phone: string): Promise<number> {
  const sent = await accounts.startSignIn(phone, { apiId: FAKE_API_ID, apiHash: FAKE_API_HASH });
  if (sent.status !== "code_sent") throw new Error(`expected a login code for ${phone}, got ${sent.status}`);
  const done = await accounts.submitCode(sent.signInId, fake.auth.codeFor(phone));
  if (done.status !== "signed_in") throw new Error(`expected ${phone} to be signed in, got ${done.status}`);
  return done.account.id;
}

/**
 * Accounts of `store` on `fake` (sessions sealed with a random key) and a pool lending them, as
 * `openServices` builds them; `close` ends both.
 */
export function fakeAccounts(
  store: Store,
  fake: FakeTelegram,
  options: Partial<Pick<TelegramAccountsOptions, "callTimeoutMs" | "floodSleepThresholdSeconds">> & Partial<Pick<AccountPoolOptions, "maxCallsPerSecond" | "sleep">> = {},
): { accounts: TelegramAccounts; pool: AccountPool; close(): Promise<void> } {
  const box = new SecretBox(randomBytes(32));
  const { callTimeoutMs, floodSleepThresholdSeconds = 2, ...poolOptions } = options;
  const accounts = new TelegramAccounts({
    store,
    secrets: () => box,
    connection: (label) => fake.connection(label),
    floodSleepThresholdSeconds,
    ...(callTimeoutMs !== undefined ? { callTimeoutMs } : {}),
  });
  const pool = new AccountPool({ store, accounts, resolvePerMinute: 30, ...poolOptions });
  return {
    accounts,
    pool,
    async close() {
      await pool.close();
      await accounts.close();
    },
  };
}
