import { afterEach, expect, it } from "vitest";
import { FloodWaitError, TelegramWebError, UsernameNotFoundError } from "../domain/index.js";
import { createLogger } from "../lib/index.js";
import { describeEachDialect } from "../store/testing/index.js";
import type { Job, JobQueue, JsonValue } from "./job-queue.js";
import { JobRunner, type JobContext, type JobHandler, type JobOutcome, type JobRunnerConfig } from "./job-runner.js";
import { StoreJobQueue } from "./store-job-queue.js";
import { waitFor } from "../../test/support/wait.js";

const FAST = { pollIntervalMs: 10, heartbeatIntervalMs: 20, staleAfterMs: 200, stopTimeoutMs: 2000 } as const;

const runners: JobRunner[] = [];
afterEach(async () => {
  for (const runner of runners.splice(0)) await runner.stop();
});

function startRunner(queue: JobQueue, handler: JobHandler, overrides: Partial<JobRunnerConfig> = {}): Promise<JobRunner> {
  const runner = new JobRunner({ queue, handlers: { test: handler }, logger: createLogger("silent"), ...FAST, ...overrides });
  runners.push(runner);
  return runner.start().then(() => runner);
}

/** Resolves when `signal` aborts, then rejects with its reason (as collectors do). */
function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true }));
}

/** A handler whose runs are driven by the test. */
function scripted(run: (job: Job, context: JobContext) => Promise<JobOutcome>): JobHandler & { seen: Job[] } {
  const seen: Job[] = [];
  return {
    seen,
    retry: { maxAttempts: 2, backoffMs: 10 },
    run: (job, context) => {
      seen.push(job);
      return run(job, context);
    },
  };
}

