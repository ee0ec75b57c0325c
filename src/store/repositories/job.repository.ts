/**
 * Background jobs: a queue in the `jobs` table. Workers claim the oldest due job atomically (the
 * dialect decides how: see `StoreDialect.skipLockedRows`); every later write of a run is fenced by the
 * run's claim (`id` and `attempts`), so a worker that lost its job — cancelled, or re-queued as
 * abandoned and claimed by another worker — can no longer change it.
 */
import type { Kysely } from "kysely";
import type { Database } from "../database.js";
import type { StoreDialect } from "../dialects/index.js";
import { encodeJson } from "../json-codec.js";
import type { CancelJobResult, ClaimJobOptions, JobClaim, JobEnd, JobListOptions, JsonValue, NewJob, StoredJob } from "../store.js";
import { decodeJob, encodeJobError } from "./job-codec.js";

/** Default of `JobListOptions.limit`. */
export const DEFAULT_JOB_LIST_LIMIT = 50;
/** Largest `JobListOptions.limit`. */
export const MAX_JOB_LIST_LIMIT = 1000;

/** Largest row id (`serial`). */
const MAX_ROW_ID = 2 ** 31 - 1;

/** Whether `id` can be a row id (larger values would make PostgreSQL reject the `integer` parameter). */
function isRowId(id: number): boolean {
  return Number.isInteger(id) && id >= 1 && id <= MAX_ROW_ID;
}

/** Inserts a queued job. */
export async function enqueueJob(db: Kysely<Database>, job: NewJob): Promise<StoredJob> {
  const row = await db
    .insertInto("jobs")
    .values({
      kind: job.kind,
      params: encodeJson(job.params),
      state: "queued",
      created_at_ms: Date.now(),
      attempts: 0,
      not_before_ms: job.notBefore?.getTime() ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return decodeJob(row);
}

/** A job by row id, `undefined` when absent. */
export async function findJob(db: Kysely<Database>, id: number): Promise<StoredJob | undefined> {
  if (!isRowId(id)) return undefined;
  const row = await db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirst();
  return row === undefined ? undefined : decodeJob(row);
}

/** Jobs, newest first, at most `limit` (clamped to 1 … {@link MAX_JOB_LIST_LIMIT}). */
export async function listJobs(db: Kysely<Database>, options: JobListOptions = {}): Promise<StoredJob[]> {
  const limit = Math.min(MAX_JOB_LIST_LIMIT, Math.max(1, Math.floor(options.limit ?? DEFAULT_JOB_LIST_LIMIT)));
  const rows = await db.selectFrom("jobs").selectAll().orderBy("id", "desc").limit(limit).execute();
  return rows.map(decodeJob);
}

/** Claims the oldest due queued job of the given kinds in one write transaction. */
export async function claimNextJob(dialect: StoreDialect, options: ClaimJobOptions): Promise<StoredJob | undefined> {
  if (options.kinds.length === 0) return undefined;
  return dialect.writeTransaction(async (trx) => {
    const nowMs = Date.now();
    const next = await dialect
      .skipLockedRows(
        trx
          .selectFrom("jobs")
          .select("id")
          .where("state", "=", "queued")
          .where("kind", "in", [...options.kinds])
          .where((eb) => eb.or([eb("not_before_ms", "is", null), eb("not_before_ms", "<=", nowMs)]))
          .orderBy("id")
          .limit(1),
      )
      .executeTakeFirst();
    if (next === undefined) return undefined;
    const row = await trx
      .updateTable("jobs")
      .set((eb) => ({
        state: "running",
        attempts: eb("attempts", "+", 1),
        started_at_ms: nowMs,
        heartbeat_at_ms: nowMs,
        locked_by: options.workerId,
        not_before_ms: null,
        error: null,
      }))
      .where("id", "=", next.id)
      .where("state", "=", "queued")
      .returningAll()
      .executeTakeFirst();
    return row === undefined ? undefined : decodeJob(row);
  });
}

/** Stores a running job's progress and heartbeat; `false` when `claim` no longer holds the job. */
export async function updateJobProgress(db: Kysely<Database>, claim: JobClaim, progress: JsonValue): Promise<boolean> {
  return touchRun(db, claim, encodeJson(progress));
}

/** Refreshes a running job's heartbeat; `false` when `claim` no longer holds the job. */
export async function heartbeatJob(db: Kysely<Database>, claim: JobClaim): Promise<boolean> {
  return touchRun(db, claim, undefined);
}

async function touchRun(db: Kysely<Database>, claim: JobClaim, progress: string | undefined): Promise<boolean> {
  if (!isRowId(claim.id)) return false;
  const result = await db
    .updateTable("jobs")
    .set({ heartbeat_at_ms: Date.now(), ...(progress === undefined ? {} : { progress }) })
    .where("id", "=", claim.id)
    .where("state", "=", "running")
    .where("attempts", "=", claim.attempts)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Ends a run (done, failed, or back to the queue); `undefined` when `claim` no longer holds the job. */
export async function endJob(db: Kysely<Database>, claim: JobClaim, end: JobEnd): Promise<StoredJob | undefined> {
  if (!isRowId(claim.id)) return undefined;
  const nowMs = Date.now();
  const values =
    end.state === "queued"
      ? { state: "queued", not_before_ms: end.notBefore?.getTime() ?? null, error: encodeJobError(end.error), locked_by: null, heartbeat_at_ms: null }
      : {
          state: end.state,
          finished_at_ms: nowMs,
          result: end.result === undefined ? null : encodeJson(end.result),
          error: end.state === "failed" ? encodeJobError(end.error) : null,
          locked_by: null,
          heartbeat_at_ms: null,
        };
  const row = await db
    .updateTable("jobs")
    .set(values)
    .where("id", "=", claim.id)
    .where("state", "=", "running")
    .where("attempts", "=", claim.attempts)
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : decodeJob(row);
}

/** Cancels a queued or running job; an ended one is returned unchanged. `undefined` when absent. */
export async function cancelJob(db: Kysely<Database>, id: number): Promise<CancelJobResult | undefined> {
  if (!isRowId(id)) return undefined;
  const row = await db
    .updateTable("jobs")
    .set({ state: "cancelled", finished_at_ms: Date.now(), not_before_ms: null, locked_by: null, heartbeat_at_ms: null })
    .where("id", "=", id)
    .where("state", "in", ["queued", "running"])
    .returningAll()
    .executeTakeFirst();
  if (row !== undefined) return { job: decodeJob(row), cancelled: true };
  const job = await findJob(db, id);
  return job === undefined ? undefined : { job, cancelled: false };
}

/** Re-queues running jobs whose heartbeat is older than `heartbeatBefore`; how many. */
export async function requeueStaleJobs(db: Kysely<Database>, heartbeatBefore: Date): Promise<number> {
  const result = await db
    .updateTable("jobs")
    .set({ state: "queued", locked_by: null, heartbeat_at_ms: null })
    .where("state", "=", "running")
    .where((eb) => eb.or([eb("heartbeat_at_ms", "is", null), eb("heartbeat_at_ms", "<", heartbeatBefore.getTime())]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
