/**
 * The snowball crawl: collect the seeds, then the channels they refer to most, level by level (see
 * {@link discoverAndCollect}); references are counted by `listReferencedChannels`.
 */
import { TgscopeError, normalizeUsername, tryParseChannelRef } from "../domain/index.js";
import type { Store, StoredSource } from "../store/index.js";
import { listReferencedChannels, type ReferencedChannel, type ReferencedChannels } from "./discovery.js";

/** What collecting one channel returns (`collectMtprotoChannel`, `collectWebChannel` fit). */
export interface ChannelCollection {
  source: StoredSource;
}

/**
 * Collects one channel for {@link discoverAndCollect}, e.g.
 * `(ref) => collectMtprotoChannel(store, pool, ref, options)`.
 *
 * @param ref - a seed as given, or `@name` / a `-100…` peer id of a discovered channel
 * @param context - the crawl depth the channel belongs to (0 = seeds)
 * @throws anything: the crawl records it as a skip and goes on
 */
export type ChannelCollector = (ref: string, context: { depth: number }) => Promise<ChannelCollection>;

/** Options of {@link discoverAndCollect}. */
export interface DiscoverOptions {
  /** Levels of references to follow after the seeds (0 = collect the seeds only). */
  depth: number;
  /** Collect a referenced channel when the sources of the previous level refer to it at least this many times (default 3). */
  minRefs?: number;
  /** Stops the crawl (the result says `interrupted`). */
  signal?: AbortSignal;
  /** Called as the crawl goes (for progress output). */
  onEvent?: (event: DiscoveryEvent) => void;
}

/** A channel collected by the crawl. */
export interface DiscoveredChannel {
  ref: string;
  source: StoredSource;
  /** Why it was collected; absent for seeds. */
  references?: ReferencedChannel;
}

/** A channel the crawl could not collect. */
export interface SkippedChannel {
  ref: string;
  /** One line for people, e.g. "@x does not exist on Telegram; …". */
  reason: string;
  /** Stable code of the error (`username_not_occupied`, `channel_private`, …), `unexpected` for foreign errors. */
  code: string;
  error: unknown;
  /** Why it was tried; absent for seeds. */
  references?: ReferencedChannel;
}

/** One level of the crawl. */
export interface DiscoveryLevel {
  /** 0 = seeds; n = channels the sources collected at depth n - 1 refer to. */
  depth: number;
  collected: DiscoveredChannel[];
  skipped: SkippedChannel[];
  /** Referenced often enough, but archived already (`@name` or peer id). */
  alreadyArchived: string[];
}

/** Progress of a crawl. */
export type DiscoveryEvent =
  | { type: "level_start"; depth: number; candidates: ReferencedChannel[]; alreadyArchived: string[]; fromSources: number }
  | { type: "collected"; depth: number; channel: DiscoveredChannel }
  | { type: "skipped"; depth: number; channel: SkippedChannel }
  | { type: "level_done"; level: DiscoveryLevel };

/** What a crawl did. */
export interface DiscoveryResult {
  /** Levels visited, from depth 0; stops early when a level collects nothing. */
  levels: DiscoveryLevel[];
  /** The signal stopped the crawl. */
  interrupted: boolean;
}

/**
 * Snowball crawl. Depth 0 collects `seeds`; then, for each level up to `options.depth`, lists the
 * channels the sources collected at the previous level refer to ({@link listReferencedChannels}),
 * keeps those referenced at least `minRefs` times that are neither archived nor tried in this crawl,
 * and collects them with `collect`. A channel that cannot be collected (`UsernameNotFoundError`,
 * `ChannelPrivateError`, `ChannelNotPublicError`, `InvalidChannelRefError`, any error) is recorded
 * with its reason and the crawl goes on; nothing is retried within one crawl.
 *
 * @param collect - collects one channel (MTProto or web; see {@link ChannelCollector})
 * @returns never throws for a channel; store errors while listing references propagate
 */
export async function discoverAndCollect(store: Store, collect: ChannelCollector, seeds: string[], options: DiscoverOptions): Promise<DiscoveryResult> {
  const crawl = new Crawl(store, collect, options);
  return crawl.run(seeds);
}

class Crawl {
  readonly #tried = new Set<string>();
  readonly #levels: DiscoveryLevel[] = [];
  #interrupted = false;

  constructor(
    private readonly store: Store,
    private readonly collect: ChannelCollector,
    private readonly options: DiscoverOptions,
  ) {}

