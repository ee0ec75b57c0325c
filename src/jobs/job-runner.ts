/**
 * Runs queued jobs in this process: claims due jobs from a {@link JobQueue} (one at a time by
 * default), runs each through the handler of its kind with an `AbortSignal`, records its progress
 * and its end. Started by `tgscope serve`; the handlers are injected (wired in `main.ts`), so the
 * runner knows nothing of what a job does.
 *
 * - A `FLOOD_WAIT` ({@link FloodWaitError}) is not a failure: the job goes back to the queue until
 *   the wait ends. Transient failures (Telegram's pages or servers unavailable, timeouts) are retried
 *   with backoff per the handler's {@link JobRetryPolicy}; any other error fails the job with its
 *   `{ code, message }`.
 * - Cancelling a job (any process) aborts its run at the next progress report or heartbeat.
 * - {@link JobRunner.stop} aborts the runs and gives their jobs back to the queue; a job whose
 *   worker died is given back once its heartbeat is {@link JobRunnerConfig.staleAfterMs} old (checked
 *   at start and then regularly). Jobs must therefore be resumable and idempotent (collections are:
 *   their cursors say where to continue).
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { FloodWaitError } from "../domain/index.js";
import type { Logger } from "../lib/index.js";
import { INTERNAL_JOB_ERROR_CODE, isTransientError, toJobError } from "./job-errors.js";
import type { Job, JobClaim, JobEnd, JobError, JobQueue, JsonValue } from "./job-queue.js";

/** What a handler gets besides the job. */
export interface JobContext {
  /** Aborts when the job is cancelled or the runner stops: stop working and let the error propagate. */
  readonly signal: AbortSignal;
  /** Records the job's progress (a JSON document of the job's kind); the latest value wins, written in the background. */
  progress(progress: JsonValue): void;
  readonly logger: Logger;
}

/** What a run produced: `done` with `result`, or `failed` with `error` (the result is kept too). */
export interface JobOutcome {
  result: JsonValue;
  error?: JobError;
}

/** How often a job is tried again after a transient failure. */
export interface JobRetryPolicy {
  /** Runs a job may start before a transient failure fails it for good (runs cut by a flood wait or a stop count too). */
  maxAttempts: number;
  /** Wait before the first retry, in milliseconds; doubled for each later one. */
  backoffMs: number;
}

/** Default {@link JobRetryPolicy}: 3 runs, retried after 30 s, then 60 s. */
export const DEFAULT_RETRY_POLICY: Readonly<JobRetryPolicy> = Object.freeze({ maxAttempts: 3, backoffMs: 30_000 });

/** Runs the jobs of one kind. */
export interface JobHandler {
  /**
   * Runs `job`. Throws when it cannot go on: the runner then re-queues it (`FloodWaitError`, a
   * transient failure, an abort by {@link JobRunner.stop}) or fails it with the error's code.
   */
  run(job: Job, context: JobContext): Promise<JobOutcome>;
  /** Default {@link DEFAULT_RETRY_POLICY}. */
  retry?: JobRetryPolicy;
}

/** Construction of a {@link JobRunner}. */
export interface JobRunnerConfig {
  queue: JobQueue;
  /** Handlers by job kind; the runner claims only jobs of these kinds. */
  handlers: Readonly<Record<string, JobHandler>>;
  logger: Logger;
  /** Jobs run at the same time (default 1). */
  concurrency?: number;
  /** How often to look for due jobs when idle, in milliseconds (default 1000). */
  pollIntervalMs?: number;
  /** How often a running job's heartbeat is written, in milliseconds (default 5000). */
  heartbeatIntervalMs?: number;
  /** A running job whose heartbeat is this old was left by a dead worker and is re-queued, in milliseconds (default 30000). */
  staleAfterMs?: number;
  /** How long {@link JobRunner.stop} waits for aborted runs to unwind, in milliseconds (default 15000). */
  stopTimeoutMs?: number;
  /** Identifies this runner in `lockedBy` (default `<host>:<pid>:<random>`). */
  workerId?: string;
}

/** Why the runner aborted a run. */
type AbortCause = "stopping" | "lost";

interface ActiveRun {
  readonly job: Job;
  readonly claim: JobClaim;
  readonly controller: AbortController;
  cause?: AbortCause;
  /** The claim was given back by `stop()` after the run did not unwind in time. */
  released: boolean;
  /** Settles when the run has ended (its end recorded). */
  done?: Promise<void>;
  /** Progress waiting to be written, and the write in flight. */
  pendingProgress?: JsonValue;
  writing?: Promise<void>;
}

