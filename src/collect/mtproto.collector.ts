/**
 * Archives channels and supergroups through the MTProto user API: full channel info, then the
 * history (follow + backfill, see `history.collector.ts`), with every field the TL objects carry.
 * Every call goes through an account pool ({@link MtprotoAccountsPort}), so a page can be read by any
 * signed-in account, and a flood wait on one moves the work to another.
 *
 * Resolving usernames is what gets accounts long flood waits, so a username is resolved once per
 * account: the archive remembers the peer id of a username (its sources) and each account's access
 * hash for that peer, and later calls address the channel straight away.
 */
import { ChannelNotPublicError, parseChannelRef } from "../domain/index.js";
import type { Store, StoredSource } from "../store/index.js";
import { ChannelAddress, type MtprotoAccountsPort } from "./channel-address.js";
import { collectHistory, type CollectHistoryOptions, type CollectHistoryResult } from "./history.collector.js";

/** Options of an MTProto collection. */
export interface MtprotoCollectOptions extends CollectHistoryOptions {
  /**
   * Re-check the archived messages dated from this instant on: record edits (the previous text is
   * kept in the edit history) and mark messages that disappeared as deleted. Default: no re-check.
   */
  recheckSince?: Date;
  /**
   * Collect the comments of the channel's posts from its linked discussion group (stored as messages
   * of that group, each linked to its post by `commentTo`). Remembered per source: later runs keep
   * collecting comments until a run passes `false`. Default: as remembered (off at first).
   */
  comments?: boolean;
}

/** What a comments pass stored. */
export interface CommentsResult {
  /** Posts whose thread was read (posts whose archived comments were complete are skipped). */
  posts: number;
  inserted: number;
  updated: number;
}

/** What a re-check pass found. */
export interface RecheckResult {
  /** Archived messages asked about. */
  checked: number;
  /** Of those, changed since archived (text, media, counters or edit date). */
  updated: number;
  /** Of those, newly found gone from Telegram. */
  deleted: number;
}

/** Result of collecting one channel through MTProto. */
export interface MtprotoCollectResult extends CollectHistoryResult {
  source: StoredSource;
  /** Present when a re-check ran (`recheckSince`). */
  recheck?: RecheckResult;
  /** Present when comments were collected. */
  comments?: CommentsResult;
}

/** Cursor direction holding a source's comments setting: `{ enabled: boolean }`. */
export const COMMENTS_CURSOR = "comments";

/** Ids per `channels.getMessages` call. */
const RECHECK_BATCH = 100;

/**
 * Collects one channel or supergroup: finds how the account addresses it (cached access hash, else
 * one `contacts.resolveUsername`), stores its full info, then follows and backfills its history.
 * Nothing is written before the channel was found readable.
 *
 * @param ref - `name`, `@name`, `t.me/name`, `https://t.me/s/name`, `t.me/name/123`, or the Bot-API
 *   peer id (`-100…`) of a channel already in the archive
 * @throws {InvalidChannelRefError} for an unparsable reference
 * @throws {ChannelNotPublicError} for an invite link (join it with the account, then use its id)
 * @throws {UsernameNotFoundError} | {ChannelPrivateError} | {NoAccountError} | {TelegramRpcError}
 */
export async function collectMtprotoChannel(
  store: Store,
  accounts: MtprotoAccountsPort,
  ref: string,
  options: MtprotoCollectOptions = {},
): Promise<MtprotoCollectResult> {
  const parsed = parseChannelRef(ref);
  if (parsed.kind === "invite") {
    throw new ChannelNotPublicError(`t.me/+${parsed.hash}`, "a private invite link; join it with the account, then collect it by its peer id");
  }
  const channel = new ChannelAddress(store, parsed.kind === "username" ? parsed.username : undefined, parsed.kind === "peer_id" ? parsed.peerId : undefined);
  const info = await accounts.withAccount((lease) => channel.read(lease, "channels.getFullChannel", (access) => lease.channels.getChannel(access)), options.signal);
  const source = await store.upsertSource(info, "mtproto");
  channel.peerId = info.peerId;
  const result = await collectHistory(
    store,
    source.id,
    {
      via: "mtproto",
      readPage: (before, signal) =>
        accounts.withAccount((lease) => channel.read(lease, "messages.getHistory", (access) => lease.channels.getHistoryPage(access, before, signal), signal), signal),
      readWindow: (low, high, signal) =>
        accounts.withAccount((lease) => channel.read(lease, "messages.getHistory", (access) => lease.channels.getHistoryWindow(access, low, high, signal), signal), signal),
    },
    { parallel: Math.max(1, await accounts.usableCount()), ...options },
  );
  const out: MtprotoCollectResult = { ...result, source };
  if (await commentsWanted(store, source.id, options.comments)) out.comments = await collectComments(store, accounts, channel, source, options.signal);
  if (options.recheckSince !== undefined) out.recheck = await recheckRecent(store, accounts, channel, source.id, options.recheckSince, options.signal);
  out.source = (await store.findSource(String(source.id))) ?? source;
  return out;
}

