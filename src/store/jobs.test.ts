import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import type { JobClaim } from "./store.js";
import { describeEachDialect } from "./testing/index.js";

const CLAIMER = fileURLToPath(new URL("./testing/concurrent-claimer.ts", import.meta.url));
const WORKER = { workerId: "test-worker", kinds: ["collect"] };
const PARAMS = { refs: ["ClashReport"], via: "web", limit: 10 };

/** A claimer child process: `ready` once its store is open; `start()` lets it claim; `claimed` is what it claimed. */
interface Claimer {
  ready: Promise<void>;
  start(): void;
  claimed: Promise<number[]>;
}

function spawnClaimer(options: unknown, workerId: string): Claimer {
  const child = spawn(process.execPath, ["--import", "tsx", CLAIMER, JSON.stringify(options), workerId], { stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let signalReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (signalReady = resolve));
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.startsWith("ready\n")) signalReady();
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const claimed = new Promise<number[]>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve((JSON.parse(stdout.slice("ready\n".length)) as { claimed: number[] }).claimed);
      else reject(new Error(`claimer exited with ${code}: ${stderr}`));
    });
  });
  return { ready: Promise.race([ready, claimed.then(() => undefined)]), start: () => void child.stdin.end("go\n"), claimed };
}

describeEachDialect("jobs", (harness) => {
  it("enqueues a job, finds it, and lists jobs newest first", async () => {
    const before = Date.now();
    const first = await harness.store.enqueueJob({ kind: "collect", params: PARAMS });
    const second = await harness.store.enqueueJob({ kind: "collect", params: { refs: ["meduzalive"], via: "mtproto", media: ["photo"] } });

    expect(first).toEqual({ id: first.id, kind: "collect", params: PARAMS, state: "queued", createdAt: first.createdAt, attempts: 0 });
    expect(first.createdAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(await harness.store.findJob(first.id)).toEqual(first);
    expect(await harness.store.listJobs()).toEqual([second, first]);
    expect(await harness.store.listJobs({ limit: 1 })).toEqual([second]);
    for (const id of [0, -1, 1.5, 2 ** 31, 9999]) expect(await harness.store.findJob(id)).toBeUndefined();
  });

  it("claims the oldest due job of the worker's kinds, once, and counts the attempt", async () => {
    const later = await harness.store.enqueueJob({ kind: "collect", params: PARAMS, notBefore: new Date(Date.now() + 3_600_000) });
    const other = await harness.store.enqueueJob({ kind: "export", params: {} });
    const due = await harness.store.enqueueJob({ kind: "collect", params: PARAMS, notBefore: new Date(Date.now() - 1000) });
    const next = await harness.store.enqueueJob({ kind: "collect", params: PARAMS });

    const claimed = await harness.store.claimNextJob(WORKER);
    expect(claimed).toMatchObject({ id: due.id, state: "running", attempts: 1, lockedBy: "test-worker" });
    expect(claimed).not.toHaveProperty("notBefore");
    expect(claimed!.startedAt!.getTime()).toBe(claimed!.heartbeatAt!.getTime());
    expect((await harness.store.claimNextJob(WORKER))?.id).toBe(next.id);
    expect(await harness.store.claimNextJob(WORKER)).toBeUndefined();
    expect(await harness.store.claimNextJob({ workerId: "w", kinds: [] })).toBeUndefined();
    expect((await harness.store.claimNextJob({ workerId: "exporter", kinds: ["export"] }))?.id).toBe(other.id);
    expect((await harness.store.findJob(later.id))?.state).toBe("queued");
  });

  it("records progress and ends a run only through the claim that holds the job", async () => {
    const job = await harness.store.enqueueJob({ kind: "collect", params: PARAMS });
    const claim = (await harness.store.claimNextJob(WORKER))!;
    expect(await harness.store.updateJobProgress(claim, { inserted: 20 })).toBe(true);
    expect(await harness.store.heartbeatJob(claim)).toBe(true);
    const stale: JobClaim = { id: job.id, attempts: claim.attempts - 1 };
    expect(await harness.store.updateJobProgress(stale, { inserted: 1 })).toBe(false);
    expect(await harness.store.heartbeatJob(stale)).toBe(false);
    expect(await harness.store.endJob(stale, { state: "done", result: {} })).toBeUndefined();
    expect((await harness.store.findJob(job.id))?.progress).toEqual({ inserted: 20 });

    const done = await harness.store.endJob(claim, { state: "done", result: { inserted: 40, channels: [{ ref: "ClashReport" }] } });
    expect(done).toMatchObject({ state: "done", progress: { inserted: 20 }, result: { inserted: 40, channels: [{ ref: "ClashReport" }] }, attempts: 1 });
    expect(done).not.toHaveProperty("lockedBy");
    expect(done).not.toHaveProperty("error");
    expect(done!.finishedAt!.getTime()).toBeGreaterThanOrEqual(done!.startedAt!.getTime());
    expect(await harness.store.updateJobProgress(claim, {})).toBe(false);
    expect(await harness.store.endJob(claim, { state: "failed", error: { code: "x", message: "y" } })).toBeUndefined();
    expect(await harness.store.findJob(job.id)).toEqual(done);
  });

  it("fails a run with a code and message, and re-queues one for later", async () => {
    await harness.store.enqueueJob({ kind: "collect", params: PARAMS });
    const first = (await harness.store.claimNextJob(WORKER))!;
    const notBefore = new Date(Date.now() + 60_000);
    const waiting = await harness.store.endJob(first, { state: "queued", notBefore, error: { code: "flood_wait", message: "wait 60 s" } });
    expect(waiting).toMatchObject({ state: "queued", attempts: 1, error: { code: "flood_wait", message: "wait 60 s" } });
    expect(waiting!.notBefore!.getTime()).toBe(notBefore.getTime());
    expect(waiting).not.toHaveProperty("finishedAt");
    expect(await harness.store.claimNextJob(WORKER)).toBeUndefined();

    const released = await harness.store.enqueueJob({ kind: "collect", params: PARAMS });
    const second = (await harness.store.claimNextJob(WORKER))!;
    expect(second.id).toBe(released.id);
    expect(await harness.store.endJob(second, { state: "queued" })).toMatchObject({ state: "queued", attempts: 1 });
    const again = (await harness.store.claimNextJob(WORKER))!;
    expect(again).toMatchObject({ id: released.id, attempts: 2 });
    const error = { code: "username_not_occupied", message: "@nosuch does not exist on Telegram", stack: "hidden" };
    const failed = await harness.store.endJob(again, { state: "failed", error, result: { channels: [] } });
    expect(failed).toMatchObject({ state: "failed", error: { code: "username_not_occupied", message: "@nosuch does not exist on Telegram" }, result: { channels: [] } });
    expect(failed!.error).not.toHaveProperty("stack");
    expect(failed!.finishedAt).toBeInstanceOf(Date);
  });

  it("cancels queued and running jobs, and leaves ended ones alone", async () => {
    const queued = await harness.store.enqueueJob({ kind: "collect", params: PARAMS });
    const cancelled = await harness.store.cancelJob(queued.id);
    expect(cancelled).toMatchObject({ cancelled: true, job: { id: queued.id, state: "cancelled" } });
    expect(cancelled!.job.finishedAt).toBeInstanceOf(Date);
    expect(await harness.store.cancelJob(queued.id)).toEqual({ cancelled: false, job: cancelled!.job });
    expect(await harness.store.claimNextJob(WORKER)).toBeUndefined();

    await harness.store.enqueueJob({ kind: "collect", params: PARAMS });
    const claim = (await harness.store.claimNextJob(WORKER))!;
    expect((await harness.store.cancelJob(claim.id))?.job.state).toBe("cancelled");
    expect(await harness.store.updateJobProgress(claim, { inserted: 1 })).toBe(false);
    expect(await harness.store.endJob(claim, { state: "done", result: {} })).toBeUndefined();
    expect((await harness.store.findJob(claim.id))?.state).toBe("cancelled");

    await harness.store.enqueueJob({ kind: "collect", params: PARAMS });
    const finished = (await harness.store.claimNextJob(WORKER))!;
    const done = (await harness.store.endJob(finished, { state: "done", result: {} }))!;
    expect(await harness.store.cancelJob(done.id)).toEqual({ cancelled: false, job: done });
    expect(await harness.store.cancelJob(9999)).toBeUndefined();
    expect(await harness.store.cancelJob(2 ** 31)).toBeUndefined();
  });

  it("gives running jobs of a dead worker back to the queue, and the next claim fences the old run out", async () => {
    await harness.store.enqueueJob({ kind: "collect", params: PARAMS });
    await harness.store.enqueueJob({ kind: "collect", params: PARAMS });
    const dead = (await harness.store.claimNextJob(WORKER))!;
    const alive = (await harness.store.claimNextJob(WORKER))!;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await harness.store.heartbeatJob(alive)).toBe(true);

    expect(await harness.store.requeueStaleJobs(new Date(alive.heartbeatAt!.getTime() + 10))).toBe(1);
    const requeued = await harness.store.findJob(dead.id);
    expect(requeued).toMatchObject({ state: "queued", attempts: 1 });
    expect(requeued).not.toHaveProperty("lockedBy");
    expect((await harness.store.findJob(alive.id))?.state).toBe("running");

    const reclaimed = (await harness.store.claimNextJob({ workerId: "new-worker", kinds: ["collect"] }))!;
    expect(reclaimed).toMatchObject({ id: dead.id, attempts: 2, lockedBy: "new-worker" });
    expect(await harness.store.updateJobProgress(dead, { from: "the dead worker" })).toBe(false);
    expect(await harness.store.endJob(dead, { state: "done", result: {} })).toBeUndefined();
    expect(await harness.store.endJob(reclaimed, { state: "done", result: {} })).toMatchObject({ state: "done" });
    expect(await harness.store.requeueStaleJobs(new Date(Date.now() + 60_000))).toBe(1);
  });

  it("never lets two processes claim the same job", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 150; i++) ids.push((await harness.store.enqueueJob({ kind: "collect", params: { n: i } })).id);

    const children = [spawnClaimer(harness.options, "child-1"), spawnClaimer(harness.options, "child-2")];
    await Promise.all(children.map((child) => child.ready));
    children.forEach((child) => child.start());
    const ours: number[] = [];
    for (;;) {
      const job = await harness.store.claimNextJob({ workerId: "parent", kinds: ["collect"] });
      if (job === undefined) break;
      ours.push(job.id);
      await harness.store.endJob(job, { state: "done", result: { by: "parent" } });
      await new Promise((resolve) => setImmediate(resolve));
    }
    const theirs = await Promise.all(children.map((child) => child.claimed));
    // The three really competed (else the test proves nothing).
    expect([ours, ...theirs].filter((ids) => ids.length > 0).length).toBeGreaterThanOrEqual(2);
    const claimed = [...ours, ...theirs.flat()];

    expect(claimed.sort((a, b) => a - b)).toEqual(ids);
    const jobs = await harness.store.listJobs({ limit: 100 });
    expect(jobs.every((job) => job.state === "done" && job.attempts === 1)).toBe(true);
  });
});
