/**
 * Telegram accounts (sealed api hash and session, state) and the access hashes each account learnt.
 * An access hash is valid only for the account that received it, so the cache is keyed by both.
 */
import { sql, type Kysely } from "kysely";
import { AccountExistsError, AccountNotFoundError } from "../../domain/index.js";
import type { Database } from "../database.js";
import type { StoreDialect } from "../dialects/index.js";
import type { AccessHashEntry, AccountUpdate, NewAccount, StoredAccount } from "../store.js";
import { decodeAccount, encodeAccountUpdate } from "./account-codec.js";

/** Largest row id (`serial`). */
const MAX_ROW_ID = 2 ** 31 - 1;

/** Whether `id` can be a row id (larger values would make PostgreSQL reject the `integer` parameter). */
function isRowId(id: number): boolean {
  return Number.isInteger(id) && id >= 1 && id <= MAX_ROW_ID;
}

/** A label or username as compared: lower case, without leading `@` or `+` (see the `accounts_label_normalized` index). */
function labelKey(text: string): string {
  return text.trim().replace(/^[@+]+/, "").toLowerCase();
}

/**
 * Inserts an account; the label's unique index decides, so two concurrent calls cannot both succeed.
 *
 * @throws {AccountExistsError} when the label is taken (nothing is written)
 */
export async function createAccount(db: Kysely<Database>, account: NewAccount): Promise<StoredAccount> {
  const nowMs = Date.now();
  const row = await db
    .insertInto("accounts")
    .values({
      kind: account.kind,
      label: account.label,
      telegram_user_id: account.telegramUserId ?? null,
      username: account.username ?? null,
      api_id: account.apiId,
      api_hash_sealed: account.apiHashSealed,
      session_sealed: account.sessionSealed ?? null,
      state: account.state ?? "pending",
      created_at_ms: nowMs,
      updated_at_ms: nowMs,
    })
    .onConflict((conflict) => conflict.doNothing())
    .returningAll()
    .executeTakeFirst();
  if (row === undefined) throw new AccountExistsError(account.label);
  return decodeAccount(row);
}

/** Every account, by row id. */
export async function listAccounts(db: Kysely<Database>): Promise<StoredAccount[]> {
  const rows = await db.selectFrom("accounts").selectAll().orderBy("id").execute();
  return rows.map(decodeAccount);
}

/** An account by row id, label or username (label first, then username, then a row id given as digits). */
export async function findAccount(db: Kysely<Database>, ref: string | number): Promise<StoredAccount | undefined> {
  if (typeof ref === "number") return findAccountById(db, ref);
  const key = labelKey(ref);
  if (key === "") return undefined;
  const base = db.selectFrom("accounts").selectAll().orderBy("id").limit(1);
  const byLabel = await base.where(sql`lower(ltrim(label, '@+'))`, "=", key).executeTakeFirst();
  if (byLabel !== undefined) return decodeAccount(byLabel);
  const byUsername = await base.where(sql`lower(username)`, "=", key).executeTakeFirst();
  if (byUsername !== undefined) return decodeAccount(byUsername);
  return /^\d{1,10}$/.test(ref.trim()) ? findAccountById(db, Number(ref.trim())) : undefined;
}

async function findAccountById(db: Kysely<Database>, id: number): Promise<StoredAccount | undefined> {
  if (!isRowId(id)) return undefined;
  const row = await db.selectFrom("accounts").selectAll().where("id", "=", id).executeTakeFirst();
  return row === undefined ? undefined : decodeAccount(row);
}

/**
 * Changes the fields present in `update` and sets `updated_at_ms` to now.
 *
 * @throws {AccountNotFoundError} when no account has row id `id`
 */
export async function updateAccount(db: Kysely<Database>, id: number, update: AccountUpdate): Promise<StoredAccount> {
  if (!isRowId(id)) throw new AccountNotFoundError(id);
  const row = await db
    .updateTable("accounts")
    .set({ ...encodeAccountUpdate(update), updated_at_ms: Date.now() })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
  if (row === undefined) throw new AccountNotFoundError(id);
  return decodeAccount(row);
}

/** Deletes an account; its access hashes go with it (`on delete cascade`). `false` when absent. */
export async function removeAccount(db: Kysely<Database>, id: number): Promise<boolean> {
  if (!isRowId(id)) return false;
  const result = await db.deleteFrom("accounts").where("id", "=", id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/**
 * Inserts or replaces the access hash an account learnt for a peer.
 *
 * @throws {AccountNotFoundError} when no account has row id `entry.accountId`
 */
export async function rememberAccessHash(dialect: StoreDialect, entry: AccessHashEntry): Promise<void> {
  if (!isRowId(entry.accountId)) throw new AccountNotFoundError(entry.accountId);
  await dialect.writeTransaction(async (trx) => {
    const account = await trx.selectFrom("accounts").select("id").where("id", "=", entry.accountId).executeTakeFirst();
    if (account === undefined) throw new AccountNotFoundError(entry.accountId);
    await trx
      .insertInto("account_peers")
      .values({ account_id: entry.accountId, peer_id: entry.peerId, access_hash: entry.accessHash.toString(), updated_at_ms: Date.now() })
      .onConflict((conflict) =>
        conflict.columns(["account_id", "peer_id"]).doUpdateSet((eb) => ({
          access_hash: eb.ref("excluded.access_hash"),
          updated_at_ms: eb.ref("excluded.updated_at_ms"),
        })),
      )
      .execute();
  });
}

/** The access hash `accountId` learnt for `peerId`, `undefined` when none is cached. */
export async function findAccessHash(db: Kysely<Database>, accountId: number, peerId: bigint): Promise<bigint | undefined> {
  if (!isRowId(accountId)) return undefined;
  const row = await db
    .selectFrom("account_peers")
    .select("access_hash")
    .where("account_id", "=", accountId)
    .where("peer_id", "=", peerId)
    .executeTakeFirst();
  return row === undefined ? undefined : BigInt(row.access_hash);
}

/** Drops a cached access hash; a no-op when none is cached. */
export async function forgetAccessHash(db: Kysely<Database>, accountId: number, peerId: bigint): Promise<void> {
  if (!isRowId(accountId)) return;
  await db.deleteFrom("account_peers").where("account_id", "=", accountId).where("peer_id", "=", peerId).execute();
}