  async run(seeds: string[]): Promise<DiscoveryResult> {
    const seedLevel: DiscoveryLevel = { depth: 0, collected: [], skipped: [], alreadyArchived: [] };
    this.#levels.push(seedLevel);
    for (const seed of seeds) {
      if (!(await this.#attempt(seedLevel, seed))) break;
    }
    this.#emit({ type: "level_done", level: seedLevel });
    for (let depth = 1; depth <= this.options.depth && !this.#interrupted; depth++) {
      const from = [...new Set(this.#levels[depth - 1]!.collected.map((c) => c.source.id))];
      if (from.length === 0) break;
      const level: DiscoveryLevel = { depth, collected: [], skipped: [], alreadyArchived: [] };
      const candidates = await this.#candidates(from, level);
      if (candidates === undefined) break;
      this.#levels.push(level);
      this.#emit({ type: "level_start", depth, candidates, alreadyArchived: level.alreadyArchived, fromSources: from.length });
      for (const channel of candidates) {
        if (!(await this.#attempt(level, channel.ref, channel))) break;
      }
      this.#emit({ type: "level_done", level });
    }
    return { levels: this.#levels, interrupted: this.#interrupted };
  }

  /** Channels of the next level; `undefined` when the signal stopped the listing. */
  async #candidates(from: number[], level: DiscoveryLevel): Promise<ReferencedChannel[] | undefined> {
    const { signal } = this.options;
    let listed: ReferencedChannels;
    try {
      listed = await listReferencedChannels(this.store, { sourceIds: from, minRefs: this.options.minRefs ?? 3, signal });
    } catch (error) {
      if (!signal?.aborted) throw error;
      this.#interrupted = true;
      return undefined;
    }
    const candidates: ReferencedChannel[] = [];
    for (const channel of listed.channels) {
      if (await this.#archived(channel)) level.alreadyArchived.push(channel.ref);
      else if (!keysOf(channel).some((key) => this.#tried.has(key))) candidates.push(channel);
    }
    return candidates;
  }

  /** Collects one channel into `level`; returns false when the crawl must stop (aborted). */
  async #attempt(level: DiscoveryLevel, ref: string, references?: ReferencedChannel): Promise<boolean> {
    if (this.options.signal?.aborted) {
      this.#interrupted = true;
      return false;
    }
    for (const key of references ? keysOf(references) : [seedKey(ref)]) this.#tried.add(key);
    const because = references ? { references } : {};
    try {
      const { source } = await this.collect(ref, { depth: level.depth });
      for (const key of keysOf(source)) this.#tried.add(key);
      const channel: DiscoveredChannel = { ref, source, ...because };
      level.collected.push(channel);
      this.#emit({ type: "collected", depth: level.depth, channel });
    } catch (error) {
      const channel: SkippedChannel = { ref, reason: reasonOf(error), code: error instanceof TgscopeError ? error.code : "unexpected", error, ...because };
      level.skipped.push(channel);
      this.#emit({ type: "skipped", depth: level.depth, channel });
      if (this.options.signal?.aborted) {
        this.#interrupted = true;
        return false;
      }
    }
    return true;
  }

  async #archived(channel: ReferencedChannel): Promise<boolean> {
    if (channel.username !== undefined && (await this.store.findSource(channel.username)) !== undefined) return true;
    return channel.peerId !== undefined && (await this.store.findSource(String(channel.peerId))) !== undefined;
  }

  #emit(event: DiscoveryEvent): void {
    this.options.onEvent?.(event);
  }
}

/** Identity keys of a channel: `u:<lower-case username>`, `p:<peer id>`. */
function keysOf(channel: { username?: string; peerId?: bigint }): string[] {
  const keys: string[] = [];
  if (channel.username !== undefined) keys.push(`u:${normalizeUsername(channel.username)}`);
  if (channel.peerId !== undefined) keys.push(`p:${channel.peerId}`);
  return keys;
}

function seedKey(ref: string): string {
  const parsed = tryParseChannelRef(ref);
  if (parsed?.kind === "username") return `u:${normalizeUsername(parsed.username)}`;
  if (parsed?.kind === "peer_id") return `p:${parsed.peerId}`;
  return `raw:${ref.trim()}`;
}

function reasonOf(error: unknown): string {
  if (error instanceof TgscopeError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `unexpected failure: ${message.split("\n")[0]}`;
}

