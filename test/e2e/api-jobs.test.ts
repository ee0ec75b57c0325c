/**
 * Collections as background jobs over the REST API (`/api/jobs`): the services of `tgscope serve`
 * (real SQLite archive, web client against the recorded t.me pages, accounts against the FakeTelegram
 * relay) with the job runner `serve` starts; and `tgscope serve` itself in a child process, stopped
 * and started again in the middle of a job.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance, InjectOptions } from "fastify";
import { buildApi } from "../../src/api/index.js";
import { loadConfig } from "../../src/config/index.js";
import type { JobRunner } from "../../src/jobs/index.js";
import { openServices, startJobRunner, type Services } from "../../src/main.js";
import { openStore } from "../../src/store/index.js";
import { parseChannelPage } from "../../src/telegram/index.js";
import { FakeTelegram, startFakeTelegramRelay, type FakeTelegramRelay } from "../../src/telegram/mtproto/testing/index.js";
import { REAL_CHANNEL_PAGES, startRecordedPagesServer, type RecordedPagesServer } from "../../src/telegram/testing/index.js";
import { signInOnFake } from "../support/accounts.js";
import { cliEnv, spawnTgscope, tempDataDir } from "../support/cli.js";

const RUNNER_TIMINGS = { pollIntervalMs: 20, heartbeatIntervalMs: 50, staleAfterMs: 300, stopTimeoutMs: 5000 } as const;
const ALICE = "+15550001111";
const NEWS = 1_036_240_821;

/** Messages of each recorded channel page. */
const RECORDED = new Map(REAL_CHANNEL_PAGES.map((p) => [p.username, parseChannelPage(readFileSync(p.file, "utf8")).messages]));

let pages: RecordedPagesServer;
let fake: FakeTelegram;
let relay: FakeTelegramRelay;
beforeAll(async () => {
  pages = await startRecordedPagesServer({ pageSize: 4 });
  fake = new FakeTelegram();
  fake.auth.addUser({ phone: ALICE, userId: 1001, firstName: "Alice", username: "alice_osint" });
  fake.addChannel({ id: NEWS, username: "meduzalive", title: "Медуза — LIVE", about: "Новости", participantsCount: 1_200_000 });
  for (let i = 1; i <= 250; i++) fake.post(NEWS, { message: `пост ${i}`, views: i });
  relay = await startFakeTelegramRelay(fake);
});
afterAll(async () => {
  await pages?.close();
  await relay?.close();
});

let services: Services | undefined;
let app: FastifyInstance | undefined;
let runner: JobRunner | undefined;

afterEach(async () => {
  await runner?.stop();
  await app?.close();
  await services?.close();
  runner = app = services = undefined;
});

/** What `tgscope serve` builds, without listening and without the job runner (see {@link startRunner}). */
async function openServer(): Promise<{ services: Services; app: FastifyInstance }> {
  const dataDir = tempDataDir();
  const config = loadConfig(
    { TGSCOPE_DATA_DIR: dataDir, TGSCOPE_WEB_BASE_URL: pages.baseUrl, TGSCOPE_WEB_DELAY_MS: "0", TGSCOPE_LOG_LEVEL: "silent", TGSCOPE_MTPROTO_RELAY_URL: relay.url },
    {},
    dataDir,
  );
  services = await openServices(config);
  app = buildApi({ store: services.store, logger: services.logger, accounts: services.accounts, jobs: await services.openJobs(), version: "test" });
  return { services, app };
}

async function startRunner(): Promise<JobRunner> {
  runner = await startJobRunner(services!, RUNNER_TIMINGS);
  return runner;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function call(method: InjectOptions["method"], url: string, payload?: unknown): Promise<Answer> {
  const response = await app!.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as InjectOptions["payload"] }) });
  return { status: response.statusCode, body: response.json() };
}

type JobBody = Record<string, unknown> & { id: number; state: string; result: Record<string, unknown> | null; error: Record<string, unknown> | null };

/** Starts a collect job over the API; answers its row. */
async function startJob(body: Record<string, unknown>): Promise<JobBody> {
  const answer = await call("POST", "/api/jobs/collect", body);
  expect(answer.status).toBe(202);
  return answer.body.job as JobBody;
}

