// TelegramWebClient against the recorded-pages server on 127.0.0.1 (real pages from real/).
import { afterEach, describe, expect, it, vi } from "vitest";
import { ChannelNotPublicError, TelegramWebError, UsernameNotFoundError } from "../../domain/index.js";
import { startRecordedPagesServer, type RecordedPagesServer, type RecordedPagesServerOptions } from "../testing/index.js";
import { TelegramWebClient, type TelegramWebClientConfig } from "./web-client.js";

let server: RecordedPagesServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setUp(
  serverOptions: RecordedPagesServerOptions = {},
  config: Partial<TelegramWebClientConfig> = {},
): Promise<{ server: RecordedPagesServer; client: TelegramWebClient }> {
  server = await startRecordedPagesServer(serverOptions);
  const client = new TelegramWebClient({ baseUrl: server.baseUrl, delayMs: 0, timeoutMs: 5_000, maxRetries: 2, retryBaseDelayMs: 10, ...config });
  return { server, client };
}

/** Gaps between consecutive request arrivals, in ms. */
const gapsMs = (s: RecordedPagesServer): number[] => s.requestLog.slice(1).map((r, i) => r.receivedAtMs - s.requestLog[i]!.receivedAtMs);

describe("TelegramWebClient.getChannelPage", () => {
  it("pages back through a channel with the before cursor until nothing older is left", async () => {
    const { server, client } = await setUp({ pageSize: 5 });
    const pages = [await client.getChannelPage("meduzalive")];
    while (pages.at(-1)!.before !== undefined) pages.push(await client.getChannelPage("meduzalive", { before: pages.at(-1)!.before }));

    expect(server.requests).toEqual(["/s/meduzalive", "/s/meduzalive?before=141890", "/s/meduzalive?before=141885", "/s/meduzalive?before=141880"]);
    expect(pages.map((p) => p.messages.map((m) => m.messageId))).toEqual([
      [141890, 141891, 141892, 141893, 141894, 141895, 141896, 141897],
      [141885, 141886, 141887, 141888, 141889],
      [141880, 141881, 141882, 141883, 141884],
      [141878, 141879],
    ]);
    expect(pages.map((p) => p.before)).toEqual([141890, 141885, 141880, undefined]);
    expect(pages.every((p) => p.source.username === "meduzalive" && p.source.memberCount === 1_100_000)).toBe(true);
  });

  it("reads the recorded page whole without a page size, with Telegram's own cursor", async () => {
    const { client } = await setUp();
    const page = await client.getChannelPage("clashreport");
    expect(page.messages).toHaveLength(20);
    expect(page.before).toBe(93429);
    expect((await client.getChannelPage("ClashReport", { before: 93429 })).messages).toEqual([]);
  });

  it("throws UsernameNotFoundError when the preview redirects and the landing page shows nobody", async () => {
    const { server, client } = await setUp();
    const error = await client.getChannelPage("nosuchname_4711").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsernameNotFoundError);
    expect(error).toMatchObject({ username: "nosuchname_4711", code: "username_not_occupied" });
    expect(server.requests).toEqual(["/s/nosuchname_4711", "/nosuchname_4711"]);
  });

  it("throws ChannelNotPublicError naming a group for @tdlibchat", async () => {
    const { client } = await setUp();
    const error = await client.getChannelPage("tdlibchat").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelNotPublicError);
    expect(error).toMatchObject({ channel: "@tdlibchat", reason: "a group", code: "channel_not_public" });
  });

  it("waits as long as a 429's Retry-After asks, then reads the page", async () => {
    const { server, client } = await setUp({ failures: [{ path: "/s/ClashReport", status: 429, retryAfterSeconds: 1, times: 1 }] });
    const page = await client.getChannelPage("ClashReport");
    expect(page.messages).toHaveLength(20);
    expect(server.requests).toEqual(["/s/ClashReport", "/s/ClashReport"]);
    expect(gapsMs(server)[0]).toBeGreaterThanOrEqual(990);
  });

  it("retries a 500 with backoff and gives up with TelegramWebError after maxRetries", async () => {
    const { server, client } = await setUp({ failures: [{ path: "/s/durov", status: 500 }] }, { maxRetries: 3, retryBaseDelayMs: 40 });
    const error = await client.getChannelPage("durov").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelegramWebError);
    expect(error).toMatchObject({ status: 500, url: `${server.baseUrl}/s/durov`, code: "telegram_web_unavailable" });
    expect(server.requests).toHaveLength(4);
    const gaps = gapsMs(server);
    expect(gaps[0]).toBeGreaterThanOrEqual(38);
    expect(gaps[1]).toBeGreaterThanOrEqual(78);
    expect(gaps[2]).toBeGreaterThanOrEqual(158);
  });

  it("recovers when a 500 happens fewer times than it retries", async () => {
    const { server, client } = await setUp({ failures: [{ path: "/s/durov", status: 503, times: 2 }] });
    expect((await client.getChannelPage("durov")).source.title).toBe("Pavel Durov");
    expect(server.requests).toHaveLength(3);
  });

  it("does not retry a 404", async () => {
    const { server, client } = await setUp({ failures: [{ path: "/s/durov", status: 404 }] });
    await expect(client.getChannelPage("durov")).rejects.toMatchObject({ status: 404 });
    expect(server.requests).toHaveLength(1);
  });

  it("retries network errors and timeouts, then reports the cause", async () => {
    const closed = await startRecordedPagesServer();
    await closed.close();
    const refused = new TelegramWebClient({ baseUrl: closed.baseUrl, delayMs: 0, timeoutMs: 1_000, maxRetries: 1, retryBaseDelayMs: 10 });
    const error = await refused.getChannelPage("durov").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelegramWebError);
    expect((error as TelegramWebError).status).toBeUndefined();
    expect((error as TelegramWebError).cause).toBeInstanceOf(Error);

    const { server, client } = await setUp({ latencyMs: 300 }, { timeoutMs: 50, maxRetries: 1 });
    await expect(client.getChannelPage("durov")).rejects.toBeInstanceOf(TelegramWebError);
    expect(server.requests).toEqual(["/s/durov", "/s/durov"]);
  });
});