describeEachDialect("job runner", (harness) => {
  const queue = (): StoreJobQueue => new StoreJobQueue(harness.store);
  const state = (id: number) => () => harness.store.findJob(id);

  it("runs queued jobs one at a time, recording progress and result", async () => {
    let running = 0;
    let most = 0;
    const handler = scripted(async (job, context) => {
      running++;
      most = Math.max(most, running);
      context.progress({ step: 1 });
      await new Promise((resolve) => setTimeout(resolve, 30));
      context.progress({ step: 2 });
      running--;
      return { result: { echoed: job.params } };
    });
    const jobs = await Promise.all([1, 2, 3].map((n) => queue().enqueue("test", { n })));
    const other = await queue().enqueue("unknown-kind", {});
    await startRunner(queue(), handler);

    for (const job of jobs) {
      const done = await waitFor(state(job.id), (j) => j?.state === "done");
      expect(done).toMatchObject({ state: "done", attempts: 1, progress: { step: 2 }, result: { echoed: job.params } });
      expect(done).not.toHaveProperty("error");
      expect(done).not.toHaveProperty("lockedBy");
    }
    expect(most).toBe(1);
    // Oldest first; enqueued side by side, so the ids need not follow the array's order (PostgreSQL).
    expect(handler.seen.map((j) => j.id)).toEqual(jobs.map((j) => j.id).sort((a, b) => a - b));
    expect((await harness.store.findJob(other.id))?.state).toBe("queued");
  });

  it("runs jobs side by side up to the concurrency", async () => {
    let running = 0;
    let most = 0;
    const handler = scripted(async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 100));
      running--;
      return { result: null };
    });
    const jobs = await Promise.all([1, 2, 3, 4].map((n) => queue().enqueue("test", { n })));
    await startRunner(queue(), handler, { concurrency: 2 });
    for (const job of jobs) await waitFor(state(job.id), (j) => j?.state === "done");
    expect(most).toBe(2);
  });

  it("re-queues a job that met a FLOOD_WAIT until the wait ends, then runs it again", async () => {
    const handler = scripted(async (job) => {
      if (job.attempts === 1) throw new FloodWaitError("messages.getHistory", 0.3);
      return { result: { ok: true } };
    });
    const job = await queue().enqueue("test", {});
    const before = Date.now();
    await startRunner(queue(), handler);

    const waiting = await waitFor(state(job.id), (j) => j?.state === "queued" && j.attempts === 1);
    expect(waiting!.error).toMatchObject({ code: "flood_wait" });
    expect(waiting!.notBefore!.getTime()).toBeGreaterThanOrEqual(before + 300);
    expect(waiting).not.toHaveProperty("finishedAt");
    const done = await waitFor(state(job.id), (j) => j?.state === "done");
    expect(done).toMatchObject({ attempts: 2, result: { ok: true } });
    expect(done).not.toHaveProperty("error");
    expect(Date.now()).toBeGreaterThanOrEqual(waiting!.notBefore!.getTime());
  });

  it("fails a job with the tgscope error's code, or internal for any other error, keeping a handler's result", async () => {
    const handler = scripted(async (job) => {
      const { mode } = job.params as { mode: string };
      if (mode === "bad-input") throw new UsernameNotFoundError("nosuchchannel");
      if (mode === "bug") throw new TypeError("secret detail of a bug");
      return { result: { channels: 2 }, error: { code: "channel_private", message: "1 of 2 channels could not be collected" } };
    });
    const badInput = await queue().enqueue("test", { mode: "bad-input" });
    const bug = await queue().enqueue("test", { mode: "bug" });
    const partial = await queue().enqueue("test", { mode: "partial" });
    await startRunner(queue(), handler);

    expect(await waitFor(state(badInput.id), (j) => j?.state === "failed")).toMatchObject({
      attempts: 1,
      error: { code: "username_not_occupied", message: "@nosuchchannel does not exist on Telegram; check the spelling of the username" },
    });
    const internal = await waitFor(state(bug.id), (j) => j?.state === "failed");
    expect(internal!.error).toEqual({ code: "internal", message: "unexpected error while running the job; see the server log" });
    expect(await waitFor(state(partial.id), (j) => j?.state === "failed")).toMatchObject({
      result: { channels: 2 },
      error: { code: "channel_private" },
    });
  });

  it("retries a transient failure with backoff up to the retry policy, then fails", async () => {
    const handler = scripted(async () => {
      throw new TelegramWebError("http://127.0.0.1/s/x", 502, "t.me answered 502");
    });
    const job = await queue().enqueue("test", {});
    await startRunner(queue(), handler);
    const failed = await waitFor(state(job.id), (j) => j?.state === "failed");
    expect(failed).toMatchObject({ attempts: 2, error: { code: "telegram_web_unavailable" } });
    expect(handler.seen.map((j) => j.attempts)).toEqual([1, 2]);
  });

  it("aborts a running job that is cancelled, and goes on with the next one", async () => {
    const aborted: unknown[] = [];
    const handler = scripted(async (job, context) => {
      if ((job.params as { wait?: boolean }).wait) {
        context.progress({ started: true });
        await untilAborted(context.signal).catch((reason: unknown) => {
          aborted.push(reason);
          throw reason;
        });
      }
      return { result: { ran: job.id } };
    });
    const long = await queue().enqueue("test", { wait: true });
    const next = await queue().enqueue("test", {});
    await startRunner(queue(), handler);
    await waitFor(state(long.id), (j) => j?.state === "running" && j.progress !== undefined);

    expect((await queue().cancelJob(long.id)).state).toBe("cancelled");
    await waitFor(state(next.id), (j) => j?.state === "done");
    expect(aborted).toHaveLength(1);
    expect(await harness.store.findJob(long.id)).toMatchObject({ state: "cancelled", progress: { started: true } });
  });

  it("gives running jobs back to the queue on stop, and the next runner resumes them from their progress", async () => {
    const progressSeen: (JsonValue | undefined)[] = [];
    const handler = scripted(async (job, context) => {
      progressSeen.push(job.progress);
      if (job.attempts === 1) {
        context.progress({ channels_done: 1 });
        await untilAborted(context.signal);
      }
      return { result: { resumed: true } };
    });
    const job = await queue().enqueue("test", {});
    const first = await startRunner(queue(), handler);
    await waitFor(state(job.id), (j) => j?.state === "running" && j.progress !== undefined);
    await first.stop();

    const requeued = await harness.store.findJob(job.id);
    expect(requeued).toMatchObject({ state: "queued", attempts: 1, progress: { channels_done: 1 } });
    expect(requeued).not.toHaveProperty("error");
    expect(requeued).not.toHaveProperty("notBefore");

    await startRunner(queue(), handler);
    expect(await waitFor(state(job.id), (j) => j?.state === "done")).toMatchObject({ attempts: 2, result: { resumed: true } });
    expect(progressSeen).toEqual([undefined, { channels_done: 1 }]);
  });

  it("re-queues at start the jobs a dead worker left running, then runs them", async () => {
    const job = await queue().enqueue("test", { n: 1 });
    const dead = await harness.store.claimNextJob({ workerId: "dead-worker", kinds: ["test"] });
    expect(dead?.id).toBe(job.id);
    await new Promise((resolve) => setTimeout(resolve, FAST.staleAfterMs + 50));

    const handler = scripted(async () => ({ result: { ok: true } }));
    const runner = await startRunner(queue(), handler);
    const done = await waitFor(state(job.id), (j) => j?.state === "done");
    expect(done).toMatchObject({ attempts: 2, result: { ok: true } });
    expect(handler.seen[0]).toMatchObject({ id: job.id, lockedBy: runner.workerId });
  });

  it("keeps a live worker's job: a second runner neither steals nor re-queues it", async () => {
    const job = await queue().enqueue("test", {});
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = scripted(async () => {
      await held;
      return { result: { by: "first" } };
    });
    const second = scripted(async () => ({ result: { by: "second" } }));
    await startRunner(queue(), first);
    await waitFor(state(job.id), (j) => j?.state === "running");
    await startRunner(queue(), second);
    // Longer than staleAfterMs: the heartbeats of the first runner keep the job its own.
    await new Promise((resolve) => setTimeout(resolve, FAST.staleAfterMs * 2));
    release();

    expect(await waitFor(state(job.id), (j) => j?.state === "done")).toMatchObject({ attempts: 1, result: { by: "first" } });
    expect(second.seen).toEqual([]);
  });
});