/** Polls `GET /api/jobs/:id` until the job is in one of `states` (at most 30 s). */
async function waitForJob(id: number, states: string[] = ["done", "failed", "cancelled"]): Promise<JobBody> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { status, body } = await call("GET", `/api/jobs/${id}`);
    expect(status).toBe(200);
    const job = body.job as JobBody;
    if (states.includes(job.state)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job.state}: ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("collect jobs over the REST API", () => {
  it("collects recorded channels in the background: 202 queued, then done with every message archived", async () => {
    const { services } = await openServer();
    await startRunner();
    const queued = await startJob({ refs: ["ClashReport", "https://t.me/s/meduzalive"], via: "web", since: "2001-01-01" });
    expect(queued).toMatchObject({
      kind: "collect",
      state: "queued",
      params: { refs: ["ClashReport", "https://t.me/s/meduzalive"], via: "web", since: "2001-01-01T00:00:00.000Z" },
      progress: null,
      result: null,
      error: null,
      started_at: null,
      finished_at: null,
      attempts: 0,
      not_before: null,
    });
    expect(Date.parse(queued.created_at as string)).toBeGreaterThan(Date.now() - 60_000);

    const done = await waitForJob(queued.id);
    const clash = RECORDED.get("ClashReport")!.length;
    const meduza = RECORDED.get("meduzalive")!.length;
    expect(done).toMatchObject({ state: "done", attempts: 1, error: null });
    expect(done.result).toEqual({
      channels: [
        { ref: "ClashReport", source_id: expect.any(Number), source: "@ClashReport", inserted: clash, updated: 0, unchanged: 0, pages: expect.any(Number), complete: true },
        { ref: "https://t.me/s/meduzalive", source_id: expect.any(Number), source: "@meduzalive", inserted: meduza, updated: 0, unchanged: 0, pages: expect.any(Number), complete: true },
      ],
      inserted: clash + meduza,
      updated: 0,
      unchanged: 0,
      failed: 0,
    });
    expect(done.progress).toMatchObject({ channels_total: 2, channels_done: 2, current: null });
    expect(Date.parse(done.finished_at as string)).toBeGreaterThanOrEqual(Date.parse(done.started_at as string));

    expect(await services.store.countMessages({ sources: ["ClashReport"] })).toBe(clash);
    expect(await services.store.countMessages({ sources: ["meduzalive"] })).toBe(meduza);
    const messages = await call("GET", "/api/messages?source=ClashReport&limit=1000&order=date_asc");
    expect((messages.body.messages as { message_id: number }[]).map((m) => m.message_id)).toEqual(RECORDED.get("ClashReport")!.map((m) => m.messageId));

    // A second job finds nothing new; a limited one on a fresh channel stops at its limit.
    const again = await waitForJob((await startJob({ refs: ["@ClashReport"], via: "web" })).id);
    expect(again.result).toMatchObject({ inserted: 0, updated: 0, channels: [{ ref: "@ClashReport", complete: true, inserted: 0 }] });
    expect((again.result as { unchanged: number }).unchanged).toBeGreaterThan(0);
    const limited = await waitForJob((await startJob({ refs: ["nflbite_official"], via: "web", limit: 2 })).id);
    expect(limited.result).toMatchObject({ inserted: 2, channels: [{ source: "@nflbite_official", inserted: 2, complete: false }] });

    const list = await call("GET", "/api/jobs?limit=2");
    expect(list.status).toBe(200);
    expect((list.body.items as JobBody[]).map((j) => j.id)).toEqual([limited.id, again.id]);
    expect(((await call("GET", "/api/jobs")).body.items as JobBody[]).map((j) => j.id)).toEqual([limited.id, again.id, done.id]);
  });

  it("fails a job for a username nobody has with username_not_occupied, and still collects the other channels", async () => {
    const { services } = await openServer();
    await startRunner();
    const unknown = await waitForJob((await startJob({ refs: ["nosuchchannel_xyz"], via: "web" })).id);
    expect(unknown).toMatchObject({
      state: "failed",
      attempts: 1,
      error: { code: "username_not_occupied", message: "@nosuchchannel_xyz does not exist on Telegram; check the spelling of the username" },
      result: { failed: 1, inserted: 0, channels: [{ ref: "nosuchchannel_xyz", error: { code: "username_not_occupied" } }] },
    });

    const mixed = await waitForJob((await startJob({ refs: ["nosuchchannel_xyz", "data_secrets"], via: "web" })).id);
    expect(mixed.state).toBe("failed");
    expect(mixed.error).toEqual({
      code: "username_not_occupied",
      message: "1 of 2 channels could not be collected; nosuchchannel_xyz: @nosuchchannel_xyz does not exist on Telegram; check the spelling of the username",
    });
    expect(mixed.result).toMatchObject({ failed: 1, inserted: RECORDED.get("data_secrets")!.length, channels: [{ error: {} }, { source: "@data_secrets", complete: true }] });
    expect(await services.store.countMessages({ sources: ["data_secrets"] })).toBe(RECORDED.get("data_secrets")!.length);
  });

  it("cancels a queued job, which then never runs; an ended job answers 409 and an unknown one 404", async () => {
    await openServer();
    const job = await startJob({ refs: ["ClashReport"], via: "web" });
    const cancelled = await call("POST", `/api/jobs/${job.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.job).toMatchObject({ id: job.id, state: "cancelled", attempts: 0, started_at: null });
    expect(Date.parse((cancelled.body.job as JobBody).finished_at as string)).not.toBeNaN();

    const again = await call("POST", `/api/jobs/${job.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error: { code: "job_finished", message: expect.stringContaining(`job ${job.id} has already ended (cancelled)`) } });

    await startRunner();
    const other = await waitForJob((await startJob({ refs: ["data_secrets"], via: "web" })).id);
    expect(other.state).toBe("done");
    expect((await call("GET", `/api/jobs/${job.id}`)).body.job).toMatchObject({ state: "cancelled", attempts: 0, result: null });
    expect((await services!.store.listSources()).map((s) => s.username)).toEqual(["data_secrets"]);
    expect((await call("POST", `/api/jobs/${other.id}/cancel`)).status).toBe(409);

    for (const [method, url] of [["GET", "/api/jobs/9999"], ["POST", "/api/jobs/9999/cancel"]] as const) {
      expect(await call(method, url)).toEqual({ status: 404, body: { error: { code: "job_not_found", message: "job 9999 does not exist; GET /api/jobs lists the jobs" } } });
    }
  });

  it("puts a job a dead server left running back in the queue when the runner starts, and completes it", async () => {
    const { services } = await openServer();
    const job = await startJob({ refs: ["wublockchainenglish"], via: "web" });
    // The server that claimed it died: the row says running, and its heartbeat stopped.
    const claimed = await services.store.claimNextJob({ workerId: "dead-host:4242:0000", kinds: ["collect"] });
    expect(claimed?.id).toBe(job.id);
    expect((await call("GET", `/api/jobs/${job.id}`)).body.job).toMatchObject({ state: "running", attempts: 1 });
    await new Promise((resolve) => setTimeout(resolve, RUNNER_TIMINGS.staleAfterMs + 100));

    await startRunner();
    const done = await waitForJob(job.id);
    expect(done).toMatchObject({ state: "done", attempts: 2, result: { inserted: RECORDED.get("wublockchainenglish")!.length } });
  });

  it("collects through MTProto with a signed-in account", async () => {
    const { services } = await openServer();
    await signInOnFake(services.accounts, fake, ALICE);
    await startRunner();
    const done = await waitForJob((await startJob({ refs: ["@meduzalive"], via: "mtproto", limit: 120, recheck_days: 0, comments: false })).id);
    expect(done).toMatchObject({
      state: "done",
      params: { refs: ["@meduzalive"], via: "mtproto", limit: 120, recheck_days: 0, comments: false },
      result: { inserted: 120, failed: 0, channels: [{ ref: "@meduzalive", source: "@meduzalive", inserted: 120, complete: false }] },
    });
    expect(await services.store.countMessages({ sources: ["meduzalive"] })).toBe(120);
    const rest = await waitForJob((await startJob({ refs: ["meduzalive"], via: "mtproto", recheck_days: 0 })).id);
    expect(rest.result).toMatchObject({ inserted: 130, channels: [{ complete: true }] });
  });

  it("refuses bad bodies with 400 naming the field, and bad channel references with invalid_channel_ref", async () => {
    await openServer();
    const cases: [unknown, RegExp][] = [
      [{ via: "web" }, /^refs: /],
      [{ refs: [], via: "web" }, /^refs: must name at least one channel/],
      [{ refs: Array.from({ length: 101 }, (_, i) => `channel_${i}`), via: "web" }, /^refs: must name at most 100 channels/],
      [{ refs: ["ClashReport"], via: "ftp" }, /^via: must be "web"/],
      [{ refs: ["ClashReport"], via: "web", limit: 0 }, /^limit: /],
      [{ refs: ["ClashReport"], via: "web", limit: "5" }, /^limit: /],
      [{ refs: ["ClashReport"], via: "web", since: "yesterday" }, /^since: must be a date/],
      [{ refs: ["ClashReport"], via: "web", min_id: -3 }, /^min_id: /],
      [{ refs: ["ClashReport"], via: "web", comments: true }, /^comments: needs via mtproto/],
      [{ refs: ["ClashReport"], via: "web", media: ["photo"] }, /^media: needs via mtproto/],
      [{ refs: ["ClashReport"], via: "mtproto", media: ["films"] }, /^media\.0: must be media kinds among photo/],
      [{ refs: ["ClashReport"], via: "mtproto", recheck_days: -1 }, /^recheck_days: /],
      [{ refs: ["ClashReport"], via: "web", minId: 3 }, /minId/],
    ];
    for (const [body, message] of cases) {
      const answer = await call("POST", "/api/jobs/collect", body);
      expect({ body, status: answer.status, code: (answer.body.error as { code: string }).code }).toEqual({ body, status: 400, code: "invalid_request" });
      expect((answer.body.error as { message: string }).message).toMatch(message);
    }
    for (const ref of ["not a channel!", "t.me/joinchat", "https://t.me/s/"]) {
      const answer = await call("POST", "/api/jobs/collect", { refs: ["ClashReport", ref], via: "web" });
      expect(answer).toMatchObject({ status: 400, body: { error: { code: "invalid_channel_ref" } } });
    }
    expect((await call("GET", "/api/jobs?limit=0")).body).toMatchObject({ error: { code: "invalid_request", message: expect.stringMatching(/^limit: /) } });
    expect((await call("GET", "/api/jobs/abc")).body).toMatchObject({ error: { code: "invalid_request", message: expect.stringMatching(/^id: must be a job id/) } });
    expect((await call("GET", "/api/jobs")).body).toEqual({ items: [] });
  });
});

