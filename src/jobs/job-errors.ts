/**
 * Errors of the job queue, and how any error is recorded on a job (`{ code, message }`).
 */
import { BadInputError, TelegramRpcError, TelegramTimeoutError, TelegramWebError, TgscopeError } from "../domain/index.js";
import type { JobError, JobState } from "../store/index.js";

/** No job has this id. */
export class JobNotFoundError extends BadInputError {
  readonly code = "job_not_found";
  constructor(readonly jobId: number, options?: ErrorOptions) {
    super(`job ${jobId} does not exist; GET /api/jobs lists the jobs`, options);
    this.name = "JobNotFoundError";
  }
}

/** The job has already ended (`done`, `failed` or `cancelled`): it cannot be cancelled any more. */
export class JobFinishedError extends BadInputError {
  readonly code = "job_finished";
  constructor(readonly jobId: number, readonly state: JobState, options?: ErrorOptions) {
    super(`job ${jobId} has already ended (${state}); only queued or running jobs can be cancelled — start a new one instead`, options);
    this.name = "JobFinishedError";
  }
}

/** Code of an error that is not a tgscope error (a bug, a database failure): its message stays in the server log. */
export const INTERNAL_JOB_ERROR_CODE = "internal";

/**
 * The `{ code, message }` recorded on a job for `error`: a tgscope error's own code and message (they
 * never contain secrets); for any other error, {@link INTERNAL_JOB_ERROR_CODE} and a pointer to the log.
 */
export function toJobError(error: unknown): JobError {
  if (error instanceof TgscopeError) return { code: error.code, message: error.message };
  return { code: INTERNAL_JOB_ERROR_CODE, message: "unexpected error while running the job; see the server log" };
}

/** Failures worth another run later: Telegram's pages or servers unavailable (5xx), calls that timed out. */
export function isTransientError(error: unknown): boolean {
  return (
    error instanceof TelegramWebError ||
    error instanceof TelegramTimeoutError ||
    (error instanceof TelegramRpcError && error.errorCode >= 500)
  );
}
