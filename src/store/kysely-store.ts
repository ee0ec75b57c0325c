/**
 * The `Store` over Kysely: the same code for every dialect; what differs lives in `dialects/`.
 */
import type { CollectedVia, Source } from "../domain/index.js";
import type { StoreDialect } from "./dialects/index.js";
import * as repositories from "./repositories/index.js";
import type {
  AccessHashEntry,
  AccountUpdate,
  BatchResult,
  CancelJobResult,
  ClaimJobOptions,
  CursorKey,
  JobClaim,
  JobEnd,
  JobListOptions,
  JsonValue,
  MediaDownload,
  MediaKey,
  MessageBatch,
  MessageEdit,
  MessageKey,
  MessagePage,
  MessageQuery,
  NewAccount,
  NewJob,
  PendingMedia,
  PendingMediaFilter,
  SourceSummary,
  Store,
  StoredAccount,
  StoredJob,
  StoredMessage,
  StoredSource,
} from "./store.js";

/** {@link Store} on an open dialect; closing the store closes the dialect. */
export class KyselyStore implements Store {
  readonly dialect: "sqlite" | "postgres";

  constructor(private readonly engine: StoreDialect) {
    this.dialect = engine.name;
  }

  upsertSource(source: Source, via: CollectedVia): Promise<StoredSource> {
    return repositories.upsertSource(this.engine, source, via);
  }

  findSource(ref: string): Promise<StoredSource | undefined> {
    return repositories.findSource(this.engine.db, ref);
  }

  getSource(ref: string): Promise<StoredSource> {
    return repositories.getSource(this.engine.db, ref);
  }

  listSources(): Promise<SourceSummary[]> {
    return repositories.listSources(this.engine.db);
  }

  findCursor(key: CursorKey): Promise<JsonValue | undefined> {
    return repositories.findCursor(this.engine.db, key);
  }

  saveBatch(batch: MessageBatch): Promise<BatchResult> {
    return repositories.saveBatch(this.engine, batch);
  }

  listMessageEdits(key: MessageKey): Promise<MessageEdit[]> {
    return repositories.listMessageEdits(this.engine.db, key);
  }

  markMessagesDeleted(sourceId: number, messageIds: number[], at: Date): Promise<number> {
    return repositories.markMessagesDeleted(this.engine, sourceId, messageIds, at);
  }

  searchMessages(query: MessageQuery): Promise<MessagePage> {
    return repositories.searchMessages(this.engine, query);
  }

  iterMessages(query: Omit<MessageQuery, "limit" | "cursor">): AsyncIterable<StoredMessage> {
    return repositories.iterMessages(this.engine, query);
  }

  countMessages(query: Omit<MessageQuery, "limit" | "cursor" | "order">): Promise<number> {
    return repositories.countMessages(this.engine, query);
  }

  listPendingMedia(sourceId: number, filter: PendingMediaFilter): Promise<PendingMedia[]> {
    return repositories.listPendingMedia(this.engine, sourceId, filter);
  }

  markMediaDownloaded(key: MediaKey, download: MediaDownload): Promise<boolean> {
    return repositories.markMediaDownloaded(this.engine.db, key, download);
  }

  createAccount(account: NewAccount): Promise<StoredAccount> {
    return repositories.createAccount(this.engine.db, account);
  }

  listAccounts(): Promise<StoredAccount[]> {
    return repositories.listAccounts(this.engine.db);
  }

  findAccount(ref: string | number): Promise<StoredAccount | undefined> {
    return repositories.findAccount(this.engine.db, ref);
  }

  updateAccount(id: number, update: AccountUpdate): Promise<StoredAccount> {
    return repositories.updateAccount(this.engine.db, id, update);
  }

  removeAccount(id: number): Promise<boolean> {
    return repositories.removeAccount(this.engine.db, id);
  }

  rememberAccessHash(entry: AccessHashEntry): Promise<void> {
    return repositories.rememberAccessHash(this.engine, entry);
  }

  findAccessHash(accountId: number, peerId: bigint): Promise<bigint | undefined> {
    return repositories.findAccessHash(this.engine.db, accountId, peerId);
  }

  forgetAccessHash(accountId: number, peerId: bigint): Promise<void> {
    return repositories.forgetAccessHash(this.engine.db, accountId, peerId);
  }

  enqueueJob(job: NewJob): Promise<StoredJob> {
    return repositories.enqueueJob(this.engine.db, job);
  }

  findJob(id: number): Promise<StoredJob | undefined> {
    return repositories.findJob(this.engine.db, id);
  }

  listJobs(options?: JobListOptions): Promise<StoredJob[]> {
    return repositories.listJobs(this.engine.db, options);
  }

  claimNextJob(options: ClaimJobOptions): Promise<StoredJob | undefined> {
    return repositories.claimNextJob(this.engine, options);
  }

  updateJobProgress(claim: JobClaim, progress: JsonValue): Promise<boolean> {
    return repositories.updateJobProgress(this.engine.db, claim, progress);
  }

  heartbeatJob(claim: JobClaim): Promise<boolean> {
    return repositories.heartbeatJob(this.engine.db, claim);
  }

  endJob(claim: JobClaim, end: JobEnd): Promise<StoredJob | undefined> {
    return repositories.endJob(this.engine.db, claim, end);
  }

  cancelJob(id: number): Promise<CancelJobResult | undefined> {
    return repositories.cancelJob(this.engine.db, id);
  }

  requeueStaleJobs(heartbeatBefore: Date): Promise<number> {
    return repositories.requeueStaleJobs(this.engine.db, heartbeatBefore);
  }

  close(): Promise<void> {
    return this.engine.destroy();
  }
}
