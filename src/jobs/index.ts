/**
 * Background jobs: the queue port ({@link JobQueue}) with its in-process adapter over the archive
 * ({@link StoreJobQueue}), its pg-boss adapter for PostgreSQL archives ({@link PgBossJobQueue}), the
 * {@link JobRunner} that `tgscope serve` starts, and the `collect` job.
 */
export type { EnqueueOptions, Job, JobClaim, JobEnd, JobError, JobQueue, JobState } from "./job-queue.js";
export { StoreJobQueue, type JobTable } from "./store-job-queue.js";
export { DEFAULT_PG_BOSS_SCHEMA, PgBossJobQueue, type PgBossJobQueueOptions } from "./pg-boss-job-queue.js";
export {
  DEFAULT_RETRY_POLICY,
  JobRunner,
  type JobContext,
  type JobHandler,
  type JobOutcome,
  type JobRetryPolicy,
  type JobRunnerConfig,
} from "./job-runner.js";
export { INTERNAL_JOB_ERROR_CODE, JobFinishedError, JobNotFoundError, isTransientError, toJobError } from "./job-errors.js";
export {
  COLLECT_JOB,
  DEFAULT_COLLECT_RETRY_POLICY,
  MAX_COLLECT_JOB_REFS,
  collectJobHandler,
  parseCollectJobParams,
  runCollectJob,
  type ChannelCollectOptions,
  type ChannelCollection,
  type ChannelProgress,
  type CollectChannelOutcome,
  type CollectJobParams,
  type CollectJobPorts,
  type CollectJobResult,
  type MediaDownloadJobOptions,
  type MediaDownloadSummary,
  type MtprotoChannelCollectOptions,
} from "./collect.job.js";
