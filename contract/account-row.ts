/**
 * The flat Telegram account record of `tgscope accounts list --json` and `GET /api/accounts`.
 */
import type { AccountSummary } from "../src/accounts/index.js";

/**
 * A Telegram account as the CLI and the API show it: never its session, API hash or any login code.
 * Dates are ISO 8601 UTC; Telegram user ids decimal strings.
 */
export interface AccountRow {
  id: number;
  kind: AccountSummary["kind"];
  /** Phone (`+…`) of a user account, `@username` of a bot. */
  label: string;
  username: string | null;
  telegram_user_id: string | null;
  /** `pending`, `active`, `flood_wait`, `logged_out` or `banned`. */
  state: AccountSummary["state"];
  /** When a `flood_wait` account may call Telegram again. */
  flood_wait_until: string | null;
  /** Code of the last error that changed the state, e.g. `session_revoked`. */
  last_error: string | null;
  created_at: string;
}

/** Maps an account summary to its {@link AccountRow}. */
export function toAccountRow(a: AccountSummary): AccountRow {
  return {
    id: a.id,
    kind: a.kind,
    label: a.label,
    username: a.username ?? null,
    telegram_user_id: a.telegramUserId?.toString() ?? null,
    state: a.state,
    flood_wait_until: a.floodWaitUntil?.toISOString() ?? null,
    last_error: a.lastError ?? null,
    created_at: a.createdAt.toISOString(),
  };
}
