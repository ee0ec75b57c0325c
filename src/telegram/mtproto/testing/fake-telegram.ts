/**
 * FakeTelegram: a small in-memory Telegram that answers MTProto calls with real TL objects, plugged in
 * as mtcute's last network middleware (see `TelegramConnection`). mtcute's flood waiter, RPC error
 * classes, peer cache and high-level methods run for real above it; no socket is ever opened (its
 * transport throws on connect to anything but the fake).
 *
 * It holds channels (per-account access hashes, as Telegram gives each user its own), their messages
 * with `messages.getHistory` window semantics (`offset_id`, `add_offset`, `limit`, `min_id`,
 * `max_id`), `contacts.resolveUsername`, `channels.getChannels`, `channels.getFullChannel`, files of
 * photos and documents with `upload.getFile` and expiring file references (`files`), scripted errors
 * (`FLOOD_WAIT_N` …) and a per-call latency, and it counts every call per account.
 */
import { FakeConnection } from "@fuman/net";
import { IntermediatePacketCodec, Long, MemoryStorage, TelegramClient, type RpcCallMiddleware, type tl } from "@mtcute/node";
import { sleepMs } from "../../../lib/index.js";
import type { TelegramConnection } from "../telegram-client.js";
import { FakeAuth } from "./fake-auth.js";
import { FakeFiles } from "./fake-files.js";
import { FakeRpcError, type FakeHandler } from "./fake-rpc.js";

/** Fake application credentials accepted by {@link FakeTelegram}. */
export const FAKE_API_ID = 12345;
export const FAKE_API_HASH = "0123456789abcdef0123456789abcdef";

/** A channel or supergroup of the fake. */
export interface FakeChannelInit {
  /** MTProto channel id (positive). */
  id: number;
  username?: string;
  title: string;
  about?: string;
  /** `supergroup` sets `megagroup`; default `channel` (broadcast). */
  kind?: "channel" | "supergroup";
  participantsCount?: number;
  /** MTProto id of the linked discussion supergroup (or of the channel, for a discussion group). */
  linkedChatId?: number;
  verified?: boolean;
  /** Id of the current profile photo (decimal); none by default. */
  photoId?: string;
  /** Private: `contacts.resolveUsername` works but reading it answers `CHANNEL_PRIVATE`. */
  private?: boolean;
}

/** A message to post: the TL fields of `message`, without the ones the fake fills in. */
export type FakePost = Partial<Omit<tl.RawMessage, "_" | "id" | "peerId">> & { id?: number };

/** One call the fake received. */
export interface FakeCall {
  account: string;
  method: string;
  request: { _: string };
}

/** A scripted RPC error: answered to the next matching calls instead of the real answer. */
export interface ScriptedError {
  method: string;
  /** Only for this account (default: any). */
  account?: string;
  /** e.g. `FLOOD_WAIT_3600`, `CHANNEL_PRIVATE`. */
  errorMessage: string;
  /** Default 420 for `FLOOD_WAIT_*`, else 400. */
  errorCode?: number;
  /** How many calls get the error (default 1). */
  times?: number;
}

interface FakeChannel extends FakeChannelInit {
  messages: Map<number, tl.TypeMessage>;
  /** Message ids newest first, kept until the next post or deletion. */
  idsDesc?: number[];
  nextId: number;
  pts: number;
}


