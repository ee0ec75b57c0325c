/** Telegram accounts in tests. */
import { FAKE_API_HASH, FAKE_API_ID, type FakeTelegram } from "../../src/telegram/mtproto/testing/index.js";
import type { TelegramAccounts } from "../../src/accounts/index.js";

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
