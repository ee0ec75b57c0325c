/**
 * The `Store` over Kysely: the same code for every dialect; what differs lives in `dialects/`.
 */
import type { CollectedVia, Source } from "../domain/index.js";
import type { StoreDialect } from "./dialects/index.js";
import * as repositories from "./repositories/index.js";
import type {
  BatchResult,
  CursorKey,
  JsonValue,
  MessageBatch,
  MessageEdit,
  MessageKey,
  MessagePage,
  MessageQuery,
  SourceSummary,
  Store,
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

  searchMessages(query: MessageQuery): Promise<MessagePage> {
    return repositories.searchMessages(this.engine, query);
  }

  iterMessages(query: Omit<MessageQuery, "limit" | "cursor">): AsyncIterable<StoredMessage> {
    return repositories.iterMessages(this.engine, query);
  }

  countMessages(query: Omit<MessageQuery, "limit" | "cursor" | "order">): Promise<number> {
    return repositories.countMessages(this.engine, query);
  }

  close(): Promise<void> {
    return this.engine.destroy();
  }
}
