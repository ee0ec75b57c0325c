/**
 * The in-process {@link JobQueue} adapter: the queue is the archive's `jobs` table, so it needs no
 * other service. On SQLite one `tgscope serve` runs the jobs; on PostgreSQL any number of workers can
 * share the table (claims use `for update skip locked`).
 */
import type { JsonValue, Store } from "../store/index.js";
import { JobFinishedError, JobNotFoundError } from "./job-errors.js";
import type { EnqueueOptions, Job, JobClaim, JobEnd, JobQueue } from "./job-queue.js";

/** The part of the store the queue uses. */
export type JobTable = Pick<
  Store,
  "enqueueJob" | "findJob" | "listJobs" | "claimNextJob" | "updateJobProgress" | "heartbeatJob" | "endJob" | "cancelJob" | "requeueStaleJobs"
>;

/** {@link JobQueue} over the store's `jobs` table. */
export class StoreJobQueue implements JobQueue {
  constructor(private readonly table: JobTable) {}

  enqueue(kind: string, params: JsonValue, options: EnqueueOptions = {}): Promise<Job> {
    return this.table.enqueueJob({ kind, params, ...(options.notBefore === undefined ? {} : { notBefore: options.notBefore }) });
  }

  findJob(id: number): Promise<Job | undefined> {
    return this.table.findJob(id);
  }

  async getJob(id: number): Promise<Job> {
    const job = await this.table.findJob(id);
    if (job === undefined) throw new JobNotFoundError(id);
    return job;
  }

  listJobs(options: { limit?: number } = {}): Promise<Job[]> {
    return this.table.listJobs(options);
  }

  async cancelJob(id: number): Promise<Job> {
    const outcome = await this.table.cancelJob(id);
    if (outcome === undefined) throw new JobNotFoundError(id);
    if (!outcome.cancelled) throw new JobFinishedError(id, outcome.job.state);
    return outcome.job;
  }

  claimNext(workerId: string, kinds: readonly string[]): Promise<Job | undefined> {
    return this.table.claimNextJob({ workerId, kinds });
  }

  reportProgress(claim: JobClaim, progress: JsonValue): Promise<boolean> {
    return this.table.updateJobProgress(claim, progress);
  }

  heartbeat(claim: JobClaim): Promise<boolean> {
    return this.table.heartbeatJob(claim);
  }

  end(claim: JobClaim, end: JobEnd): Promise<Job | undefined> {
    return this.table.endJob(claim, end);
  }

  requeueAbandoned(heartbeatBefore: Date): Promise<number> {
    return this.table.requeueStaleJobs(heartbeatBefore);
  }
}
