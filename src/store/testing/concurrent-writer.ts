/**
 * Child process for concurrency tests: `concurrent-writer.ts <open options JSON> <source id> <batches>`
 * stores `batches` batches of 500 messages (ids from 1) through its own store, then prints
 * `{"stored": n}` on stdout. Any error exits with code 1 and the message on stderr.
 */
import { openStore, type OpenStoreOptions } from "../index.js";
import { buildMessage } from "./message-factory.js";

/** Messages per batch the writer stores. */
export const WRITER_BATCH_SIZE = 500;

const [optionsJson, sourceIdText, batchesText] = process.argv.slice(2);
const store = await openStore(JSON.parse(optionsJson!) as OpenStoreOptions);
let stored = 0;
try {
  for (let batch = 0; batch < Number(batchesText); batch++) {
    const messages = Array.from({ length: WRITER_BATCH_SIZE }, (_, i) =>
      buildMessage({ messageId: batch * WRITER_BATCH_SIZE + i + 1, text: `writer process batch ${batch} message ${i}` }),
    );
    const result = await store.saveBatch({ sourceId: Number(sourceIdText), messages, via: "mtproto", cursor: { direction: "backfill", state: { batch } } });
    stored += result.inserted;
  }
} finally {
  await store.close();
}
process.stdout.write(`${JSON.stringify({ stored })}\n`);
