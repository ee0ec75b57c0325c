/**
 * A collection killed with SIGKILL at random points and started again ends with exactly the archive
 * of an uninterrupted run: backfill and follow both resume from their committed cursors.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRecordedPagesServer, type RecordedPagesServer } from "../../src/telegram/testing/index.js";
import { cliEnv, exportAll, runTgscope, spawnTgscope, tempDataDir } from "../support/cli.js";

const CHANNELS = ["ClashReport", "meduzalive"];
let server: RecordedPagesServer;

beforeAll(async () => {
  server = await startRecordedPagesServer({ pageSize: 2, latencyMs: 40 });
});
afterAll(() => server?.close());

const envFor = (dataDir: string) => cliEnv({ TGSCOPE_DATA_DIR: dataDir, TGSCOPE_WEB_BASE_URL: server.baseUrl });
/** The archive without the times rows were stored at (they differ between two runs by nature). */
const content = (rows: Record<string, unknown>[]) => rows.map(({ collected_at: _c, ...rest }) => rest);

/**
 * Runs `collect` until one run finishes by itself, killing each earlier run with SIGKILL a random
 * moment after it made its second to fourth page request. Returns how many runs were killed.
 */
async function collectWithKills(env: NodeJS.ProcessEnv, random: () => number): Promise<number> {
  let kills = 0;
  for (let attempt = 0; attempt < 60; attempt++) {
    const before = server.requests.length;
    const child = spawnTgscope(["collect", ...CHANNELS], env);
    const killAfterRequests = 2 + Math.floor(random() * 3);
    const timer = setInterval(() => {
      if (server.requests.length - before >= killAfterRequests) {
        clearInterval(timer);
        setTimeout(() => child.kill("SIGKILL"), Math.floor(random() * 60));
      }
    }, 5);
    const run = await child.done;
    clearInterval(timer);
    if (run.signal === "SIGKILL") {
      kills++;
      continue;
    }
    expect(run.stderr).not.toMatch(/tgscope: /);
    expect(run.code).toBe(0);
    return kills;
  }
  throw new Error("collect never finished");
}

/** Small deterministic PRNG (mulberry32), so a failing run can be replayed. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("SIGKILL and resume", () => {
  it("ends with the same archive as an uninterrupted run, in backfill and in follow", { timeout: 600_000 }, async () => {
    const random = seeded(20261122);
    server.setNewestId("ClashReport", 93440);
    server.setNewestId("meduzalive", 141890);

    const reference = envFor(tempDataDir());
    expect((await runTgscope(["collect", ...CHANNELS], reference)).code).toBe(0);
    const killed = envFor(tempDataDir());
    const backfillKills = await collectWithKills(killed, random);
    expect(content(await exportAll(killed))).toEqual(content(await exportAll(reference)));

    // the channels post more; the next runs follow them from the top down to what is archived
    server.setNewestId("ClashReport", undefined);
    server.setNewestId("meduzalive", undefined);
    expect((await runTgscope(["collect", ...CHANNELS], reference)).code).toBe(0);
    const followKills = await collectWithKills(killed, random);
    const final = content(await exportAll(killed));
    expect(final).toEqual(content(await exportAll(reference)));
    expect(final).toHaveLength(40);
    expect(backfillKills + followKills).toBeGreaterThanOrEqual(2);
  });
});
