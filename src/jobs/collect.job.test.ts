import { describe, expect, it } from "vitest";
import { ChannelPrivateError, FloodWaitError, InvalidOptionError, UsernameNotFoundError } from "../domain/index.js";
import { createLogger } from "../lib/index.js";
import type { StoredSource } from "../store/index.js";
import { collectJobHandler, parseCollectJobParams, type ChannelCollection, type CollectJobPorts } from "./collect.job.js";
import type { Job, JsonValue } from "./job-queue.js";
import type { JobContext } from "./job-runner.js";

function buildJob(params: JsonValue, overrides: Partial<Job> = {}): Job {
  return { id: 7, kind: "collect", params, state: "running", createdAt: new Date(), attempts: 1, ...overrides };
}

function source(username: string, id: number): StoredSource {
  return { id, username, firstSeenAt: new Date(), collectedVia: "web" } as StoredSource;
}

function collection(username: string, id: number, inserted: number): ChannelCollection {
  return { source: source(username, id), inserted, updated: 0, unchanged: 0, pages: 1, complete: true };
}

/** Ports that record their calls; `outcomes` decides what each ref gives. */
function ports(outcomes: Record<string, ChannelCollection | Error>) {
  const calls: { via: string; ref: string; options: Record<string, unknown> }[] = [];
  const media: { sourceId: number; kinds: string[]; maxSizeBytes?: number }[] = [];
  const answer = async (via: string, ref: string, options: object) => {
    calls.push({ via, ref, options: options as Record<string, unknown> });
    const outcome = outcomes[ref];
    if (outcome === undefined) throw new Error(`unexpected ref ${ref}`);
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };
  const value: CollectJobPorts = {
    collectWeb: (ref, options) => answer("web", ref, options),
    collectMtproto: (ref, options) => answer("mtproto", ref, options),
    downloadMedia: async (s, options) => {
      media.push({ sourceId: s.id, kinds: options.kinds, ...(options.maxSizeBytes !== undefined ? { maxSizeBytes: options.maxSizeBytes } : {}) });
      options.onProgress(1, 2);
      return { downloaded: 1, deduplicated: 1, skipped: 0, failed: [{}] };
    },
    defaultRecheckDays: 2,
  };
  return { ports: value, calls, media };
}

function context(signal = new AbortController().signal): JobContext & { reported: JsonValue[] } {
  const reported: JsonValue[] = [];
  return { signal, logger: createLogger("silent"), reported, progress: (p) => void reported.push(p) };
}

