import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterEach, expect, it } from "vitest";
import { openStore, type Store } from "../store/index.js";
import { TEST_POSTGRES_URL, describePostgres } from "../store/testing/index.js";
import { PgBossJobQueue } from "./pg-boss-job-queue.js";
import { waitFor } from "../../test/support/wait.js";

describePostgres("PgBossJobQueue", () => {
  const suffix = randomBytes(6).toString("hex");
  const storeSchema = `test_${suffix}`;
  const bossSchema = `pgboss_test_${suffix}`;
  const stores: Store[] = [];
  const queues: PgBossJobQueue[] = [];

  /** One "worker process": its own store connection and its own pg-boss. */
  async function openWorker(): Promise<{ store: Store; queue: PgBossJobQueue }> {
    const store = await openStore({ databaseUrl: TEST_POSTGRES_URL, postgresSchema: storeSchema });
    stores.push(store);
    const queue = await PgBossJobQueue.start({ table: store, connectionString: TEST_POSTGRES_URL, schema: bossSchema });
    queues.push(queue);
    return { store, queue };
  }

  afterEach(async () => {
    for (const queue of queues.splice(0)) await queue.stop();
    for (const store of stores.splice(0)) await store.close();
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
    try {
      await client.query(`drop schema if exists ${storeSchema} cascade`);
      await client.query(`drop schema if exists ${bossSchema} cascade`);
    } finally {
      await client.end();
    }
  });

  it("enqueues, claims, records progress and finishes a job", async () => {
    const { queue } = await openWorker();
    const queued = await queue.enqueue("test", { n: 1 });
    expect(queued.state).toBe("queued");
    expect(await queue.claimNext("w1", ["other"])).toBeUndefined();

    const job = await queue.claimNext("w1", ["test"]);
    expect(job).toMatchObject({ id: queued.id, state: "running", attempts: 1, lockedBy: "w1", params: { n: 1 } });
    expect(await queue.claimNext("w1", ["test"])).toBeUndefined();

    const claim = { id: job!.id, attempts: job!.attempts };
    expect(await queue.reportProgress(claim, { done: 5 })).toBe(true);
    expect(await queue.heartbeat(claim)).toBe(true);
    const ended = await queue.end(claim, { state: "done", result: { ok: true } });
    expect(ended).toMatchObject({ state: "done", progress: { done: 5 }, result: { ok: true } });
    expect(await queue.getJob(queued.id)).toMatchObject({ state: "done" });
    expect((await queue.listJobs()).map((j) => j.id)).toEqual([queued.id]);
    expect(await queue.claimNext("w1", ["test"])).toBeUndefined();
    await expect(queue.cancelJob(queued.id)).rejects.toThrow();
  });

  it("never hands the same job to two worker processes", async () => {
    const a = await openWorker();
    const b = await openWorker();
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) ids.push((await (i % 2 === 0 ? a : b).queue.enqueue("test", { i })).id);

    const claimed: { worker: string; id: number }[] = [];
    async function drain(worker: string, queue: PgBossJobQueue): Promise<void> {
      for (;;) {
        const job = await queue.claimNext(worker, ["test"]);
        if (job === undefined) return;
        claimed.push({ worker, id: job.id });
      }
    }
    await Promise.all([drain("a1", a.queue), drain("a2", a.queue), drain("b1", b.queue), drain("b2", b.queue)]);

    const claimedIds = claimed.map((c) => c.id).sort((x, y) => x - y);
    expect(claimedIds).toEqual([...ids].sort((x, y) => x - y));
    expect(new Set(claimed.map((c) => c.worker)).size).toBeGreaterThan(1);
    for (const { worker, id } of claimed) expect(await a.queue.getJob(id)).toMatchObject({ state: "running", lockedBy: worker, attempts: 1 });
  });

  it("never hands out a cancelled queued job", async () => {
    const { queue } = await openWorker();
    const cancelled = await queue.enqueue("test", { n: 1 });
    const kept = await queue.enqueue("test", { n: 2 });
    expect(await queue.cancelJob(cancelled.id)).toMatchObject({ state: "cancelled" });

    expect(await queue.claimNext("w1", ["test"])).toMatchObject({ id: kept.id });
    expect(await queue.claimNext("w1", ["test"])).toBeUndefined();
    expect(await queue.getJob(cancelled.id)).toMatchObject({ state: "cancelled", attempts: 0 });
  });

  it("does not hand out a re-queued job before its notBefore", async () => {
    const { queue } = await openWorker();
    await queue.enqueue("test", {});
    const job = (await queue.claimNext("w1", ["test"]))!;
    const notBefore = new Date(Date.now() + 1500);
    const requeued = await queue.end(job, { state: "queued", notBefore, error: { code: "flood_wait", message: "wait" } });
    expect(requeued).toMatchObject({ state: "queued", notBefore });

    expect(await queue.claimNext("w1", ["test"])).toBeUndefined();
    const again = await waitFor(
      () => queue.claimNext("w2", ["test"]),
      (claimed) => claimed !== undefined,
    );
    expect(Date.now()).toBeGreaterThanOrEqual(notBefore.getTime());
    expect(again).toMatchObject({ id: job.id, state: "running", attempts: 2, lockedBy: "w2" });
  });

  it("hands out jobs enqueued with a future notBefore only once due", async () => {
    const { queue } = await openWorker();
    const notBefore = new Date(Date.now() + 1000);
    const job = await queue.enqueue("test", {}, { notBefore });
    expect(await queue.claimNext("w1", ["test"])).toBeUndefined();
    const claimed = await waitFor(
      () => queue.claimNext("w1", ["test"]),
      (value) => value !== undefined,
    );
    expect(Date.now()).toBeGreaterThanOrEqual(notBefore.getTime());
    expect(claimed).toMatchObject({ id: job.id });
  });

  it("gives abandoned running jobs back to the queue with a new token", async () => {
    const { queue } = await openWorker();
    const job = await queue.enqueue("test", {});
    expect(await queue.claimNext("dead", ["test"])).toMatchObject({ id: job.id });
    expect(await queue.requeueAbandoned(new Date(Date.now() + 1000))).toBe(1);
    expect(await queue.claimNext("w2", ["test"])).toMatchObject({ id: job.id, attempts: 2, lockedBy: "w2" });
  });
});
