/**
 * MTProto collection throughput: archive one channel from the FakeTelegram with a simulated round
 * trip per call, with 1 and with 4 accounts, and compare with the bound the fake allows: one
 * `messages.getHistory` page (100 messages) per round trip per account.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { AccountPool, TelegramAccounts } from "../src/accounts/index.js";
import { collectMtprotoChannel } from "../src/collect/index.js";
import { SecretBox } from "../src/lib/index.js";
import { openStore } from "../src/store/index.js";
import { FAKE_API_HASH, FAKE_API_ID, FakeTelegram } from "../src/telegram/mtproto/testing/index.js";
import { generateBatches } from "./generate.js";

/** Messages per `messages.getHistory` page. */
const PAGE_SIZE = 100;
const CHANNEL_ID = 1_777_000_001;

/** One run: how fast `accounts` accounts archived the channel, and the fake's bound. */
export interface MtprotoRun {
  accounts: number;
  messagesPerSecond: number;
  boundPerSecond: number;
}

/**
 * Archives a channel of `messages` generated posts (the same generator as the other figures) with
 * each account count, in a fresh archive under `dir`.
 *
 * @param roundTripMs - simulated latency of every MTProto call, in milliseconds
 */
export async function benchMtproto(dir: string, messages: number, roundTripMs: number, accountCounts: number[], log: (line: string) => void): Promise<MtprotoRun[]> {
  const fake = new FakeTelegram();
  fake.addChannel({ id: CHANNEL_ID, username: "bench_mtproto", title: "Bench MTProto", participantsCount: 100_000 });
  for (const { messages: batch } of generateBatches(messages, 1000)) {
    for (const m of batch) fake.post(CHANNEL_ID, { message: m.text, date: Math.floor(m.date.getTime() / 1000), views: m.views ?? 0, forwards: m.forwards ?? 0 });
  }
  const runs: MtprotoRun[] = [];
  for (const count of accountCounts) {
    const store = await openStore({ databaseUrl: `sqlite:${path.join(dir, `mtproto-${count}.db`)}` });
    const box = new SecretBox(randomBytes(32));
    const accounts = new TelegramAccounts({ store, secrets: () => box, connection: (label) => fake.connection(label), floodSleepThresholdSeconds: 10 });
    const pool = new AccountPool({ store, accounts, resolvePerMinute: 30, maxCallsPerSecond: 10_000 });
    try {
      fake.latencyMs = 0;
      for (let i = 0; i < count; i++) {
        const phone = `+1555${String(count).padStart(2, "0")}${String(i).padStart(5, "0")}`;
        fake.auth.addUser({ phone, userId: 10_000 + count * 100 + i, firstName: `Bench ${i}` });
        const sent = await accounts.startSignIn(phone, { apiId: FAKE_API_ID, apiHash: FAKE_API_HASH });
        if (sent.status !== "code_sent") throw new Error("bench: sign-in did not send a code");
        await accounts.submitCode(sent.signInId, fake.auth.codeFor(phone));
      }
      fake.latencyMs = roundTripMs;
      log(`archiving ${messages.toLocaleString("en-US")} messages from the fake Telegram (${roundTripMs} ms per call) with ${count} account(s)…`);
      const started = performance.now();
      const result = await collectMtprotoChannel(store, pool, "bench_mtproto");
      const seconds = (performance.now() - started) / 1000;
      if (result.inserted !== messages) throw new Error(`bench: stored ${result.inserted} of ${messages} messages`);
      runs.push({ accounts: count, messagesPerSecond: messages / seconds, boundPerSecond: (count * PAGE_SIZE * 1000) / roundTripMs });
    } finally {
      await pool.close();
      await accounts.close();
      await store.close();
    }
  }
  return runs;
}
