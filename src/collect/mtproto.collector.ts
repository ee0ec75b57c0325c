/**
 * Archives channels and supergroups through the MTProto user API: full channel info, then the
 * history (follow + backfill, see `history.collector.ts`), with every field the TL objects carry.
 *
 * Resolving usernames is what gets accounts long flood waits, so a username is resolved once per
 * account: the archive remembers the peer id of a username (its sources) and each account's access
 * hash for that peer, and later runs address the channel straight away.
 */
import {
  ChannelNotPublicError,
  ChannelPrivateError,
  channelIdOfPeerId,
  channelPeerId,
  parseChannelRef,
  type Source,
} from "../domain/index.js";
import type { Store, StoredSource } from "../store/index.js";
import type { ChannelAccess, MtprotoHistoryPage, ResolvedChannel } from "../telegram/index.js";
import { collectHistory, type CollectHistoryOptions, type CollectHistoryResult } from "./history.collector.js";

/** One signed-in account's channel reads (`MtprotoChannelClient` with the account's row id). */
export interface MtprotoChannelPort {
  /** Row id of the account in the store (access hashes are per account). */
  readonly accountId: number;
  /** `contacts.resolveUsername`. @throws {UsernameNotFoundError} | {ChannelPrivateError} | {FloodWaitError} */
  resolveUsername(username: string): Promise<ResolvedChannel>;
  /** `channels.getFullChannel`. @throws {ChannelPrivateError} | {FloodWaitError} */
  getChannel(access: ChannelAccess): Promise<Source>;
  /** `messages.getHistory` below `before`. @throws {ChannelPrivateError} | {FloodWaitError} */
  getHistoryPage(access: ChannelAccess, before?: number, signal?: AbortSignal): Promise<MtprotoHistoryPage>;
}

/** Result of collecting one channel through MTProto. */
export interface MtprotoCollectResult extends CollectHistoryResult {
  source: StoredSource;
}

/**
 * Collects one channel or supergroup: finds how this account addresses it (cached access hash, else
 * one `contacts.resolveUsername`), stores its full info, then follows and backfills its history.
 * Nothing is written before the channel was found readable.
 *
 * @param ref - `name`, `@name`, `t.me/name`, `https://t.me/s/name`, `t.me/name/123`, or the Bot-API
 *   peer id (`-100…`) of a channel already in the archive
 * @throws {InvalidChannelRefError} for an unparsable reference
 * @throws {ChannelNotPublicError} for an invite link (join it with the account, then use its id)
 * @throws {UsernameNotFoundError} | {ChannelPrivateError} | {FloodWaitError} | {TelegramRpcError} from the account
 */
export async function collectMtprotoChannel(
  store: Store,
  account: MtprotoChannelPort,
  ref: string,
  options: CollectHistoryOptions = {},
): Promise<MtprotoCollectResult> {
  const parsed = parseChannelRef(ref);
  if (parsed.kind === "invite") {
    throw new ChannelNotPublicError(`t.me/+${parsed.hash}`, "a private invite link; join it with the account, then collect it by its peer id");
  }
  const name = parsed.kind === "username" ? `@${parsed.username}` : String(parsed.peerId);
  let access = await cachedAccess(store, account, parsed.kind === "username" ? parsed.username : String(parsed.peerId));
  let info: Source;
  try {
    if (access === undefined) throw new ChannelPrivateError(name);
    info = await account.getChannel(access);
  } catch (error) {
    // No cached hash, or Telegram no longer accepts it: resolve the username (once).
    if (!(error instanceof ChannelPrivateError) || parsed.kind !== "username") throw error;
    if (access !== undefined) await forget(store, account, access);
    const resolved = await account.resolveUsername(parsed.username);
    access = resolved.access;
    info = await account.getChannel(access);
  }
  const peerId = info.peerId!;
  await store.rememberAccessHash({ accountId: account.accountId, peerId, accessHash: access.accessHash });
  let source = await store.upsertSource(info, "mtproto");
  const channel = access;
  const result = await collectHistory(store, source.id, {
    via: "mtproto",
    readPage: (before, signal) => account.getHistoryPage(channel, before, signal),
  }, options);
  source = (await store.findSource(String(source.id))) ?? source;
  return { ...result, source };
}

/** The account's access to the channel named by `ref`, when the archive knows it. */
async function cachedAccess(store: Store, account: MtprotoChannelPort, ref: string): Promise<ChannelAccess | undefined> {
  const source = await store.findSource(ref);
  const channelId = source?.peerId === undefined ? undefined : channelIdOfPeerId(source.peerId);
  if (channelId === undefined) return undefined;
  const accessHash = await store.findAccessHash(account.accountId, source!.peerId!);
  return accessHash === undefined ? undefined : { channelId, accessHash };
}

async function forget(store: Store, account: MtprotoChannelPort, access: ChannelAccess): Promise<void> {
  await store.forgetAccessHash(account.accountId, channelPeerId(access.channelId));
}
