/**
 * HTTP client for Telegram's public web pages (`t.me/s/<channel>`, `t.me/<username>`): polite (one
 * request at a time per host, a pause between requests), patient (retries 429, 5xx and network
 * errors) and honest about what a redirect means.
 */
import { fetch } from "undici";
import { ChannelNotPublicError, TelegramWebError, UsernameNotFoundError, type PeerKind } from "../../domain/index.js";
import { sleepMs, type Logger } from "../../lib/index.js";
import { parseChannelPage, type ChannelPage } from "./channel-page.js";
import { HostQueue } from "./host-queue.js";
import { parseProfilePage, type ProfilePage } from "./profile-page.js";

/** Configuration of a {@link TelegramWebClient}. */
export interface TelegramWebClientConfig {
  /** Base URL of Telegram's web pages without trailing slash, e.g. `https://t.me` (`TGSCOPE_WEB_BASE_URL`). */
  baseUrl: string;
  /** Minimum pause between the end of one request and the start of the next to the same host, in ms. */
  delayMs: number;
  /** Timeout of one HTTP attempt, in ms. */
  timeoutMs: number;
  /** Retries after an HTTP 429, a 5xx or a network error/timeout; 0 tries once. */
  maxRetries: number;
  /** Backoff before retry n (n ≥ 1) is `retryBaseDelayMs × 2^(n−1)` ms, at most 60 s (default 1000); a `Retry-After` header wins. */
  retryBaseDelayMs?: number;
  /** Logs URL, status and attempt of each request at debug level, retries at warn level. */
  logger?: Logger;
  /** `User-Agent` header (default `tgscope`). */
  userAgent?: string;
}

/** Options of one call. */
export interface WebRequestOptions {
  /** Aborts waiting for the host, the request and retry pauses; the call rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Options of {@link TelegramWebClient.getChannelPage}. */
export interface ChannelPageOptions extends WebRequestOptions {
  /** Only posts with ids below this (the previous page's `before` cursor); the newest page when absent. */
  before?: number;
}

const MAX_BACKOFF_MS = 60_000;

/** What a request returned once it stopped being retried: a page, or a redirect. */
type PageResponse = { kind: "page"; html: string } | { kind: "redirect" };

/** Why a peer that exists has no channel preview, in the words of {@link ChannelNotPublicError}. */
const NOT_PUBLIC_REASONS: Record<PeerKind, string> = {
  channel: "a channel without public preview",
  supergroup: "a group",
  group: "a group",
  user: "a user",
  bot: "a bot",
};

/**
 * Reads Telegram's public web pages. Share one instance per process: its per-host queue is what keeps
 * requests to `t.me` one at a time with `delayMs` between them.
 */
export class TelegramWebClient {
  private readonly queue = new HostQueue();
  /** End of the last request per host, `Date.now()` ms. */
  private readonly lastRequestEndMs = new Map<string, number>();

  constructor(private readonly config: TelegramWebClientConfig) {}

  /**
   * Reads one page of a channel's web preview, `GET {baseUrl}/s/{username}[?before=N]`.
   *
   * Telegram redirects `t.me/s/<name>` to the landing page `t.me/<name>` for a username nobody has, a
   * user, a bot, a group and a channel without public preview; the client then reads the landing page
   * to tell which.
   *
   * @throws {UsernameNotFoundError} when no peer has the username
   * @throws {ChannelNotPublicError} when the peer is not a channel with a public preview (`reason`
   *   says what it is: a group, a user, a bot, a channel without public preview)
   * @throws {TelegramWebError} when Telegram does not answer after all retries
   */
  async getChannelPage(username: string, options: ChannelPageOptions = {}): Promise<ChannelPage> {
    const query = options.before === undefined ? "" : `?before=${options.before}`;
    const response = await this.request(`${this.config.baseUrl}/s/${encodeURIComponent(username)}${query}`, options.signal);
    if (response.kind === "page") return parseChannelPage(response.html);
    const profile = await this.getProfile(username, options);
    throw new ChannelNotPublicError(`@${username}`, NOT_PUBLIC_REASONS[profile.source.kind ?? "channel"]);
  }