/** Claims and runs jobs until stopped. */
export class JobRunner {
  readonly workerId: string;
  readonly #queue: JobQueue;
  readonly #handlers: Readonly<Record<string, JobHandler>>;
  readonly #kinds: string[];
  readonly #logger: Logger;
  readonly #concurrency: number;
  readonly #pollIntervalMs: number;
  readonly #heartbeatIntervalMs: number;
  readonly #staleAfterMs: number;
  readonly #stopTimeoutMs: number;
  readonly #active = new Map<number, ActiveRun>();
  #loop?: Promise<void>;
  #stopping = false;
  #wake?: () => void;

  constructor(config: JobRunnerConfig) {
    this.#queue = config.queue;
    this.#handlers = config.handlers;
    this.#kinds = Object.keys(config.handlers);
    this.#logger = config.logger;
    this.#concurrency = Math.max(1, Math.floor(config.concurrency ?? 1));
    this.#pollIntervalMs = Math.max(1, config.pollIntervalMs ?? 1000);
    this.#heartbeatIntervalMs = Math.max(1, config.heartbeatIntervalMs ?? 5000);
    this.#staleAfterMs = Math.max(this.#heartbeatIntervalMs * 2, config.staleAfterMs ?? 30_000);
    this.#stopTimeoutMs = Math.max(0, config.stopTimeoutMs ?? 15_000);
    this.workerId = config.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  /** Ids of the jobs running now. */
  get runningJobIds(): number[] {
    return [...this.#active.keys()];
  }

  /**
   * Re-queues the jobs dead workers left running, then starts claiming.
   *
   * @throws the queue's error when the first recovery fails (nothing was started)
   */
  async start(): Promise<void> {
    if (this.#loop !== undefined) throw new Error("the job runner is already started");
    await this.#recoverAbandoned();
    this.#loop = this.#run();
  }

  /** Looks for due jobs now rather than at the next poll (e.g. right after enqueuing one). */
  wake(): void {
    this.#wake?.();
  }

  /**
   * Stops claiming, aborts the running jobs and gives them back to the queue (waiting up to
   * `stopTimeoutMs` for each to unwind). Resolves when nothing of the runner is left running.
   */
  async stop(): Promise<void> {
    if (this.#stopping) return this.#loop;
    this.#stopping = true;
    this.#wake?.();
    const runs = [...this.#active.values()];
    for (const run of runs) this.#abort(run, "stopping");
    const unwound = Promise.all(runs.map((run) => run.done));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      unwound.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), this.#stopTimeoutMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      for (const run of this.#active.values()) {
        run.released = true;
        this.#logger.warn({ job: run.job.id }, "job did not stop in time; giving it back to the queue");
        await this.#end(run, { state: "queued" });
      }
    }
    await this.#loop;
  }

  async #run(): Promise<void> {
    let lastBeatMs = Date.now();
    let lastRecoveryMs = Date.now();
    while (!this.#stopping) {
      try {
        while (!this.#stopping && this.#active.size < this.#concurrency) {
          const job = await this.#queue.claimNext(this.workerId, this.#kinds);
          if (job === undefined) break;
          if (this.#stopping) {
            await this.#queue.end(job, { state: "queued" });
            break;
          }
          this.#launch(job);
        }
        if (Date.now() - lastBeatMs >= this.#heartbeatIntervalMs) {
          lastBeatMs = Date.now();
          await this.#heartbeats();
        }
        if (Date.now() - lastRecoveryMs >= this.#staleAfterMs) {
          lastRecoveryMs = Date.now();
          await this.#recoverAbandoned();
        }
      } catch (error) {
        this.#logger.error({ err: error }, "job queue unavailable; trying again at the next poll");
      }
      await this.#idle(Math.min(this.#pollIntervalMs, this.#heartbeatIntervalMs));
    }
  }

  /** Waits `ms`, or less when woken (a run ended, `wake()`, `stop()`). */
  #idle(ms: number): Promise<void> {
    if (this.#stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        this.#wake = undefined;
        done();
      };
    });
  }

  #launch(job: Job): void {
    const handler = this.#handlers[job.kind]!;
    const run: ActiveRun = { job, claim: { id: job.id, attempts: job.attempts }, controller: new AbortController(), released: false };
    this.#active.set(job.id, run);
    this.#logger.info({ job: job.id, kind: job.kind, attempt: job.attempts }, "job started");
    const context: JobContext = {
      signal: run.controller.signal,
      progress: (progress) => this.#progress(run, progress),
      logger: this.#logger.child({ job: job.id }),
    };
    // Start the handler on a later tick so that a synchronous throw is an ordinary rejection.
    const outcome = Promise.resolve().then(() => handler.run(job, context));
    run.done = this.#settle(run, handler, outcome).finally(() => {
      this.#active.delete(job.id);
      this.#wake?.();
    });
  }

  /** Records the run's end from the handler's outcome or error. */
  async #settle(run: ActiveRun, handler: JobHandler, outcome: Promise<JobOutcome>): Promise<void> {
    let end: JobEnd;
    try {
      const { result, error } = await outcome;
      end = error === undefined ? { state: "done", result } : { state: "failed", error, result };
    } catch (error) {
      end = this.#endForError(run, handler, error);
    }
    await this.#flushProgress(run);
    if (run.cause === "lost" || run.released) {
      this.#logger.info({ job: run.job.id }, "job stopped: it was cancelled or taken over");
      return;
    }
    const ended = await this.#end(run, end);
    if (ended === undefined) return;
    const fields = { job: ended.id, state: ended.state, ...(ended.error ? { code: ended.error.code } : {}) };
    if (ended.state === "queued") this.#logger.info({ ...fields, notBefore: ended.notBefore?.toISOString() }, "job back in the queue");
    else this.#logger.info(fields, `job ${ended.state}`);
  }

  #endForError(run: ActiveRun, handler: JobHandler, error: unknown): JobEnd {
    if (run.cause === "stopping") return { state: "queued" };
    if (run.cause === "lost") return { state: "queued" };
    if (error instanceof FloodWaitError) return { state: "queued", notBefore: error.until, error: toJobError(error) };
    const policy = handler.retry ?? DEFAULT_RETRY_POLICY;
    if (isTransientError(error) && run.claim.attempts < policy.maxAttempts) {
      const delayMs = policy.backoffMs * 2 ** (run.claim.attempts - 1);
      return { state: "queued", notBefore: new Date(Date.now() + delayMs), error: toJobError(error) };
    }
    const jobError = toJobError(error);
    if (jobError.code === INTERNAL_JOB_ERROR_CODE) this.#logger.error({ err: error, job: run.job.id }, "job failed with an unexpected error");
    return { state: "failed", error: jobError };
  }

  /** `queue.end`, logging (not throwing) a queue failure: the job is then recovered as abandoned. */
  async #end(run: ActiveRun, end: JobEnd): Promise<Job | undefined> {
    try {
      return await this.#queue.end(run.claim, end);
    } catch (error) {
      this.#logger.error({ err: error, job: run.job.id }, "could not record the end of the job; it will be re-queued as abandoned");
      return undefined;
    }
  }

  #abort(run: ActiveRun, cause: AbortCause): void {
    if (run.cause !== undefined) return;
    run.cause = cause;
    run.controller.abort(new Error(cause === "stopping" ? "the job runner is stopping" : `job ${run.job.id} was cancelled`));
  }

  #progress(run: ActiveRun, progress: JsonValue): void {
    run.pendingProgress = progress;
    if (run.writing !== undefined) return;
    run.writing = (async () => {
      while (run.pendingProgress !== undefined) {
        const next = run.pendingProgress;
        run.pendingProgress = undefined;
        try {
          if (!(await this.#queue.reportProgress(run.claim, next))) this.#abort(run, "lost");
        } catch (error) {
          this.#logger.warn({ err: error, job: run.job.id }, "could not record the job's progress");
        }
      }
      run.writing = undefined;
    })();
  }

  async #flushProgress(run: ActiveRun): Promise<void> {
    while (run.writing !== undefined) await run.writing;
  }

  async #heartbeats(): Promise<void> {
    for (const run of this.#active.values()) {
      if (run.cause !== undefined) continue;
      if (!(await this.#queue.heartbeat(run.claim))) this.#abort(run, "lost");
    }
  }

  async #recoverAbandoned(): Promise<void> {
    const requeued = await this.#queue.requeueAbandoned(new Date(Date.now() - this.#staleAfterMs));
    if (requeued > 0) this.#logger.warn({ jobs: requeued }, "re-queued jobs left running by a stopped worker");
  }
}
