/**
 * The job queue port: what the API (enqueue, list, look up, cancel) and the {@link JobRunner} (claim,
 * report, end) ask of a queue. One port, two adapters: {@link StoreJobQueue} keeps the queue in the
 * archive's `jobs` table (in-process on SQLite; on PostgreSQL workers on several machines share it);
 * a pg-boss adapter can implement the same port without changing its callers.
 */
import type { JobClaim, JobEnd, JobError, JobState, JsonValue, StoredJob } from "../store/index.js";

export type { JobClaim, JobEnd, JobError, JobState, JsonValue };

/** A job as the queue shows it. */
export type Job = StoredJob;

/** Options of {@link JobQueue.enqueue}. */
export interface EnqueueOptions {
  /** Do not run it before this instant. Default: as soon as a worker is free. */
  notBefore?: Date;
}

/** A job queue. Jobs are JSON documents of a `kind`; the queue never looks inside them. */
export interface JobQueue {
  /** Adds a job in state `queued`. */
  enqueue(kind: string, params: JsonValue, options?: EnqueueOptions): Promise<Job>;
  /** A job by id, `undefined` when absent. */
  findJob(id: number): Promise<Job | undefined>;
  /** A job by id. @throws {JobNotFoundError} when absent */
  getJob(id: number): Promise<Job>;
  /** The newest jobs first; `limit` default 50, max 1000. */
  listJobs(options?: { limit?: number }): Promise<Job[]>;
  /**
   * Cancels a queued job, or a running one (its worker aborts it at its next progress report or
   * heartbeat; what it stored so far stays).
   *
   * @returns the job, now `cancelled`
   * @throws {JobNotFoundError} when absent
   * @throws {JobFinishedError} when it has already ended
   */
  cancelJob(id: number): Promise<Job>;
  /**
   * Claims the oldest due job of `kinds` for worker `workerId`: it becomes `running`, with one more
   * attempt. No other worker, in this process or another, gets the same run.
   *
   * @returns the job (its `id` and `attempts` are the run's {@link JobClaim}), `undefined` when none is due
   */
  claimNext(workerId: string, kinds: readonly string[]): Promise<Job | undefined>;
  /** Records a run's progress (and that its worker is alive); `false` when the run lost the job: abort it. */
  reportProgress(claim: JobClaim, progress: JsonValue): Promise<boolean>;
  /** Records that a run's worker is alive; `false` when the run lost the job: abort it. */
  heartbeat(claim: JobClaim): Promise<boolean>;
  /** Ends a run: done, failed, or back to the queue; `undefined` when the run had lost the job. */
  end(claim: JobClaim, end: JobEnd): Promise<Job | undefined>;
  /** Gives running jobs whose worker stopped beating before `heartbeatBefore` back to the queue; how many. */
  requeueAbandoned(heartbeatBefore: Date): Promise<number>;
}
