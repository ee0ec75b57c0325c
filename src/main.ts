/**
 * Composition root: configuration → store → adapters → services. The CLI and the server get their
 * dependencies from here; nothing else constructs adapters. {@link startJobRunner} wires the job
 * handlers to the collectors for the server role.
 */
import { mkdirSync } from "node:fs";
import type { Config } from "./config/index.js";
import { AccountPool, TelegramAccounts } from "./accounts/index.js";
import { ChannelAddress, collectMtprotoChannel, collectWebChannel, downloadSourceMedia } from "./collect/index.js";
import { COLLECT_JOB, JobRunner, PgBossJobQueue, StoreJobQueue, collectJobHandler, type JobQueue, type JobRunnerConfig } from "./jobs/index.js";
import { SecretBox, createLogger, loadMasterKey, type Logger } from "./lib/index.js";
import { openStore, type Store } from "./store/index.js";
import { TelegramWebClient, relayConnection } from "./telegram/index.js";

/** Everything a process role (CLI command, server) works with. Close it when done. */
export interface Services {
  readonly config: Config;
  readonly logger: Logger;
  readonly store: Store;
  /** Web preview client (`t.me/s/<channel>`, `t.me/<username>`), polite per host. */
  readonly web: TelegramWebClient;
  /** Telegram accounts (sign-in, sealed sessions); the master key is loaded on first use. */
  readonly accounts: TelegramAccounts;
  /** Lends signed-in accounts to MTProto work (rates, flood parking); connects on first use. */
  readonly pool: AccountPool;
  /**
   * The background job queue (jobs are kept in the archive; they run where {@link startJobRunner} was
   * called), opened on first call: pg-boss on PostgreSQL, in-process on SQLite.
   *
   * @throws pg-boss's error when it cannot start on the database
   */
  openJobs(): Promise<JobQueue>;
  close(): Promise<void>;
}

/**
 * Opens the store (creating the data directory and running migrations) and builds the adapters.
 *
 * @param logger - defaults to a pino logger at `config.logLevel` writing to stderr
 * @throws the database driver's error when the database cannot be opened
 */
export async function openServices(config: Config, logger: Logger = createLogger(config.logLevel)): Promise<Services> {
  mkdirSync(config.dataDir, { recursive: true });
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    sqliteBusyTimeoutMs: config.sqliteBusyTimeoutMs,
    logger,
  });
  const web = new TelegramWebClient({
    baseUrl: config.webBaseUrl,
    delayMs: config.webDelayMs,
    timeoutMs: config.webTimeoutMs,
    maxRetries: config.webMaxRetries,
    logger,
  });
  let secrets: SecretBox | undefined;
  const relayUrl = config.mtprotoRelayUrl;
  const accounts = new TelegramAccounts({
    store,
    secrets: () => (secrets ??= new SecretBox(loadMasterKey({ configuredKey: config.masterKey, dataDir: config.dataDir }))),
    floodSleepThresholdSeconds: config.floodSleepThresholdSeconds,
    ...(relayUrl !== undefined ? { connection: (label: string) => relayConnection(relayUrl, label) } : {}),
  });
  const pool = new AccountPool({ store, accounts, resolvePerMinute: config.resolvePerMinute, logger });
  // PostgreSQL: pg-boss hands out the jobs, so workers on several machines share them; SQLite: in-process.
  // Started on first use: only `serve` needs it, not every command.
  let bossQueue: Promise<PgBossJobQueue> | undefined;
  let jobs: Promise<JobQueue> | undefined;
  const openJobs = (): Promise<JobQueue> =>
    (jobs ??= /^postgres(ql)?:\/\//.test(config.databaseUrl)
      ? (bossQueue = PgBossJobQueue.start({ table: store, connectionString: config.databaseUrl, logger }))
      : Promise.resolve(new StoreJobQueue(store)));
  return {
    config,
    logger,
    store,
    web,
    accounts,
    pool,
    openJobs,
    close: async () => {
      await pool.close();
      await accounts.close();
      await (await bossQueue?.catch(() => undefined))?.stop();
      await store.close();
    },
  };
}

/** Timings of the job runner (defaults in {@link JobRunnerConfig}; tests shorten them). */
export type JobRunnerOptions = Pick<
  JobRunnerConfig,
  "concurrency" | "pollIntervalMs" | "heartbeatIntervalMs" | "staleAfterMs" | "stopTimeoutMs" | "workerId"
>;

/**
 * Starts running the queued jobs of `services.openJobs()` in this process (the `serve` role): `collect`
 * jobs go through the web preview client or the account pool, like `tgscope collect`. Stop the runner
 * before closing the services: its running jobs go back to the queue.
 *
 * @throws the store's error when jobs left running by a dead process cannot be re-queued
 */
export async function startJobRunner(services: Services, options: JobRunnerOptions = {}): Promise<JobRunner> {
  const { store, web, pool, config } = services;
  const collect = collectJobHandler({
    collectWeb: (ref, collectOptions) => collectWebChannel(store, web, ref, collectOptions),
    collectMtproto: (ref, collectOptions) => collectMtprotoChannel(store, pool, ref, collectOptions),
    downloadMedia: (source, mediaOptions) =>
      downloadSourceMedia(store, pool, new ChannelAddress(store, source.username, source.peerId), source.id, {
        dataDir: config.dataDir,
        kinds: mediaOptions.kinds,
        ...(mediaOptions.maxSizeBytes !== undefined ? { maxSizeBytes: mediaOptions.maxSizeBytes } : {}),
        signal: mediaOptions.signal,
        onProgress: (p) => mediaOptions.onProgress(p.done, p.total),
      }),
    defaultRecheckDays: config.recheckDays,
  });
  const runner = new JobRunner({ ...options, queue: await services.openJobs(), logger: services.logger, handlers: { [COLLECT_JOB]: collect } });
  await runner.start();
  return runner;
}
