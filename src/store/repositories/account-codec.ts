/** Domain-facing `StoredAccount` ↔ `accounts` rows. */
import type { Selectable, Updateable } from "kysely";
import type { AccountRow } from "../database.js";
import type { AccountKind, AccountState, AccountUpdate, StoredAccount } from "../store.js";

/** Column values of the keys present in `update`; a key present with `undefined` becomes `null`. */
export function encodeAccountUpdate(update: AccountUpdate): Updateable<AccountRow> {
  const values: Updateable<AccountRow> = {};
  const has = (key: keyof AccountUpdate) => Object.hasOwn(update, key);
  if (has("telegramUserId")) values.telegram_user_id = update.telegramUserId ?? null;
  if (has("username")) values.username = update.username ?? null;
  if (has("sessionSealed")) values.session_sealed = update.sessionSealed ?? null;
  if (update.state !== undefined) values.state = update.state;
  if (has("floodWaitUntil")) values.flood_wait_until_ms = update.floodWaitUntil?.getTime() ?? null;
  if (has("lastError")) values.last_error = update.lastError ?? null;
  return values;
}

/** The account of a row. */
export function decodeAccount(row: Selectable<AccountRow>): StoredAccount {
  const account: StoredAccount = {
    id: row.id,
    kind: row.kind as AccountKind,
    label: row.label,
    apiId: row.api_id,
    apiHashSealed: row.api_hash_sealed,
    state: row.state as AccountState,
    createdAt: new Date(Number(row.created_at_ms)),
    updatedAt: new Date(Number(row.updated_at_ms)),
  };
  if (row.telegram_user_id !== null) account.telegramUserId = BigInt(row.telegram_user_id);
  if (row.username !== null) account.username = row.username;
  if (row.session_sealed !== null) account.sessionSealed = row.session_sealed;
  if (row.flood_wait_until_ms !== null) account.floodWaitUntil = new Date(Number(row.flood_wait_until_ms));
  if (row.last_error !== null) account.lastError = row.last_error;
  return account;
}
