/**
 * Archives public channels through the web preview (`t.me/s/<channel>`), no Telegram account needed.
 */
import {
  ChannelNotPublicError,
  InvalidOptionError,
  parseChannelRef,
  type Message,
  type Source,
} from "../domain/index.js";
import type { Store, StoredSource } from "../store/index.js";
import {
  collectHistory,
  type CollectHistoryOptions,
  type CollectHistoryResult,
  type HistoryPage,
  type HistoryReader,
} from "./history.collector.js";

/** A web preview page as the collector needs it (`TelegramWebClient.getChannelPage` fits). */
export interface ChannelPreviewPage extends HistoryPage {
  source: Source;
  messages: Message[];
}

/** The part of the web preview client the collector uses. */
export interface WebPreviewPort {
  /**
   * `GET <base>/s/<username>[?before=N]`.
   * @throws {UsernameNotFoundError} | {ChannelNotPublicError} | {TelegramWebError}
   */
  getChannelPage(username: string, options?: { before?: number; signal?: AbortSignal }): Promise<ChannelPreviewPage>;
}

/** Result of collecting one channel. */
export interface WebCollectResult extends CollectHistoryResult {
  source: StoredSource;
}

/**
 * Collects one channel from its web preview: reads the newest page first (so an unknown, private or
 * preview-less channel fails before anything is written), stores the channel header as the source,
 * then follows and backfills its history.
 *
 * @param ref - `name`, `@name`, `t.me/name`, `https://t.me/s/name` or `t.me/name/123`
 * @throws {InvalidChannelRefError} for an unparsable reference
 * @throws {InvalidOptionError} for a numeric peer id (the web preview needs a username)
 * @throws {ChannelNotPublicError} for an invite link or a peer without public preview
 * @throws {UsernameNotFoundError} | {TelegramWebError} from the client
 */
export async function collectWebChannel(
  store: Store,
  web: WebPreviewPort,
  ref: string,
  options: CollectHistoryOptions = {},
): Promise<WebCollectResult> {
  const parsed = parseChannelRef(ref);
  if (parsed.kind === "peer_id") {
    throw new InvalidOptionError(ref, "the web preview needs a public username, not a numeric peer id; use --via mtproto");
  }
  if (parsed.kind === "invite") {
    throw new ChannelNotPublicError(`t.me/+${parsed.hash}`, "a private invite link");
  }
  const first = await web.getChannelPage(parsed.username, { signal: options.signal });
  let source = await store.upsertSource({ ...first.source, username: first.source.username ?? parsed.username }, "web");
  let firstPage: ChannelPreviewPage | undefined = first;
  const reader: HistoryReader = {
    via: "web",
    async readPage(before, signal) {
      if (before === undefined && firstPage) {
        const page = firstPage;
        firstPage = undefined;
        return { messages: page.messages, before: page.before };
      }
      return web.getChannelPage(source.username ?? parsed.username, { before, signal });
    },
  };
  const result = await collectHistory(store, source.id, reader, options);
  source = (await store.findSource(String(source.id))) ?? source;
  return { ...result, source };
}
