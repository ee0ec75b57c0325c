/**
 * Snowball discovery (as in 4CAT and telegram-tracker): the channels an archive refers to — forward
 * origins, `@mentions`, `t.me/<name>` links — counted from the archived messages, and a crawl that
 * collects the most referenced ones, then the ones those refer to, level by level.
 */
import { channelIdOfPeerId, normalizeUsername, tryParseChannelRef } from "../domain/index.js";
import type { Store, StoredMessage, StoredSource } from "../store/index.js";

/**
 * A channel referred to by archived messages. Each counter is a number of messages: a message that
 * mentions `@x` twice, or links two posts of `x`, counts once.
 *
 * Example: `{ ref: "@durov", username: "durov", peerId: -1001006503122n, forwards: 5, mentions: 2,
 * links: 1, total: 8, sources: 2 }`.
 */
export interface ReferencedChannel {
  /** `@name` when a username is known, else the Bot-API peer id (`-100…`) of a forward origin. */
  ref: string;
  /** Username as Telegram spells it (from a forward header or a link; mentions are lower case). */
  username?: string;
  /** Bot-API peer id (`-100…`), known from forward headers (MTProto `fwd_from.from_id`). */
  peerId?: bigint;
  /** Messages forwarded from it (`forward.fromUsername`, or `forward.fromPeerId` of a channel). */
  forwards: number;
  /** Messages with `@name` in their text (stored `mentions`). */
  mentions: number;
  /** Messages linking to it: `t.me/name`, `t.me/s/name`, `t.me/name/123`, `name.t.me`, `tg://resolve?domain=name`. */
  links: number;
  /** `forwards + mentions + links`. */
  total: number;
  /** How many distinct archived sources refer to it. */
  sources: number;
}

/**
 * A private invite link (`t.me/+hash`, `t.me/joinchat/hash`) found in archived messages: not listed
 * as a channel, because only an account that joined it can read it.
 */
export interface PrivateLinkCount {
  /** Normalised link, `t.me/+hash`. */
  link: string;
  /** Why it is not a discovery candidate. */
  reason: string;
  /** Messages containing it. */
  count: number;
  /** Distinct archived sources containing it. */
  sources: number;
}

/** What {@link listReferencedChannels} found. */
export interface ReferencedChannels {
  /** Referenced channels with `total >= minRefs`, by `total` descending, then `ref`. */
  channels: ReferencedChannel[];
  /** Private invite links, by `count` descending, then `link`. */
  privateLinks: PrivateLinkCount[];
  sourcesScanned: number;
  messagesScanned: number;
}

/** Options of {@link listReferencedChannels}. */
export interface ListReferencedChannelsOptions {
  /** Row ids of the sources whose messages are read (default: every archived source). */
  sourceIds?: number[];
  /** Keep channels referenced at least this many times (default 1). */
  minRefs?: number;
  /** Checked between sources. */
  signal?: AbortSignal;
}

