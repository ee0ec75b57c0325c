/**
 * Child process for job-claim tests: `concurrent-claimer.ts <open options JSON> <worker id>` opens its
 * own store, prints `ready` and waits for a line on stdin, then claims `collect` jobs until none is
 * due, ending each as done, and prints `{"claimed": [ids…]}`. Any error exits with code 1 and the
 * message on stderr.
 */
import { once } from "node:events";
import { openStore, type OpenStoreOptions } from "../index.js";

const [optionsJson, workerId] = process.argv.slice(2);
const store = await openStore(JSON.parse(optionsJson!) as OpenStoreOptions);
const claimed: number[] = [];
try {
  process.stdout.write("ready\n");
  await once(process.stdin, "data");
  process.stdin.pause();
  for (;;) {
    const job = await store.claimNextJob({ workerId: workerId!, kinds: ["collect"] });
    if (job === undefined) break;
    claimed.push(job.id);
    await store.endJob(job, { state: "done", result: { by: workerId! } });
  }
} finally {
  await store.close();
}
process.stdout.write(`${JSON.stringify({ claimed })}\n`);