/** The in-memory Telegram. */
export class FakeTelegram {
  /** Every call received, in order. */
  readonly calls: FakeCall[] = [];
  /** Delay before each answer, in milliseconds (simulated round trip). */
  latencyMs = 0;
  readonly #channels = new Map<number, FakeChannel>();
  readonly #errors: ScriptedError[] = [];
  /** Discussion threads: `<channel id>:<post id>` → id of the post's copy in the linked group. */
  readonly #threads = new Map<string, number>();
  /** Sign-in: users with phones, codes and passwords; bots with tokens. */
  readonly auth = new FakeAuth();
  /** Files of posted photos and documents, their file references and `upload.getFile`. */
  readonly files = new FakeFiles();
  readonly #handlers: Record<string, FakeHandler> = {
    ...this.auth.handlers(),
    ...this.files.handlers(),
    "contacts.resolveUsername": (request: tl.contacts.RawResolveUsernameRequest, account) => this.#resolveUsername(request, account),
    "channels.getChannels": (request: tl.channels.RawGetChannelsRequest, account) => this.#getChannels(request, account),
    "channels.getFullChannel": (request: tl.channels.RawGetFullChannelRequest, account) => this.#getFullChannel(request, account),
    "messages.getHistory": (request: tl.messages.RawGetHistoryRequest, account) => this.#getHistory(request, account),
    "channels.getMessages": (request: tl.channels.RawGetMessagesRequest, account) => this.#getMessages(request, account),
    "messages.getReplies": (request: tl.messages.RawGetRepliesRequest, account) => this.#getReplies(request, account),
  };

  /** Adds a channel or supergroup. */
  addChannel(init: FakeChannelInit): void {
    this.#channels.set(init.id, { ...init, messages: new Map(), nextId: 1, pts: 1 });
  }

  /** Posts a message to a channel; returns its id (the next id unless `post.id` is given). */
  post(channelId: number, post: FakePost = {}): number {
    const channel = this.#channel(channelId);
    const id = post.id ?? channel.nextId;
    channel.nextId = Math.max(channel.nextId, id + 1);
    channel.pts++;
    const message: tl.RawMessage = {
      date: 1_700_000_000 + id * 60,
      message: "",
      ...(channel.kind === "supergroup" ? {} : { post: true, views: 0 }),
      ...post,
      _: "message",
      id,
      peerId: { _: "peerChannel", channelId },
    };
    channel.messages.set(id, message);
    channel.idsDesc = undefined;
    return id;
  }

  /** Posts a service message (pin, title change, …) to a channel; returns its id. */
  postService(channelId: number, action: tl.TypeMessageAction, date?: number): number {
    const channel = this.#channel(channelId);
    const id = channel.nextId++;
    channel.pts++;
    channel.messages.set(id, { _: "messageService", id, peerId: { _: "peerChannel", channelId }, date: date ?? 1_700_000_000 + id * 60, action, post: channel.kind !== "supergroup" });
    channel.idsDesc = undefined;
    return id;
  }

  /** Links a channel to its discussion supergroup (both ways), as enabling comments does. */
  linkDiscussion(channelId: number, groupId: number): void {
    this.#channel(channelId).linkedChatId = groupId;
    this.#channel(groupId).linkedChatId = channelId;
  }

  /**
   * Posts a comment under a channel post, as Telegram does: the post's thread lives in the channel's
   * linked discussion group, under an automatic copy of the post; the post's `replies` counter grows.
   * A comment answering another comment sets `post.replyTo` itself (`replyToTopId` = the thread).
   *
   * @returns the comment's message id in the discussion group
   */
  comment(channelId: number, postId: number, post: FakePost = {}): number {
    const channel = this.#channel(channelId);
    const original = channel.messages.get(postId);
    if (channel.linkedChatId === undefined || original?._ !== "message") throw new Error(`fake: channel ${channelId} has no post ${postId} with a discussion group`);
    const groupId = channel.linkedChatId;
    const key = `${channelId}:${postId}`;
    let top = this.#threads.get(key);
    if (top === undefined) {
      const from: tl.TypePeer = { _: "peerChannel", channelId };
      top = this.post(groupId, { date: original.date, message: original.message, fwdFrom: { _: "messageFwdHeader", fromId: from, date: original.date, channelPost: postId, savedFromPeer: from, savedFromMsgId: postId } });
      this.#threads.set(key, top);
    }
    const id = this.post(groupId, { fromId: { _: "peerUser", userId: 5000 }, replyTo: { _: "messageReplyHeader", replyToMsgId: top }, ...post });
    const replies = original.replies?._ === "messageReplies" ? original.replies.replies : 0;
    channel.messages.set(postId, { ...original, replies: { _: "messageReplies", comments: true, replies: replies + 1, repliesPts: id, channelId: groupId, maxId: id } });
    return id;
  }

  /** Replaces fields of a posted message (an edit when `message` changes: set `editDate` too). */
  edit(channelId: number, id: number, patch: FakePost): void {
    const current = this.#channel(channelId).messages.get(id);
    if (current?._ !== "message") throw new Error(`fake: no message ${id} in channel ${channelId}`);
    this.#channel(channelId).messages.set(id, { ...current, ...patch, _: "message", id, peerId: current.peerId });
  }

  /** Deletes a message: it is no longer returned. */
  delete(channelId: number, id: number): void {
    const channel = this.#channel(channelId);
    channel.messages.delete(id);
    channel.idsDesc = undefined;
  }

  /** Answers the next matching calls with an error. */
  failNext(error: ScriptedError): void {
    this.#errors.push({ ...error });
  }

  /** Calls of `method` (by `account` when given). */
  count(method: string, account?: string): number {
    return this.calls.filter((c) => c.method === method && (account === undefined || c.account === account)).length;
  }

  /** The access hash `account` receives for a channel (Telegram gives each user its own). */
  accessHash(channelId: number, account: string): bigint {
    let hash = 0xcbf29ce484222325n;
    for (const byte of Buffer.from(`${account}:${channelId}`)) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0x7fffffffffffffffn;
    return hash;
  }

  /**
   * Answers one request as Telegram would for `account`: records the call, waits {@link latencyMs},
   * then answers a scripted error, the handler's TL object, or `mt_rpc_error` (what mtcute's network
   * layer returns for an RPC error).
   */
  async answer(account: string, request: { _: string }): Promise<object> {
    this.calls.push({ account, method: request._, request });
    if (this.latencyMs > 0) await sleepMs(this.latencyMs);
    const refused = this.auth.refusal(account, request._);
    if (refused) return rpcError(refused.errorCode, refused.errorMessage);
    const scripted = this.#takeError(request._, account);
    if (scripted) return rpcError(scripted.errorCode ?? (scripted.errorMessage.startsWith("FLOOD_WAIT") ? 420 : 400), scripted.errorMessage);
    const handler = this.#handlers[request._];
    if (!handler) return rpcError(400, `FAKE_NOT_IMPLEMENTED_${request._}`);
    try {
      return this.files.withReferences(await handler(request as never, account));
    } catch (error) {
      if (error instanceof FakeRpcError) return rpcError(error.errorCode, error.errorMessage);
      throw error;
    }
  }

  /**
   * The network replacement for `openTelegramClient`: every call of that client is answered here as
   * `account`. The connection is pre-authorised (no key exchange), so a fresh client can sign in.
   */
  connection(account: string): TelegramConnection {
    const middleware: RpcCallMiddleware = (ctx) => this.answer(account, ctx.request) as never;
    return { transport: fakeTransport(), middleware, authKey: FAKE_AUTH_KEY };
  }

  /**
   * A session string of a signed-in user account on the fake (for `openTelegramClient({ session })`).
   *
   * @param userId - the account's Telegram user id
   */
  async session(userId = 42): Promise<string> {
    const storage = new MemoryStorage();
    const client = new TelegramClient({ apiId: FAKE_API_ID, apiHash: FAKE_API_HASH, storage, disableUpdates: true, logLevel: 0, transport: fakeTransport() });
    try {
      await storage.authKeys.set(2, FAKE_AUTH_KEY);
      await client.storage.self.store({ userId, isBot: false, isPremium: false, usernames: [] });
      return await client.exportSession();
    } finally {
      await client.destroy();
    }
  }

  #takeError(method: string, account: string): ScriptedError | undefined {
    const index = this.#errors.findIndex((e) => e.method === method && (e.account === undefined || e.account === account));
    if (index < 0) return undefined;
    const error = this.#errors[index]!;
    error.times = (error.times ?? 1) - 1;
    if (error.times <= 0) this.#errors.splice(index, 1);
    return error;
  }

  #channel(channelId: number): FakeChannel {
    const channel = this.#channels.get(channelId);
    if (!channel) throw new Error(`fake: no channel ${channelId}`);
    return channel;
  }

  #chat(channel: FakeChannel, account: string): tl.RawChannel {
    const chat: tl.RawChannel = {
      _: "channel",
      id: channel.id,
      accessHash: Long.fromString(this.accessHash(channel.id, account).toString()),
      title: channel.title,
      photo: channel.photoId === undefined ? { _: "chatPhotoEmpty" } : { _: "chatPhoto", photoId: Long.fromString(channel.photoId), dcId: 2 },
      date: 1_600_000_000,
    };
    if (channel.username !== undefined) chat.username = channel.username;
    if (channel.kind === "supergroup") chat.megagroup = true;
    else chat.broadcast = true;
    if (channel.verified) chat.verified = true;
    if (channel.participantsCount !== undefined) chat.participantsCount = channel.participantsCount;
    if (channel.linkedChatId !== undefined) chat.hasLink = true;
    return chat;
  }

  /** The channel an `InputChannel`/`InputPeer` names, checking the account's access hash. */
  #input(input: tl.TypeInputChannel | tl.TypeInputPeer, account: string): FakeChannel {
    if (input._ !== "inputChannel" && input._ !== "inputPeerChannel") throw new FakeRpcError(400, "CHANNEL_INVALID");
    const channel = this.#channels.get(input.channelId);
    if (!channel || input.accessHash.toString() !== this.accessHash(channel.id, account).toString()) throw new FakeRpcError(400, "CHANNEL_INVALID");
    if (channel.private) throw new FakeRpcError(406, "CHANNEL_PRIVATE");
    return channel;
  }

  /** Chats a set of messages refers to (forward origins, the channel itself), as Telegram attaches them. */
  #chatsFor(channel: FakeChannel, messages: tl.TypeMessage[], account: string): tl.TypeChat[] {
    const ids = new Set([channel.id]);
    for (const message of messages) {
      if (message._ === "message" && message.fwdFrom?.fromId?._ === "peerChannel") ids.add(message.fwdFrom.fromId.channelId);
    }
    return [...ids].flatMap((id) => {
      const other = this.#channels.get(id);
      return other ? [this.#chat(other, account)] : [];
    });
  }

  #resolveUsername(request: tl.contacts.RawResolveUsernameRequest, account: string): tl.contacts.TypeResolvedPeer {
    if (!/^[a-zA-Z][a-zA-Z0-9_]{3,31}$/.test(request.username)) throw new FakeRpcError(400, "USERNAME_INVALID");
    const channel = [...this.#channels.values()].find((c) => c.username?.toLowerCase() === request.username.toLowerCase());
    if (!channel) throw new FakeRpcError(400, "USERNAME_NOT_OCCUPIED");
    return { _: "contacts.resolvedPeer", peer: { _: "peerChannel", channelId: channel.id }, chats: [this.#chat(channel, account)], users: [] };
  }

  #getChannels(request: tl.channels.RawGetChannelsRequest, account: string): tl.messages.TypeChats {
    return { _: "messages.chats", chats: request.id.map((input) => this.#chat(this.#input(input, account), account)) };
  }

  #getFullChannel(request: tl.channels.RawGetFullChannelRequest, account: string): tl.messages.TypeChatFull {
    const channel = this.#input(request.channel, account);
    const chats: tl.TypeChat[] = [this.#chat(channel, account)];
    const linked = channel.linkedChatId === undefined ? undefined : this.#channels.get(channel.linkedChatId);
    if (linked) chats.push(this.#chat(linked, account));
    const fullChat: tl.RawChannelFull = {
      _: "channelFull",
      id: channel.id,
      about: channel.about ?? "",
      readInboxMaxId: 0,
      readOutboxMaxId: 0,
      unreadCount: 0,
      chatPhoto: { _: "photoEmpty", id: Long.ZERO },
      notifySettings: { _: "peerNotifySettings" },
      botInfo: [],
      pts: channel.pts,
    };
    if (channel.participantsCount !== undefined) fullChat.participantsCount = channel.participantsCount;
    if (channel.linkedChatId !== undefined) fullChat.linkedChatId = channel.linkedChatId;
    return { _: "messages.chatFull", fullChat, chats, users: [] };
  }

  /** `channels.getMessages`: the messages with these ids, `messageEmpty` for ids that do not exist (any more). */
  #getMessages(request: tl.channels.RawGetMessagesRequest, account: string): tl.messages.TypeMessages {
    const channel = this.#input(request.channel, account);
    const messages = request.id.map((input): tl.TypeMessage => {
      const id = input._ === "inputMessageID" ? input.id : 0;
      return channel.messages.get(id) ?? { _: "messageEmpty", id, peerId: { _: "peerChannel", channelId: channel.id } };
    });
    return { _: "messages.channelMessages", pts: channel.pts, count: messages.length, messages, topics: [], chats: this.#chatsFor(channel, messages, account), users: [] };
  }

  /**
   * `messages.getReplies` of a channel post: the comments of its thread in the linked discussion group,
   * newest first, with `getHistory`'s window semantics.
   */
  #getReplies(request: tl.messages.RawGetRepliesRequest, account: string): tl.messages.TypeMessages {
    const channel = this.#input(request.peer, account);
    if (!channel.messages.has(request.msgId)) throw new FakeRpcError(400, "MSG_ID_INVALID");
    const top = this.#threads.get(`${channel.id}:${request.msgId}`);
    const group = channel.linkedChatId === undefined ? undefined : this.#channels.get(channel.linkedChatId);
    const thread = new Map<number, tl.TypeMessage>();
    for (const [id, message] of group?.messages ?? []) {
      const reply = message._ === "message" && message.replyTo?._ === "messageReplyHeader" ? message.replyTo : undefined;
      if (top !== undefined && reply && (reply.replyToTopId ?? reply.replyToMsgId) === top) thread.set(id, message);
    }
    const messages = historyWindow(thread, [...thread.keys()].sort((a, b) => b - a), request);
    const chats = group ? [this.#chat(group, account), this.#chat(channel, account)] : [this.#chat(channel, account)];
    return { _: "messages.channelMessages", pts: group?.pts ?? channel.pts, count: thread.size, messages, topics: [], chats, users: [] };
  }

  /**
   * `messages.getHistory`: ids below `offset_id` (all when 0) newest first, shifted by `add_offset`,
   * at most `limit` (≤ 100), strictly between `min_id` and `max_id` when set.
   */
  #getHistory(request: tl.messages.RawGetHistoryRequest, account: string): tl.messages.TypeMessages {
    const channel = this.#input(request.peer, account);
    channel.idsDesc ??= [...channel.messages.keys()].sort((a, b) => b - a);
    const messages = historyWindow(channel.messages, channel.idsDesc, request);
    return {
      _: "messages.channelMessages",
      pts: channel.pts,
      count: channel.messages.size,
      messages,
      topics: [],
      chats: this.#chatsFor(channel, messages, account),
      users: [],
    };
  }
}

/** The auth key every fake connection "has": no key exchange ever happens. */
const FAKE_AUTH_KEY = new Uint8Array(256).fill(7);

/** A transport whose connections never open a socket. */
export function fakeTransport(): TelegramConnection["transport"] {
  return {
    connect: async (dc) => new FakeConnection(dc) as never,
    packetCodec: () => new IntermediatePacketCodec(),
  };
}

function rpcError(errorCode: number, errorMessage: string): object {
  return { _: "mt_rpc_error", errorCode, errorMessage };
}

/**
 * The history window Telegram answers for `offset_id`, `add_offset`, `limit`, `min_id`, `max_id`:
 * ids below `offset_id` (all when 0) newest first, shifted by `add_offset`, at most `limit` (≤ 100),
 * strictly between `min_id` and `max_id` when set.
 */
function historyWindow(
  messages: Map<number, tl.TypeMessage>,
  idsDesc: readonly number[],
  request: { offsetId: number; addOffset: number; limit: number; minId: number; maxId: number },
): tl.TypeMessage[] {
  let start = request.offsetId > 0 ? firstBelow(idsDesc, request.offsetId) : 0;
  start = Math.max(0, start + request.addOffset);
  const limit = Math.min(Math.max(request.limit, 0) || 100, 100);
  return idsDesc
    .slice(start, start + limit)
    .filter((id) => (request.maxId <= 0 || id < request.maxId) && (request.minId <= 0 || id > request.minId))
    .map((id) => messages.get(id)!);
}

/** Index of the first id below `offsetId` in ids sorted newest first (binary search; length when none). */
function firstBelow(idsDesc: readonly number[], offsetId: number): number {
  let lo = 0;
  let hi = idsDesc.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (idsDesc[mid]! >= offsetId) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