describe("TelegramWebClient politeness and cancellation", () => {
  it("sends one request at a time per host, delayMs after the previous one ended", async () => {
    const { server, client } = await setUp({ latencyMs: 30 }, { delayMs: 150 });
    const names = ["durov", "meduzalive", "ClashReport", "data_secrets"];
    const pages = await Promise.all(names.map((name) => client.getChannelPage(name)));

    expect(pages.map((p) => p.source.username)).toEqual(names);
    expect(server.requests).toEqual(names.map((name) => `/s/${name}`));
    expect(server.maxConcurrentRequests).toBe(1);
    for (const gap of gapsMs(server)) expect(gap).toBeGreaterThanOrEqual(150 + 30 - 2);
  });

  it("reads profiles with the same queue and tells users from channels", async () => {
    const { server, client } = await setUp({}, { delayMs: 50 });
    const [channel, group] = await Promise.all([client.getProfile("DiaboxApp"), client.getProfile("tdlibchat")]);
    expect(channel).toMatchObject({ hasPublicPreview: true, source: { kind: "channel", memberCount: 5_012 } });
    expect(group).toMatchObject({ hasPublicPreview: false, source: { kind: "supergroup", onlineCount: 362 } });
    await expect(client.getProfile("nosuchname_4711")).rejects.toBeInstanceOf(UsernameNotFoundError);
    expect(server.maxConcurrentRequests).toBe(1);
  });

  it("rejects with the abort reason, whether waiting its turn or in flight, and the queue moves on", async () => {
    const { server, client } = await setUp({ latencyMs: 200 });
    const inFlight = new AbortController();
    const waiting = new AbortController();
    // settle the rejections at once: an abort must not surface as an unhandled rejection
    const first = client.getChannelPage("durov", { signal: inFlight.signal }).catch((error: unknown) => error);
    const second = client.getChannelPage("meduzalive", { signal: waiting.signal }).catch((error: unknown) => error);
    const third = client.getChannelPage("ClashReport");
    waiting.abort(new Error("stop waiting"));
    await vi.waitFor(() => expect(server.requests).toEqual(["/s/durov"]));
    inFlight.abort(new Error("stop now"));

    expect(await second).toEqual(new Error("stop waiting"));
    expect(await first).toEqual(new Error("stop now"));
    expect((await third).source.username).toBe("ClashReport");
    expect(server.requests).toEqual(["/s/durov", "/s/ClashReport"]);
  });
});
