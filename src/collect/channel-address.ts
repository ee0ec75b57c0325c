/**
 * How work reaches a channel through the account pool: the pool port ({@link MtprotoAccountsPort}),
 * what an account can read ({@link ChannelReads}), and {@link ChannelAddress}, which gives each
 * account its own access hash for the channel — cached in the archive, resolved once per account.
 */
import { ChannelPrivateError, channelIdOfPeerId, channelPeerId, type Message, type Source } from "../domain/index.js";
import type { Store } from "../store/index.js";
import type { ChannelAccess, MtprotoHistoryPage, MtprotoRepliesPage, ResolvedChannel } from "../telegram/index.js";

/** Channel reads of one account (`MtprotoChannelClient`). */
export interface ChannelReads {
  /** `contacts.resolveUsername`. @throws {UsernameNotFoundError} | {ChannelPrivateError} | {FloodWaitError} */
  resolveUsername(username: string): Promise<ResolvedChannel>;
  /** `channels.getFullChannel`. @throws {ChannelPrivateError} | {FloodWaitError} */
  getChannel(access: ChannelAccess): Promise<Source>;
  /** `messages.getHistory` below `before`. @throws {ChannelPrivateError} | {FloodWaitError} */
  getHistoryPage(access: ChannelAccess, before?: number, signal?: AbortSignal): Promise<MtprotoHistoryPage>;
  /** `messages.getHistory` of the ids `low ≤ id < high`. */
  getHistoryWindow(access: ChannelAccess, low: number, high: number, signal?: AbortSignal): Promise<MtprotoHistoryPage>;
  /** `messages.getReplies`: a page of a post's comments, and the discussion group they are in. */
  getReplies(access: ChannelAccess, postId: number, before?: number, signal?: AbortSignal): Promise<MtprotoRepliesPage>;
  /** `channels.getMessages` (≤ 100 ids): those that still exist, and the ids that are gone. */
  getMessages(access: ChannelAccess, messageIds: number[], signal?: AbortSignal): Promise<{ messages: Message[]; missing: number[] }>;
}

/** An account lent for one piece of work (`AccountLease`). */
export interface MtprotoLease {
  /** Row id of the account (access hashes are per account). */
  accountId: number;
  channels: ChannelReads;
  /** Waits until the account may make one more call of `method`, and counts it. */
  throttle(method: string, signal?: AbortSignal): Promise<void>;
}

/** The account pool (`AccountPool`): runs work with an available account, moving on after flood waits. */
export interface MtprotoAccountsPort {
  withAccount<T>(work: (lease: MtprotoLease) => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Accounts that can work right now (signed in, not parked): how many calls may run at once. */
  usableCount(): Promise<number>;
}

/** How each account addresses one channel: cached access hashes, resolved once per account. */
export class ChannelAddress {
  /** Accesses found so far, by account row id: the archive is asked once per account and run. */
  readonly #known = new Map<number, ChannelAccess>();

  /**
   * @param username - the channel's username, to resolve it with an account that has no access hash yet
   * @param peerId - its Bot-API peer id when known (set it once the channel info was read)
   */
  constructor(
    private readonly store: Store,
    private readonly username: string | undefined,
    public peerId: bigint | undefined,
  ) {}

  /** Runs one call of `method` on the channel with `lease`'s access, resolving again once if Telegram rejects a cached hash. */
  async read<T>(lease: MtprotoLease, method: string, call: (access: ChannelAccess) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const cached = await this.#cached(lease.accountId);
    const access = cached ?? (await this.#resolve(lease, signal));
    await lease.throttle(method, signal);
    try {
      return await call(access);
    } catch (error) {
      if (!(error instanceof ChannelPrivateError) || cached === undefined || this.username === undefined) throw error;
      this.#known.delete(lease.accountId);
      await this.store.forgetAccessHash(lease.accountId, channelPeerId(cached.channelId));
      const fresh = await this.#resolve(lease, signal);
      await lease.throttle(method, signal);
      return call(fresh);
    }
  }

  async #cached(accountId: number): Promise<ChannelAccess | undefined> {
    const known = this.#known.get(accountId);
    if (known !== undefined) return known;
    const peerId = this.peerId ?? (await this.store.findSource(this.username ?? ""))?.peerId;
    const channelId = peerId === undefined ? undefined : channelIdOfPeerId(peerId);
    if (peerId === undefined || channelId === undefined) return undefined;
    const accessHash = await this.store.findAccessHash(accountId, peerId);
    if (accessHash === undefined) return undefined;
    const access = { channelId, accessHash };
    this.#known.set(accountId, access);
    return access;
  }

  async #resolve(lease: MtprotoLease, signal?: AbortSignal): Promise<ChannelAccess> {
    if (this.username === undefined) {
      throw new ChannelPrivateError(`${this.peerId} (this account has never seen it; collect it by username first)`);
    }
    await lease.throttle("contacts.resolveUsername", signal);
    const { access } = await lease.channels.resolveUsername(this.username);
    await this.store.rememberAccessHash({ accountId: lease.accountId, peerId: channelPeerId(access.channelId), accessHash: access.accessHash });
    this.#known.set(lease.accountId, access);
    return access;
  }
}
