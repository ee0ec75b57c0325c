/**
 * The background job record of `GET /api/jobs`, `GET /api/jobs/:id` and the other job endpoints.
 */
import type { Job, JobState } from "../src/jobs/index.js";
import type { JsonValue } from "../src/store/index.js";

/**
 * A job as the API shows it. Dates are ISO 8601 UTC. `params`, `progress` and `result` are the job
 * kind's JSON documents; for `collect` see `README.md` (REST API).
 */
export interface JobRow {
  id: number;
  /** What the job does: `collect`. */
  kind: string;
  /** The parameters it was started with. */
  params: JsonValue;
  /** `queued`, `running`, `done`, `failed` or `cancelled`. */
  state: JobState;
  /** What the job reported last while running (kept after it ends). */
  progress: JsonValue | null;
  /** What a finished job produced. */
  result: JsonValue | null;
  /** Why it failed (or, while queued again, why it waits: `flood_wait`, a transient failure). */
  error: { code: string; message: string } | null;
  created_at: string;
  /** Start of the latest run. */
  started_at: string | null;
  finished_at: string | null;
  /** Runs started so far. */
  attempts: number;
  /** A queued job does not start before this instant. */
  not_before: string | null;
}

/** Maps a job to its {@link JobRow}. */
export function toJobRow(job: Job): JobRow {
  return {
    id: job.id,
    kind: job.kind,
    params: job.params,
    state: job.state,
    progress: job.progress ?? null,
    result: job.result ?? null,
    error: job.error === undefined ? null : { code: job.error.code, message: job.error.message },
    created_at: job.createdAt.toISOString(),
    started_at: job.startedAt?.toISOString() ?? null,
    finished_at: job.finishedAt?.toISOString() ?? null,
    attempts: job.attempts,
    not_before: job.notBefore?.toISOString() ?? null,
  };
}
