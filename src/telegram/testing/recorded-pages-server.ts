/**
 * A local stand-in for `t.me` that serves the real captured pages of `../shared/real/` the way
 * Telegram would: channel previews (paged with `?before=N`), landing pages, the redirect for names
 * without a preview, and scripted failures. Loopback only.
 */
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { channelPageWindow } from "./channel-page-window.js";
import { NONEXISTENT_PROFILE_PAGE, REAL_CHANNEL_PAGES, REAL_PROFILE_PAGES } from "./real-pages.js";

/** A failure the server answers instead of the page. */
export interface ScriptedFailure {
  /** Request path to fail: `/s/ClashReport` matches any query; `/s/ClashReport?before=93429` only that one. */
  path: string;
  /** HTTP status to answer, e.g. 429 or 500. */
  status: number;
  /** Sent as the `Retry-After` header (seconds). */
  retryAfterSeconds?: number;
  /** How many matching requests fail before the page is served (default: all of them). */
  times?: number;
}

/** Options of {@link startRecordedPagesServer}. */
export interface RecordedPagesServerOptions {
  /** Message widgets per channel page (the newest ones below `before`); default: all the recording has. */
  pageSize?: number;
  /** Delay before each response, in ms (default 0). */
  latencyMs?: number;
  /** Failures to answer before serving pages. */
  failures?: ScriptedFailure[];
  /** More channel pages: username → absolute path of a `t.me/s` HTML file. */
  channels?: Record<string, string>;
}

/** One request the server received. */
export interface RecordedRequest {
  /** Path and query, e.g. `/s/meduzalive?before=141878`. */
  path: string;
  /** When it arrived, `Date.now()` ms. */
  receivedAtMs: number;
}

/** A running recorded-pages server. */
export interface RecordedPagesServer {
  /** `http://127.0.0.1:<port>`, to use as `TGSCOPE_WEB_BASE_URL`. */
  readonly baseUrl: string;
  /** Paths (with query) of the requests received, in arrival order. */
  readonly requests: string[];
  /** The same requests with their arrival times. */
  readonly requestLog: RecordedRequest[];
  /** The most requests that were being answered at the same time. */
  readonly maxConcurrentRequests: number;
  /**
   * Makes a channel look as if its newest post were `messageId` (widgets above it are hidden), to
   * simulate a channel that posts between two collections; `undefined` shows everything again.
   */
  setNewestId(username: string, messageId: number | undefined): void;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/**
 * Starts the server on 127.0.0.1 on a free port.
 *
 * - `GET /s/<username>[?before=N]`: the recorded `t.me/s` page of that channel (username matched
 *   case-insensitively), cut to `before` and `pageSize` by {@link channelPageWindow};
 *   `302 Location: /<username>` for a name without a recorded page.
 * - `GET /<username>`: its recorded landing page, else Telegram's page for a username nobody has.
 */
export async function startRecordedPagesServer(options: RecordedPagesServerOptions = {}): Promise<RecordedPagesServer> {
  const channels = new Map<string, string>();
  for (const page of REAL_CHANNEL_PAGES) channels.set(page.username.toLowerCase(), await readFile(page.file, "utf8"));
  for (const [username, file] of Object.entries(options.channels ?? {})) channels.set(username.toLowerCase(), await readFile(file, "utf8"));
  const profiles = new Map<string, string>();
  for (const page of REAL_PROFILE_PAGES) profiles.set(page.username.toLowerCase(), await readFile(page.file, "utf8"));
  const nonexistent = await readFile(NONEXISTENT_PROFILE_PAGE.file, "utf8");
  const failures = (options.failures ?? []).map((failure) => ({ ...failure, left: failure.times ?? Infinity }));

  const requestLog: RecordedRequest[] = [];
  const requests: string[] = [];
  const newestIds = new Map<string, number>();
  let inFlight = 0;
  let maxConcurrentRequests = 0;

  const respond = (request: IncomingMessage, response: ServerResponse): void => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const failure = failures.find((f) => f.left > 0 && (f.path === url.pathname || f.path === url.pathname + url.search));
    if (failure) {
      failure.left -= 1;
      const headers = failure.retryAfterSeconds === undefined ? {} : { "retry-after": String(failure.retryAfterSeconds) };
      response.writeHead(failure.status, { ...headers, "content-type": "text/plain" }).end(`scripted HTTP ${failure.status}`);
      return;
    }
    const preview = /^\/s\/([A-Za-z0-9_]+)\/?$/.exec(url.pathname);
    if (preview) {
      const html = channels.get(preview[1]!.toLowerCase());
      if (html === undefined) {
        response.writeHead(302, { location: `/${preview[1]}` }).end();
        return;
      }
      const before = url.searchParams.has("before") ? Number(url.searchParams.get("before")) : undefined;
      const newestId = newestIds.get(preview[1]!.toLowerCase());
      sendHtml(response, channelPageWindow(html, { before, pageSize: options.pageSize, newestId }));
      return;
    }
    const landing = /^\/([A-Za-z0-9_]+)\/?$/.exec(url.pathname);
    if (landing) {
      const username = landing[1]!;
      sendHtml(response, profiles.get(username.toLowerCase()) ?? nonexistent.replaceAll(NONEXISTENT_PROFILE_PAGE.username, username));
      return;
    }
    response.writeHead(404, { "content-type": "text/plain" }).end("not a page the recorded-pages server knows");
  };

  const server = createServer((request, response) => {
    requestLog.push({ path: request.url ?? "/", receivedAtMs: Date.now() });
    requests.push(request.url ?? "/");
    inFlight += 1;
    maxConcurrentRequests = Math.max(maxConcurrentRequests, inFlight);
    response.on("close", () => (inFlight -= 1));
    setTimeout(() => respond(request, response), options.latencyMs ?? 0);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    requestLog,
    get maxConcurrentRequests() {
      return maxConcurrentRequests;
    },
    setNewestId(username, messageId) {
      if (messageId === undefined) newestIds.delete(username.toLowerCase());
      else newestIds.set(username.toLowerCase(), messageId);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function sendHtml(response: ServerResponse, html: string): void {
  response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
}