  /**
   * Reads the landing page of a username, `GET {baseUrl}/{username}`.
   *
   * @throws {UsernameNotFoundError} when no peer has the username
   * @throws {TelegramWebError} when Telegram does not answer after all retries
   */
  async getProfile(username: string, options: WebRequestOptions = {}): Promise<ProfilePage> {
    const url = `${this.config.baseUrl}/${encodeURIComponent(username)}`;
    const response = await this.request(url, options.signal);
    const profile = response.kind === "page" ? parseProfilePage(response.html) : undefined;
    if (!profile) throw new UsernameNotFoundError(username);
    return profile;
  }

  /** GET with the host's turn, pauses and retries; a 3xx is returned as a redirect, not followed. */
  private request(url: string, signal: AbortSignal | undefined): Promise<PageResponse> {
    const host = new URL(url).host;
    return this.queue.run(host, () => this.requestWithRetries(url, host, signal), signal);
  }

  private async requestWithRetries(url: string, host: string, signal: AbortSignal | undefined): Promise<PageResponse> {
    let failure: RetryableFailure = {};
    for (let attempt = 0; attempt <= this.config.maxRetries; attempt += 1) {
      if (attempt > 0) {
        this.config.logger?.warn({ url, status: failure.status, attempt }, "telegram web request failed; retrying");
        await sleepMs(failure.retryAfterMs ?? this.backoffMs(attempt), signal);
      }
      await this.paceHost(host, signal);
      try {
        const response = await this.attempt(url, signal);
        this.config.logger?.debug({ url, status: response.status, attempt }, "telegram web request");
        if (response.status >= 200 && response.status < 300) return { kind: "page", html: await response.text() };
        await response.body?.cancel();
        if (response.status >= 300 && response.status < 400) return { kind: "redirect" };
        if (response.status !== 429 && response.status < 500) {
          throw new TelegramWebError(url, response.status, "Telegram refused the request");
        }
        failure = { status: response.status, retryAfterMs: retryAfterMs(response.headers.get("retry-after")) };
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (error instanceof TelegramWebError) throw error;
        failure = { error };
      } finally {
        this.lastRequestEndMs.set(host, Date.now());
      }
    }
    const message = `Telegram did not answer after ${this.config.maxRetries + 1} attempts`;
    throw new TelegramWebError(url, failure.status, message, failure.error === undefined ? undefined : { cause: failure.error });
  }

  private attempt(url: string, signal: AbortSignal | undefined): ReturnType<typeof fetch> {
    const timeout = AbortSignal.timeout(this.config.timeoutMs);
    return fetch(url, {
      redirect: "manual",
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      headers: { "user-agent": this.config.userAgent ?? "tgscope", "accept-language": "en" },
    });
  }

  /** Waits until `delayMs` has passed since the last request to `host` ended. */
  private async paceHost(host: string, signal: AbortSignal | undefined): Promise<void> {
    const last = this.lastRequestEndMs.get(host);
    const waitMs = last === undefined ? 0 : last + this.config.delayMs - Date.now();
    if (waitMs > 0) await sleepMs(waitMs, signal);
  }

  /** Exponential backoff before retry `attempt` (≥ 1): `retryBaseDelayMs × 2^(attempt − 1)`, at most 60 s. */
  private backoffMs(attempt: number): number {
    return Math.min((this.config.retryBaseDelayMs ?? 1000) * 2 ** (attempt - 1), MAX_BACKOFF_MS);
  }
}

/** Why the last attempt will be retried: an HTTP 429/5xx (with Telegram's `Retry-After`, if any) or a network error. */
interface RetryableFailure {
  status?: number;
  retryAfterMs?: number;
  error?: unknown;
}

/** `Retry-After` as seconds (`"3"`) or an HTTP date, in ms from now. */
function retryAfterMs(header: string | null): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