/** Whether to collect comments now; a given choice is remembered for later runs. */
async function commentsWanted(store: Store, sourceId: number, choice: boolean | undefined): Promise<boolean> {
  const state = await store.findCursor({ sourceId, direction: COMMENTS_CURSOR });
  const remembered = typeof state === "object" && state !== null && !Array.isArray(state) && state.enabled === true;
  if (choice === undefined || choice === remembered) return remembered;
  await store.saveBatch({ sourceId, messages: [], via: "mtproto", cursor: { direction: COMMENTS_CURSOR, state: { enabled: choice } } });
  return choice;
}

/**
 * Reads the discussion thread of every archived post with replies, newest comments first, down to
 * the newest comment already archived; a post whose archived comments are as many as its replies
 * counter is skipped. Comments are stored under the discussion group's source.
 */
async function collectComments(store: Store, accounts: MtprotoAccountsPort, channel: ChannelAddress, source: StoredSource, signal?: AbortSignal): Promise<CommentsResult> {
  const totals: CommentsResult = { posts: 0, inserted: 0, updated: 0 };
  const posts: { id: number; replies: number }[] = [];
  for await (const post of store.iterMessages({ sources: [String(source.id)] })) {
    if ((post.repliesCount ?? 0) > 0 && post.deletedAt === undefined) posts.push({ id: post.messageId, replies: post.repliesCount! });
  }
  let discussion = source.linkedChatId === undefined ? undefined : await store.findSource(String(source.linkedChatId));
  const archived = new Map<number, { count: number; newest: number }>();
  if (discussion !== undefined) {
    for await (const comment of store.iterMessages({ sources: [String(discussion.id)] })) {
      if (comment.commentTo === undefined || comment.commentTo.peerId !== source.peerId) continue;
      const known = archived.get(comment.commentTo.messageId) ?? { count: 0, newest: 0 };
      archived.set(comment.commentTo.messageId, { count: known.count + 1, newest: Math.max(known.newest, comment.messageId) });
    }
  }
  for (const post of posts) {
    const known = archived.get(post.id);
    if (known !== undefined && known.count >= post.replies) continue;
    totals.posts++;
    let before: number | undefined;
    for (;;) {
      const page = await accounts.withAccount(
        (lease) =>
          channel.read(lease, "messages.getReplies", async (access) => {
            const replies = await lease.channels.getReplies(access, post.id, before, signal);
            const group = replies.discussion;
            if (group?.source.peerId !== undefined) await store.rememberAccessHash({ accountId: lease.accountId, peerId: group.source.peerId, accessHash: group.access.accessHash });
            return replies;
          }, signal),
        signal,
      );
      if (discussion === undefined && page.discussion !== undefined) discussion = await store.upsertSource(page.discussion.source, "mtproto");
      if (discussion === undefined || page.messages.length === 0) break;
      const saved = await store.saveBatch({ sourceId: discussion.id, messages: page.messages, via: "mtproto" });
      totals.inserted += saved.inserted;
      totals.updated += saved.updated;
      const reachedKnown = known !== undefined && page.messages.some((m) => m.messageId <= known.newest);
      if (page.before === undefined || reachedKnown) break;
      before = page.before;
    }
  }
  return totals;
}

/**
 * Asks Telegram again for the archived, not-deleted messages dated from `since` (`channels.getMessages`,
 * {@link RECHECK_BATCH} at a time): changes are stored like any re-seen message (edits keep the
 * previous version), vanished ids are marked deleted with the time noticed.
 */
async function recheckRecent(store: Store, accounts: MtprotoAccountsPort, channel: ChannelAddress, sourceId: number, since: Date, signal?: AbortSignal): Promise<RecheckResult> {
  const totals: RecheckResult = { checked: 0, updated: 0, deleted: 0 };
  let ids: number[] = [];
  const flush = async (): Promise<void> => {
    const batch = ids;
    ids = [];
    const { messages, missing } = await accounts.withAccount(
      (lease) => channel.read(lease, "channels.getMessages", (access) => lease.channels.getMessages(access, batch, signal), signal),
      signal,
    );
    const saved = await store.saveBatch({ sourceId, messages, via: "mtproto" });
    totals.checked += batch.length;
    totals.updated += saved.updated;
    totals.deleted += await store.markMessagesDeleted(sourceId, missing, new Date());
  };
  for await (const message of store.iterMessages({ sources: [String(sourceId)], from: since, order: "date_asc" })) {
    if (message.deletedAt !== undefined) continue;
    ids.push(message.messageId);
    if (ids.length === RECHECK_BATCH) await flush();
  }
  if (ids.length > 0) await flush();
  return totals;
}

