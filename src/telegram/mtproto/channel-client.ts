/**
 * Reading channels and supergroups through one signed-in account: resolve a username, fetch the full
 * channel info, read history pages. Answers are converted to domain types here; RPC errors become
 * tgscope's error classes.
 */
import { Long, type TelegramClient, type tl } from "@mtcute/node";
import {
  ChannelPrivateError,
  TelegramTimeoutError,
  MediaUnavailableError,
  channelPeerId,
  type MediaRemote,
  type Message,
  type Source,
} from "../../domain/index.js";
import { messageFile, streamFile } from "./media-download.js";
import { convertMessage } from "./message-converter.js";
import { PeerDirectory } from "./peer-ids.js";
import { translateRpcError } from "./rpc-errors.js";
import { convertChannel } from "./source-converter.js";

/** What an account needs to address a channel: its MTProto id and the account's access hash for it. */
export interface ChannelAccess {
  /** MTProto channel id (positive; the Bot-API peer id is `-100` followed by it). */
  channelId: number;
  /** Access hash of this channel for this account (Telegram gives each account its own). */
  accessHash: bigint;
}

/** A resolved channel: how to address it, and what it is. */
export interface ResolvedChannel {
  access: ChannelAccess;
  source: Source;
}

/** One page of history, newest first. */
export interface MtprotoHistoryPage {
  /** Messages of the page (service messages included, empty ids skipped). */
  messages: Message[];
  /** `offset_id` for the next older page; absent when the page was not full (nothing older). */
  before?: number;
}

/** One page of a post's comments (`messages.getReplies`). */
export interface MtprotoRepliesPage extends MtprotoHistoryPage {
  /** The discussion group the comments are in, and how this account addresses it. */
  discussion?: ResolvedChannel;
}

/** Options of {@link MtprotoChannelClient.downloadMedia}. */
export interface DownloadMediaOptions {
  /** First byte to stream, to resume a partial download (any value). Default 0. */
  offsetBytes?: number;
  /** The file the archive expects (`Media.remote`): a message whose file differs fails with `file_changed`. */
  expected?: MediaRemote;
  signal?: AbortSignal;
}

/** Default time limit of one channel call, in milliseconds. */
export const DEFAULT_CALL_TIMEOUT_MS = 60_000;

/** Most messages `messages.getHistory` returns per call. */
export const HISTORY_PAGE_SIZE = 100;

/** One account's view of channels. Every method may throw {@link FloodWaitError} or {@link TelegramRpcError}. */
export class MtprotoChannelClient {
  /**
   * @param callTimeoutMs - how long one call may take before it fails with {@link TelegramTimeoutError}
   *   (default {@link DEFAULT_CALL_TIMEOUT_MS}; mtcute's own default is to wait forever)
   */
  constructor(
    private readonly client: TelegramClient,
    private readonly callTimeoutMs = DEFAULT_CALL_TIMEOUT_MS,
  ) {}

  /**
   * `contacts.resolveUsername`. Resolve sparingly: Telegram punishes bursts of it with long flood
   * waits, so callers cache the result (access hashes do not expire).
   *
   * @throws {UsernameNotFoundError} when no peer has this username
   * @throws {InvalidChannelRefError} when Telegram rejects the username's form
   * @throws {ChannelPrivateError} when the username belongs to a user, bot or basic group
   */
  async resolveUsername(username: string): Promise<ResolvedChannel> {
    const resolved = await this.#call({ _: "contacts.resolveUsername", username }, `@${username}`);
    const chat = resolved.peer._ === "peerChannel" ? findChannel(resolved.chats, resolved.peer.channelId) : undefined;
    if (chat === undefined || chat.accessHash === undefined) throw new ChannelPrivateError(`@${username} (not a channel or supergroup)`);
    return { access: { channelId: chat.id, accessHash: BigInt(chat.accessHash.toString()) }, source: convertChannel(chat) };
  }

  /**
   * `channels.getFullChannel`: title, usernames, description, subscriber/member count, online count,
   * linked discussion chat, flags.
   *
   * @throws {ChannelPrivateError} when the account cannot read the channel
   */
  async getChannel(access: ChannelAccess): Promise<Source> {
    const answer = await this.#call({ _: "channels.getFullChannel", channel: inputChannel(access) }, peerName(access));
    const full = answer.fullChat;
    const chat = findChannel(answer.chats, access.channelId);
    if (full._ !== "channelFull" || chat === undefined) throw new ChannelPrivateError(peerName(access));
    return convertChannel(chat, full);
  }

