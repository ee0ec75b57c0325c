/** Domain-facing `StoredJob` ↔ `jobs` rows. */
import type { Selectable } from "kysely";
import type { JobRow } from "../database.js";
import { decodeJson, decodeOptionalJson } from "../json-codec.js";
import type { JobError, JobState, JsonValue, StoredJob } from "../store.js";

/** The job of a row. */
export function decodeJob(row: Selectable<JobRow>): StoredJob {
  const job: StoredJob = {
    id: row.id,
    kind: row.kind,
    params: decodeJson<JsonValue>(row.params),
    state: row.state as JobState,
    createdAt: new Date(Number(row.created_at_ms)),
    attempts: row.attempts,
  };
  const progress = decodeOptionalJson<JsonValue>(row.progress);
  if (progress !== undefined) job.progress = progress;
  const result = decodeOptionalJson<JsonValue>(row.result);
  if (result !== undefined) job.result = result;
  const error = decodeOptionalJson<JobError>(row.error);
  if (error !== undefined) job.error = error;
  if (row.started_at_ms !== null) job.startedAt = new Date(Number(row.started_at_ms));
  if (row.finished_at_ms !== null) job.finishedAt = new Date(Number(row.finished_at_ms));
  if (row.not_before_ms !== null) job.notBefore = new Date(Number(row.not_before_ms));
  if (row.locked_by !== null) job.lockedBy = row.locked_by;
  if (row.heartbeat_at_ms !== null) job.heartbeatAt = new Date(Number(row.heartbeat_at_ms));
  return job;
}

/** The `error` column of a job error: only its code and message, whatever else the object carries. */
export function encodeJobError(error: JobError | undefined): string | null {
  return error === undefined ? null : JSON.stringify({ code: error.code, message: error.message });
}
