/**
 * The {@link JobQueue} adapter for PostgreSQL archives: pg-boss (v10) hands out the work, so worker
 * processes on several machines share it; the archive's `jobs` table stays the record (params,
 * progress, result, listing, cancelling, claim fencing).
 *
 * Every time a row becomes due (enqueued, or given back to the queue) a pg-boss job `{ jobId }` is
 * sent to the queue named after the row's kind, with `startAfter` = the row's `notBefore`. A pg-boss
 * job is a token: claiming fetches one token, then claims the oldest due row of that kind through the
 * store (`claimNextJob`, fenced by `for update skip locked`) and completes the token. The store has no
 * claim by id, so the row claimed may be another due row of the kind than the token's (FIFO order is
 * kept); as each queued row has sent one token and each claim uses one, a due row always has a token
 * waiting. Tokens whose row was cancelled or already ran claim nothing and are simply completed;
 * spare tokens are therefore harmless, missing ones are not, so when in doubt one more is sent.
 */
import PgBoss from "pg-boss";
import type { JsonValue } from "../store/index.js";
import type { Logger } from "../lib/index.js";
import { JobFinishedError, JobNotFoundError } from "./job-errors.js";
import type { EnqueueOptions, Job, JobClaim, JobEnd, JobQueue } from "./job-queue.js";
import type { JobTable } from "./store-job-queue.js";

/** Default PostgreSQL schema of pg-boss's tables. */
export const DEFAULT_PG_BOSS_SCHEMA = "pgboss";

/** A token not completed this long after its fetch (its worker died between fetch and claim) is handed out again. */
const TOKEN_EXPIRE_SECONDS = 60;
/** How often such a token is handed out again. */
const TOKEN_RETRY_LIMIT = 10;

/** Construction of a {@link PgBossJobQueue}. */
export interface PgBossJobQueueOptions {
  /** The archive's job methods (the record). */
  table: JobTable;
  /** PostgreSQL server of pg-boss, normally the archive's `postgres://` URL. */
  connectionString: string;
  /** Schema of pg-boss's tables (created when missing); default {@link DEFAULT_PG_BOSS_SCHEMA}. */
  schema?: string;
  /** Where pg-boss's background errors go (they are not thrown). */
  logger?: Pick<Logger, "warn">;
}

/** Payload of a pg-boss token. */
interface Token {
  jobId: number;
}

/** {@link JobQueue} with pg-boss handing out the jobs of the store's `jobs` table. Open with {@link PgBossJobQueue.start}. */
export class PgBossJobQueue implements JobQueue {
  readonly #table: JobTable;
  readonly #boss: PgBoss;
  /** pg-boss queues known to exist (one per job kind). */
  readonly #queues = new Map<string, Promise<void>>();
  #stopped = false;

  private constructor(table: JobTable, boss: PgBoss) {
    this.#table = table;
    this.#boss = boss;
  }

  /**
   * Connects pg-boss (creating or migrating its schema) and returns the queue. Close it with {@link PgBossJobQueue.stop}.
   *
   * @throws the driver's error when PostgreSQL cannot be reached
   */
  static async start(options: PgBossJobQueueOptions): Promise<PgBossJobQueue> {
    const boss = new PgBoss({
      connectionString: options.connectionString,
      schema: options.schema ?? DEFAULT_PG_BOSS_SCHEMA,
      schedule: false,
      max: 4,
      application_name: "tgscope-jobs",
    });
    boss.on("error", (error) => options.logger?.warn({ err: error }, "pg-boss background error"));
    await boss.start();
    return new PgBossJobQueue(options.table, boss);
  }