  /**
   * `messages.getHistory`: the {@link HISTORY_PAGE_SIZE} newest messages with ids below `before`
   * (the newest messages when `before` is undefined).
   *
   * @throws {ChannelPrivateError} when the account cannot read the channel
   */
  async getHistoryPage(access: ChannelAccess, before?: number, signal?: AbortSignal): Promise<MtprotoHistoryPage> {
    return this.#getHistory(access, before ?? 0, 0, signal);
  }

  /**
   * `messages.getHistory` of one id window: the messages with `low ≤ id < high` (at most
   * {@link HISTORY_PAGE_SIZE}: `high - low` should not exceed it), newest first.
   *
   * @throws {ChannelPrivateError} when the account cannot read the channel
   */
  async getHistoryWindow(access: ChannelAccess, low: number, high: number, signal?: AbortSignal): Promise<MtprotoHistoryPage> {
    return this.#getHistory(access, high, low - 1, signal);
  }

  async #getHistory(access: ChannelAccess, offsetId: number, minId: number, signal?: AbortSignal): Promise<MtprotoHistoryPage> {
    const answer = await this.#call(
      {
        _: "messages.getHistory",
        peer: { _: "inputPeerChannel", channelId: access.channelId, accessHash: toLong(access.accessHash) },
        offsetId,
        offsetDate: 0,
        addOffset: 0,
        limit: HISTORY_PAGE_SIZE,
        maxId: 0,
        minId: Math.max(0, minId),
        hash: Long.ZERO,
      },
      peerName(access),
      signal,
    );
    if (answer._ === "messages.messagesNotModified") return { messages: [] };
    const peers = new PeerDirectory(answer.chats, answer.users);
    const messages = answer.messages.flatMap((raw) => convertMessage(raw, peers) ?? []);
    const oldest = Math.min(...answer.messages.map((m) => m.id));
    return answer.messages.length < HISTORY_PAGE_SIZE ? { messages } : { messages, before: oldest };
  }

  /**
   * `channels.getMessages`: the current state of archived messages, to notice edits and deletions.
   *
   * @param messageIds - at most {@link HISTORY_PAGE_SIZE} ids
   * @returns the messages that still exist, and the ids Telegram answered `messageEmpty` for
   * @throws {ChannelPrivateError} when the account cannot read the channel
   */
  async getMessages(access: ChannelAccess, messageIds: number[], signal?: AbortSignal): Promise<{ messages: Message[]; missing: number[] }> {
    const answer = await this.#call(
      { _: "channels.getMessages", channel: inputChannel(access), id: messageIds.map((id) => ({ _: "inputMessageID" as const, id })) },
      peerName(access),
      signal,
    );
    if (answer._ === "messages.messagesNotModified") return { messages: [], missing: [] };
    const peers = new PeerDirectory(answer.chats, answer.users);
    const messages: Message[] = [];
    const missing: number[] = [];
    for (const raw of answer.messages) {
      const message = convertMessage(raw, peers);
      if (message === undefined) missing.push(raw.id);
      else messages.push(message);
    }
    return { messages, missing };
  }

  /**
   * `messages.getReplies` of a channel post: a page of the comments in its discussion thread (in the
   * channel's linked discussion group), newest first, each linked to the post by `commentTo`.
   *
   * @param before - `offset_id` of the page (the newest comments when undefined)
   * @returns the page, `before` for the next older page (absent after a short page), and the
   *   discussion group (its info and this account's access) when the answer names it
   * @throws {ChannelPrivateError} when the account cannot read the channel or its discussion group
   */
  async getReplies(access: ChannelAccess, postId: number, before?: number, signal?: AbortSignal): Promise<MtprotoRepliesPage> {
    const answer = await this.#call(
      {
        _: "messages.getReplies",
        peer: { _: "inputPeerChannel", channelId: access.channelId, accessHash: toLong(access.accessHash) },
        msgId: postId,
        offsetId: before ?? 0,
        offsetDate: 0,
        addOffset: 0,
        limit: HISTORY_PAGE_SIZE,
        maxId: 0,
        minId: 0,
        hash: Long.ZERO,
      },
      peerName(access),
      signal,
    );
    if (answer._ === "messages.messagesNotModified") return { messages: [] };
    const peers = new PeerDirectory(answer.chats, answer.users);
    const commentTo = { peerId: channelPeerId(access.channelId), messageId: postId };
    const messages = answer.messages.flatMap((raw) => {
      const message = convertMessage(raw, peers);
      return message === undefined ? [] : [{ ...message, commentTo }];
    });
    const page: MtprotoRepliesPage = { messages };
    const groupPeer = answer.messages.find((m) => m.peerId?._ === "peerChannel")?.peerId;
    const group = groupPeer?._ === "peerChannel" ? findChannel(answer.chats, groupPeer.channelId) : undefined;
    if (group?.accessHash !== undefined) {
      page.discussion = { source: convertChannel(group), access: { channelId: group.id, accessHash: BigInt(group.accessHash.toString()) } };
    }
    if (answer.messages.length === HISTORY_PAGE_SIZE) page.before = Math.min(...answer.messages.map((m) => m.id));
    return page;
  }

  /**
   * Streams the file of a message's photo (largest size) or document: reads the message again with
   * `channels.getMessages` — the file reference it carries expires, so it is never stored — then
   * `upload.getFile` part by part from `options.offsetBytes`. Nothing is fetched before the first
   * iteration.
   *
   * @param position - index of the item in `Message.media` (an MTProto message has one: 0)
   * @throws {MediaUnavailableError} when the message is gone, has no photo or document there, or its
   *   file is not `options.expected`
   * @throws {FileReferenceExpiredError} when Telegram expired the reference during the download: call
   *   again (from the bytes received) to read the message and its reference anew
   * @throws {ChannelPrivateError} when the account cannot read the channel
   */
  async *downloadMedia(access: ChannelAccess, messageId: number, position: number, options: DownloadMediaOptions = {}): AsyncGenerator<Uint8Array> {
    const peer = peerName(access);
    const answer = await this.#call(
      { _: "channels.getMessages", channel: inputChannel(access), id: [{ _: "inputMessageID", id: messageId }] },
      peer,
      options.signal,
    );
    const raw = answer._ === "messages.messagesNotModified" ? undefined : answer.messages.find((m) => m.id === messageId);
    if (raw === undefined || raw._ === "messageEmpty") throw new MediaUnavailableError(peer, messageId, position, "message_deleted");
    const file = raw._ === "message" && position === 0 ? messageFile(raw.media) : undefined;
    if (file === undefined) throw new MediaUnavailableError(peer, messageId, position, "no_file");
    const expected = options.expected;
    if (expected !== undefined && (expected.type !== file.remote.type || expected.id !== file.remote.id)) {
      throw new MediaUnavailableError(peer, messageId, position, "file_changed");
    }
    try {
      yield* streamFile(this.client, file, { ...(options.offsetBytes ? { offsetBytes: options.offsetBytes } : {}), ...(options.signal ? { signal: options.signal } : {}) });
    } catch (error) {
      throw translateRpcError(error, "upload.getFile", peer);
    }
  }

  /**
   * One call with this client's time limit: a call without an answer in time is aborted and fails
   * with {@link TelegramTimeoutError}; `signal` aborts it too.
   */
  async #call<T extends tl.RpcMethod>(request: T, peer: string, signal?: AbortSignal): Promise<tl.RpcCallReturn[T["_"]]> {
    const controller = new AbortController();
    const timeout = new TelegramTimeoutError(request._, this.callTimeoutMs);
    const timer = setTimeout(() => controller.abort(timeout), this.callTimeoutMs);
    const stop = (): void => controller.abort(signal?.reason);
    signal?.addEventListener("abort", stop, { once: true });
    const aborted = new Promise<never>((_, reject) => controller.signal.addEventListener("abort", () => reject(controller.signal.reason), { once: true }));
    try {
      return await Promise.race([this.client.call(request, { abortSignal: controller.signal }), aborted]);
    } catch (error) {
      throw error === timeout ? timeout : translateRpcError(error, request._, peer);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", stop);
    }
  }
}

function findChannel(chats: readonly tl.TypeChat[], channelId: number): tl.RawChannel | undefined {
  return chats.find((c): c is tl.RawChannel => c._ === "channel" && c.id === channelId);
}

function inputChannel(access: ChannelAccess): tl.RawInputChannel {
  return { _: "inputChannel", channelId: access.channelId, accessHash: toLong(access.accessHash) };
}

function toLong(value: bigint): Long {
  return Long.fromString(value.toString());
}

function peerName(access: ChannelAccess): string {
  return `channel ${access.channelId}`;
}