describe("tgscope serve", () => {
  it("runs a job started over HTTP; on SIGTERM the running job goes back to the queue and the next serve finishes it", async () => {
    const dataDir = tempDataDir();
    // Slow pages, so the job is still running when the server stops.
    const env = cliEnv({ TGSCOPE_DATA_DIR: dataDir, TGSCOPE_WEB_BASE_URL: pages.baseUrl, TGSCOPE_WEB_DELAY_MS: "400", TGSCOPE_LOG_LEVEL: "warn" });
    const serve = async () => {
      const child = spawnTgscope(["serve", "--port", "0"], env);
      let out = "";
      child.stdout!.on("data", (d: string) => (out += d));
      const deadline = Date.now() + 20_000;
      while (!/dashboard: (http:\/\/\S+)\//.test(out)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`serve did not start: ${out} ${(await child.done).stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return { child, base: /dashboard: (http:\/\/\S+)\//.exec(out)![1]! };
    };
    const getJob = async (base: string, id: number) => ((await (await fetch(`${base}/api/jobs/${id}`)).json()) as { job: JobBody }).job;

    const first = await serve();
    const posted = await fetch(`${first.base}/api/jobs/collect`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ refs: ["ClashReport"], via: "web" }),
    });
    expect(posted.status).toBe(202);
    const { job } = (await posted.json()) as { job: JobBody };
    const deadline = Date.now() + 20_000;
    while (!((await getJob(first.base, job.id)).progress as { current?: { inserted?: number } } | null)?.current?.inserted) {
      if (Date.now() > deadline) throw new Error("the job did not start");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    first.child.kill("SIGTERM");
    const stopped = await first.child.done;
    expect(stopped.code).toBe(0);
    const store = await openStore({ databaseUrl: `sqlite:${path.join(dataDir, "tgscope.db")}` });
    const requeued = await store.findJob(job.id);
    await store.close();
    expect(requeued).toMatchObject({ state: "queued", attempts: 1 });
    expect(requeued).not.toHaveProperty("lockedBy");

    const second = await serve();
    try {
      const afterRestart = await getJob(second.base, job.id);
      expect(afterRestart.attempts).toBeGreaterThanOrEqual(1);
      let done = afterRestart;
      while (done.state !== "done") {
        if (Date.now() > deadline + 20_000) throw new Error(`job still ${done.state}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
        done = await getJob(second.base, job.id);
      }
      expect(done.attempts).toBe(2);
      expect(done.result).toMatchObject({ failed: 0, channels: [{ source: "@ClashReport", complete: true }] });
      const messages = (await (await fetch(`${second.base}/api/messages?source=ClashReport&limit=100`)).json()) as { messages: unknown[] };
      expect(messages.messages).toHaveLength(RECORDED.get("ClashReport")!.length);
    } finally {
      second.child.kill("SIGTERM");
      await second.child.done;
    }
  });
});