  /** Stops pg-boss and closes its connections (the store is not closed). */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    await this.#boss.stop({ graceful: false, wait: true, timeout: 5000 });
  }

  async enqueue(kind: string, params: JsonValue, options: EnqueueOptions = {}): Promise<Job> {
    await this.#ensureQueue(kind);
    const job = await this.#table.enqueueJob({ kind, params, ...(options.notBefore === undefined ? {} : { notBefore: options.notBefore }) });
    await this.#sendToken(job);
    return job;
  }

  findJob(id: number): Promise<Job | undefined> {
    return this.#table.findJob(id);
  }

  async getJob(id: number): Promise<Job> {
    const job = await this.#table.findJob(id);
    if (job === undefined) throw new JobNotFoundError(id);
    return job;
  }

  listJobs(options: { limit?: number } = {}): Promise<Job[]> {
    return this.#table.listJobs(options);
  }

  /** Cancels the row; its token, when fetched, claims nothing of it (the store never hands out a cancelled row). */
  async cancelJob(id: number): Promise<Job> {
    const outcome = await this.#table.cancelJob(id);
    if (outcome === undefined) throw new JobNotFoundError(id);
    if (!outcome.cancelled) throw new JobFinishedError(id, outcome.job.state);
    return outcome.job;
  }

  async claimNext(workerId: string, kinds: readonly string[]): Promise<Job | undefined> {
    for (const kind of kinds) {
      await this.#ensureQueue(kind);
      for (;;) {
        const [token] = await this.#boss.fetch<Token>(kind, { batchSize: 1 });
        if (token === undefined) break;
        let job: Job | undefined;
        try {
          job = await this.#table.claimNextJob({ workerId, kinds: [kind] });
          if (job === undefined) await this.#keepTokenIfStillQueued(token.data.jobId);
        } catch (error) {
          // The token goes back to pg-boss (retried), so its row is not left without one.
          await this.#boss.fail(kind, token.id, { message: (error as Error).message }).catch(() => undefined);
          throw error;
        }
        await this.#boss.complete(kind, token.id);
        if (job !== undefined) return job;
      }
    }
    return undefined;
  }

  reportProgress(claim: JobClaim, progress: JsonValue): Promise<boolean> {
    return this.#table.updateJobProgress(claim, progress);
  }

  heartbeat(claim: JobClaim): Promise<boolean> {
    return this.#table.heartbeatJob(claim);
  }

  /** Ends the run in the store; a job given back to the queue gets a new token, due at its `notBefore`. */
  async end(claim: JobClaim, end: JobEnd): Promise<Job | undefined> {
    const job = await this.#table.endJob(claim, end);
    if (job?.state === "queued") await this.#sendToken(job);
    return job;
  }

  /** Re-queues abandoned rows in the store and sends as many tokens to every kind's queue (spare ones claim nothing). */
  async requeueAbandoned(heartbeatBefore: Date): Promise<number> {
    const requeued = await this.#table.requeueStaleJobs(heartbeatBefore);
    if (requeued > 0) {
      const queues = await this.#boss.getQueues();
      for (const queue of queues) {
        for (let i = 0; i < requeued; i++) await this.#boss.send(queue.name, { jobId: 0 } satisfies Token);
      }
    }
    return requeued;
  }

  /** A token claimed no row: when the token's own row is still queued (not yet due on this clock, or taken by a claim that then failed), send it a new one. */
  async #keepTokenIfStillQueued(jobId: number): Promise<void> {
    const row = jobId > 0 ? await this.#table.findJob(jobId) : undefined;
    if (row?.state !== "queued") return;
    const soon = new Date(Date.now() + 1000);
    await this.#sendToken({ ...row, notBefore: row.notBefore !== undefined && row.notBefore > soon ? row.notBefore : soon });
  }

  async #sendToken(job: Job): Promise<void> {
    await this.#ensureQueue(job.kind);
    const id = await this.#boss.send(job.kind, { jobId: job.id } satisfies Token, {
      ...(job.notBefore === undefined ? {} : { startAfter: job.notBefore }),
      expireInSeconds: TOKEN_EXPIRE_SECONDS,
      retryLimit: TOKEN_RETRY_LIMIT,
    });
    if (id === null) throw new Error(`pg-boss did not accept the token of job ${job.id}`);
  }

  #ensureQueue(kind: string): Promise<void> {
    let created = this.#queues.get(kind);
    if (created === undefined) {
      created = this.#boss.createQueue(kind, { name: kind, expireInSeconds: TOKEN_EXPIRE_SECONDS, retryLimit: TOKEN_RETRY_LIMIT });
      created.catch(() => this.#queues.delete(kind));
      this.#queues.set(kind, created);
    }
    return created;
  }
}