describe("collect job", () => {
  it("collects each channel, reports progress, and sums the result", async () => {
    const { ports: p, calls } = ports({ alpha_news: collection("alpha_news", 1, 5), "@beta_news": collection("beta_news", 2, 7) });
    const ctx = context();
    const since = "2024-05-01T00:00:00.000Z";
    const outcome = await collectJobHandler(p).run(buildJob({ refs: ["alpha_news", "@beta_news"], via: "web", limit: 10, since, min_id: 3 }), ctx);

    expect(outcome.error).toBeUndefined();
    expect(outcome.result).toEqual({
      channels: [
        { ref: "alpha_news", source_id: 1, source: "@alpha_news", inserted: 5, updated: 0, unchanged: 0, pages: 1, complete: true },
        { ref: "@beta_news", source_id: 2, source: "@beta_news", inserted: 7, updated: 0, unchanged: 0, pages: 1, complete: true },
      ],
      inserted: 12,
      updated: 0,
      unchanged: 0,
      failed: 0,
    });
    expect(calls.map((c) => [c.via, c.ref, c.options.limit, (c.options.since as Date).toISOString(), c.options.minId])).toEqual([
      ["web", "alpha_news", 10, since, 3],
      ["web", "@beta_news", 10, since, 3],
    ]);
    expect(calls[0]!.options).not.toHaveProperty("recheckSince");
    expect(ctx.reported.at(-1)).toMatchObject({ channels_total: 2, channels_done: 2, current: null });
    expect(ctx.reported[0]).toMatchObject({ channels_done: 0, current: { ref: "alpha_news", phase: "start" } });
  });

  it("skips the channels an earlier run of the job finished", async () => {
    const { ports: p, calls } = ports({ "@beta_news": collection("beta_news", 2, 7) });
    const earlier = { ref: "alpha_news", source_id: 1, source: "@alpha_news", inserted: 5, updated: 0, unchanged: 0, pages: 1, complete: true };
    const job = buildJob({ refs: ["alpha_news", "@beta_news"], via: "web" }, { attempts: 2, progress: { channels_done: 1, channels: [earlier] } });
    const outcome = await collectJobHandler(p).run(job, context());

    expect(calls.map((c) => c.ref)).toEqual(["@beta_news"]);
    expect(outcome.result).toMatchObject({ inserted: 12, channels: [earlier, { ref: "@beta_news", inserted: 7 }] });
  });

  it("records a channel that cannot be collected and goes on; the job fails with its code", async () => {
    const { ports: p } = ports({ nosuch_name: new UsernameNotFoundError("nosuch_name"), "@beta_news": collection("beta_news", 2, 7) });
    const one = await collectJobHandler(p).run(buildJob({ refs: ["nosuch_name"], via: "web" }), context());
    expect(one.error).toEqual({ code: "username_not_occupied", message: "@nosuch_name does not exist on Telegram; check the spelling of the username" });

    const two = await collectJobHandler(p).run(buildJob({ refs: ["nosuch_name", "@beta_news"], via: "web" }), context());
    expect(two.error).toMatchObject({ code: "username_not_occupied", message: expect.stringMatching(/^1 of 2 channels could not be collected; nosuch_name: @nosuch_name/) });
    expect(two.result).toMatchObject({ failed: 1, inserted: 7, channels: [{ ref: "nosuch_name", error: { code: "username_not_occupied" }, inserted: 0 }, { ref: "@beta_news" }] });
  });

  it("lets a FLOOD_WAIT, an abort and unexpected errors end the run, keeping finished channels in the progress", async () => {
    const flood = new FloodWaitError("messages.getHistory", 600);
    const { ports: p } = ports({ alpha_news: collection("alpha_news", 1, 5), "@beta_news": flood, gamma_news: new TypeError("bug") });
    const ctx = context();
    await expect(collectJobHandler(p).run(buildJob({ refs: ["alpha_news", "@beta_news"], via: "mtproto" }), ctx)).rejects.toBe(flood);
    expect(ctx.reported.at(-1)).toMatchObject({ channels_done: 1, channels: [{ ref: "alpha_news", inserted: 5 }] });
    await expect(collectJobHandler(p).run(buildJob({ refs: ["gamma_news"], via: "web" }), context())).rejects.toBeInstanceOf(TypeError);

    const controller = new AbortController();
    controller.abort(new Error("stopping"));
    await expect(collectJobHandler(p).run(buildJob({ refs: ["alpha_news"], via: "web" }), context(controller.signal))).rejects.toThrow("stopping");
  });

  it("passes the MTProto options, re-checks by default for TGSCOPE_RECHECK_DAYS, and downloads media", async () => {
    const { ports: p, calls, media } = ports({ alpha_news: collection("alpha_news", 1, 5), private_chan: new ChannelPrivateError("@private_chan") });
    const before = Date.now();
    const outcome = await collectJobHandler(p).run(
      buildJob({ refs: ["alpha_news", "private_chan"], via: "mtproto", comments: true, media: ["photo", "video"], media_max_size: 1000 }),
      context(),
    );
    expect(calls[0]!.options.comments).toBe(true);
    const recheckSince = (calls[0]!.options.recheckSince as Date).getTime();
    expect(recheckSince).toBeGreaterThanOrEqual(before - 2 * 86_400_000);
    expect(recheckSince).toBeLessThanOrEqual(Date.now() - 2 * 86_400_000);
    expect(media).toEqual([{ sourceId: 1, kinds: ["photo", "video"], maxSizeBytes: 1000 }]);
    expect(outcome.result).toMatchObject({
      channels: [{ ref: "alpha_news", media: { downloaded: 1, deduplicated: 1, skipped: 0, failed: 1 } }, { ref: "private_chan", error: { code: "channel_private" } }],
    });

    const { ports: off, calls: noRecheck } = ports({ alpha_news: collection("alpha_news", 1, 5) });
    await collectJobHandler(off).run(buildJob({ refs: ["alpha_news"], via: "mtproto", recheck_days: 0 }), context());
    expect(noRecheck[0]!.options).not.toHaveProperty("recheckSince");
  });

  it("refuses stored parameters that are not a collect job's, naming the field", () => {
    for (const [params, field] of [
      [null, "params"],
      [{ via: "web" }, "refs"],
      [{ refs: [], via: "web" }, "refs"],
      [{ refs: ["a_name"], via: "ftp" }, "via"],
      [{ refs: ["a_name"], via: "web", limit: 0 }, "limit"],
      [{ refs: ["a_name"], via: "web", since: "never" }, "since"],
      [{ refs: ["a_name"], via: "web", media: ["films"] }, "media"],
      [{ refs: ["a_name"], via: "web", comments: "yes" }, "comments"],
    ] as [JsonValue, string][]) {
      expect(() => parseCollectJobParams(params)).toThrow(InvalidOptionError);
      expect(() => parseCollectJobParams(params)).toThrow(new RegExp(`^${field}: `));
    }
    expect(parseCollectJobParams({ refs: ["a_name"], via: "web", recheck_days: 0, limit: 3 })).toEqual({ refs: ["a_name"], via: "web", recheck_days: 0, limit: 3 });
  });
});
