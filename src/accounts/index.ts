/** Telegram accounts: sign-in, sealed sessions, states. */
export { TelegramAccounts, SIGN_IN_TTL_MS } from "./telegram-accounts.js";
export type { AccountSummary, ApiCredentials, SignInStep, TelegramAccountsOptions } from "./telegram-accounts.js";
export { AccountPool } from "./account-pool.js";
export type { AccountLease, AccountPoolOptions } from "./account-pool.js";