const PRIVATE_LINK_REASON = "private invite link: an account has to join it, then collect it by its peer id";
/** t.me paths that are Telegram features (not channels) and that `parseChannelRef` does not know. */
const SERVICE_PATHS = new Set(["addlist", "addtheme", "bg", "boost", "confirmphone", "contact", "giftcode", "invoice", "m", "nft", "setlanguage", "stars"]);
const TME_LINK = /^(?:https?:\/\/)?(?:www\.)?(?:t\.me|telegram\.me|telegram\.dog)\/([^\s]*)$/i;
const TME_SUBDOMAIN = /^(?:https?:\/\/)?([A-Za-z][A-Za-z0-9_]{3,31})\.t\.me(?:[/?#]|$)/i;
const TG_RESOLVE = /^tg:\/\/resolve\?(?:.*&)?domain=([A-Za-z][A-Za-z0-9_]{3,31})(?:&|$)/i;
const TG_JOIN = /^tg:\/\/join\?(?:.*&)?invite=([A-Za-z0-9_-]+)/i;

/** The channel a URL links to: a username, a private invite link, or nothing (not t.me, a service page, a private `t.me/c/` id). */
export type LinkedChannel = { kind: "username"; username: string } | { kind: "invite"; link: string };

/**
 * The channel a URL points to, for discovery.
 *
 * @returns `{ kind: "username" }` for `t.me/name`, `t.me/s/name`, `t.me/name/123` (and topic or
 *   comment links below it), `name.t.me`, `tg://resolve?domain=name`; `{ kind: "invite" }` for
 *   `t.me/+hash`, `t.me/joinchat/hash`, `tg://join?invite=hash`; `undefined` for anything else,
 *   including `t.me/addstickers/…`, `t.me/share/…`, `t.me/proxy…`, `t.me/iv…` and `t.me/c/…`
 */
export function linkedChannel(url: string): LinkedChannel | undefined {
  const text = url.trim();
  const named = TME_SUBDOMAIN.exec(text)?.[1] ?? TG_RESOLVE.exec(text)?.[1];
  if (named !== undefined) return usernameOf(`@${named}`);
  const join = TG_JOIN.exec(text)?.[1];
  if (join !== undefined) return { kind: "invite", link: `t.me/+${join}` };
  const path = TME_LINK.exec(text)?.[1];
  if (path === undefined) return undefined;
  const parts = (path.split(/[?#]/)[0] ?? "").split("/").filter((p) => p.length > 0);
  if (parts[0]?.toLowerCase() === "s") parts.shift();
  const first = parts[0];
  if (first === undefined || SERVICE_PATHS.has(first.toLowerCase())) return undefined;
  // Topic and comment links (t.me/name/12/34) name the same channel: only its part is parsed.
  const head = first.toLowerCase() === "joinchat" ? parts.slice(0, 2) : [first];
  const ref = tryParseChannelRef(`https://t.me/${head.join("/")}`);
  // t.me/+<digits> opens a chat with a phone number, not an invite.
  if (ref?.kind === "invite") return /^\d+$/.test(ref.hash) ? undefined : { kind: "invite", link: `t.me/+${ref.hash}` };
  return ref?.kind === "username" ? { kind: "username", username: ref.username } : undefined;
}

/**
 * Counts the channels that archived messages refer to: forward origins, mentions and t.me links,
 * reading each source's messages with `Store.iterMessages` one source at a time (memory grows with
 * the number of distinct referenced channels, not of messages). The scanned sources themselves are
 * left out (by username, additional usernames, any case, and by peer id). A forward origin seen
 * both with and without username is one channel, and so is an archived source forwarded by peer id
 * only and mentioned or linked by username.
 *
 * @throws {SourceNotFoundError} for a `sourceIds` entry that is not an archived source
 * @throws the signal's reason when `signal` is aborted
 */
export async function listReferencedChannels(store: Store, options: ListReferencedChannelsOptions = {}): Promise<ReferencedChannels> {
  const archived = await store.listSources();
  const sources = options.sourceIds === undefined ? archived : await Promise.all(options.sourceIds.map((id) => store.getSource(String(id))));
  const tally = new ReferenceTally(sources, archived);
  let messagesScanned = 0;
  for (const source of new Map(sources.map((s) => [s.id, s])).values()) {
    options.signal?.throwIfAborted();
    for await (const message of store.iterMessages({ sources: [String(source.id)] })) {
      tally.add(source.id, message);
      messagesScanned++;
    }
  }
  return { ...tally.result(options.minRefs ?? 1), sourcesScanned: new Set(sources.map((s) => s.id)).size, messagesScanned };
}

interface ChannelTally {
  username?: string;
  /** 2 forward header, 1 link, 0 mention (lower case): the best spelling wins. */
  usernameRank: number;
  peerId?: bigint;
  forwards: number;
  mentions: number;
  links: number;
  sources: Set<number>;
}

type ReferenceKind = "forwards" | "mentions" | "links";

/** Running counts of one listing. Keys: `u:<lower-case username>` or `p:<peer id>`. */
class ReferenceTally {
  readonly #channels = new Map<string, ChannelTally>();
  /** Usernames of channel peer ids, from forward headers and archived sources. */
  readonly #usernameOfPeer = new Map<bigint, string>();
  readonly #privateLinks = new Map<string, { count: number; sources: Set<number> }>();
  readonly #excludedNames = new Set<string>();
  readonly #excludedPeers = new Set<bigint>();

  constructor(sources: StoredSource[], archived: StoredSource[]) {
    for (const source of archived) if (source.peerId !== undefined && source.username) this.#usernameOfPeer.set(source.peerId, source.username);
    for (const source of sources) {
      for (const name of [source.username, ...(source.usernames ?? [])]) if (name) this.#excludedNames.add(normalizeUsername(name));
      if (source.peerId !== undefined) this.#excludedPeers.add(source.peerId);
    }
  }

  add(sourceId: number, message: StoredMessage): void {
    const seen = new Set<string>();
    const count = (key: string, kind: ReferenceKind, init: Omit<ChannelTally, ReferenceKind | "sources">): void => {
      if (seen.has(`${kind} ${key}`)) return;
      seen.add(`${kind} ${key}`);
      const tally = this.#tallyFor(key, init);
      tally[kind]++;
      tally.sources.add(sourceId);
    };
    const forward = message.forward;
    if (forward?.fromUsername !== undefined) {
      const key = `u:${normalizeUsername(forward.fromUsername)}`;
      count(key, "forwards", { username: forward.fromUsername, usernameRank: 2, peerId: forward.fromPeerId });
      if (forward.fromPeerId !== undefined) this.#usernameOfPeer.set(forward.fromPeerId, forward.fromUsername);
    } else if (forward?.fromPeerId !== undefined && channelIdOfPeerId(forward.fromPeerId) !== undefined) {
      const username = this.#usernameOfPeer.get(forward.fromPeerId);
      if (username === undefined) count(`p:${forward.fromPeerId}`, "forwards", { usernameRank: -1, peerId: forward.fromPeerId });
      else count(`u:${normalizeUsername(username)}`, "forwards", { username, usernameRank: 2, peerId: forward.fromPeerId });
    }
    for (const mention of message.mentions) {
      const username = usernameOf(`@${mention}`)?.username;
      if (username !== undefined) count(`u:${normalizeUsername(username)}`, "mentions", { username, usernameRank: 0 });
    }
    for (const url of message.urls) {
      const linked = linkedChannel(url);
      if (linked?.kind === "username") count(`u:${normalizeUsername(linked.username)}`, "links", { username: linked.username, usernameRank: 1 });
      if (linked?.kind === "invite" && !seen.has(`invite ${linked.link}`)) {
        seen.add(`invite ${linked.link}`);
        const entry = this.#privateLinks.get(linked.link) ?? { count: 0, sources: new Set<number>() };
        entry.count++;
        entry.sources.add(sourceId);
        this.#privateLinks.set(linked.link, entry);
      }
    }
  }

  result(minRefs: number): Pick<ReferencedChannels, "channels" | "privateLinks"> {
    this.#mergePeerOnlyTallies();
    const channels: ReferencedChannel[] = [];
    for (const tally of this.#channels.values()) {
      if (tally.username !== undefined && this.#excludedNames.has(normalizeUsername(tally.username))) continue;
      if (tally.peerId !== undefined && this.#excludedPeers.has(tally.peerId)) continue;
      const total = tally.forwards + tally.mentions + tally.links;
      if (total < minRefs) continue;
      channels.push({
        ref: tally.username !== undefined ? `@${tally.username}` : String(tally.peerId),
        ...(tally.username !== undefined ? { username: tally.username } : {}),
        ...(tally.peerId !== undefined ? { peerId: tally.peerId } : {}),
        forwards: tally.forwards,
        mentions: tally.mentions,
        links: tally.links,
        total,
        sources: tally.sources.size,
      });
    }
    channels.sort((a, b) => b.total - a.total || compareText(a.ref, b.ref));
    const privateLinks = [...this.#privateLinks].map(([link, e]) => ({ link, reason: PRIVATE_LINK_REASON, count: e.count, sources: e.sources.size }));
    privateLinks.sort((a, b) => b.count - a.count || compareText(a.link, b.link));
    return { channels, privateLinks };
  }

  #tallyFor(key: string, init: Omit<ChannelTally, ReferenceKind | "sources">): ChannelTally {
    const tally = this.#channels.get(key);
    if (tally === undefined) {
      const fresh: ChannelTally = { ...init, forwards: 0, mentions: 0, links: 0, sources: new Set() };
      this.#channels.set(key, fresh);
      return fresh;
    }
    if (init.username !== undefined && init.usernameRank > tally.usernameRank) {
      tally.username = init.username;
      tally.usernameRank = init.usernameRank;
    }
    tally.peerId ??= init.peerId;
    return tally;
  }

  /** Forwards counted by peer id before a forward from the same channel showed its username. */
  #mergePeerOnlyTallies(): void {
    for (const [peerId, username] of this.#usernameOfPeer) {
      const peerOnly = this.#channels.get(`p:${peerId}`);
      const named = this.#channels.get(`u:${normalizeUsername(username)}`);
      if (peerOnly === undefined || named === undefined) continue;
      named.forwards += peerOnly.forwards;
      for (const id of peerOnly.sources) named.sources.add(id);
      this.#channels.delete(`p:${peerId}`);
    }
  }
}

function usernameOf(ref: string): { kind: "username"; username: string } | undefined {
  const parsed = tryParseChannelRef(ref);
  return parsed?.kind === "username" ? { kind: "username", username: parsed.username } : undefined;
}


function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
