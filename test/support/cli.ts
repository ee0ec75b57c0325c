/**
 * Runs the real `tgscope` CLI in a child process: the compiled `dist/` (built by the global setup,
 * `test/support/build.ts`), exactly what `npx tgscope` runs.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Project root (this file is test/support/cli.ts). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** Folder of real captured Telegram pages and exports (../shared/real). */
export const REAL = path.resolve(ROOT, "../shared/real");

/** Output of a finished CLI run. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A fresh, empty data directory. */
export function tempDataDir(): string {
  return mkdtempSync(path.join(tmpdir(), "tgscope-test-"));
}

/** Environment of a CLI run: only what the test sets, plus PATH and HOME. */
export function cliEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, TGSCOPE_WEB_DELAY_MS: "0", TGSCOPE_LOG_LEVEL: "warn", ...extra };
}

/** Starts `tgscope <args>`; the caller waits or kills. */
export function spawnTgscope(args: string[], env: NodeJS.ProcessEnv): ChildProcess & { done: Promise<CliRun> } {
  const child = spawn(process.execPath, [path.join(ROOT, "dist/src/cli/bin.js"), ...args], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return Object.assign(child, { done });
}

/**
 * Runs `tgscope <args>` as a person at the terminal would: each time stderr shows the next prompt
 * (in order), types its answer and Enter. Standard input ends after the last answer.
 */
export async function runTgscopeAnswering(args: string[], env: NodeJS.ProcessEnv, answers: [prompt: RegExp, answer: string][]): Promise<CliRun> {
  const child = spawn(process.execPath, [path.join(ROOT, "dist/src/cli/bin.js"), ...args], { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let seen = 0;
  let next = 0;
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
    const pending = answers[next];
    if (pending && pending[0].test(stderr.slice(seen))) {
      seen = stderr.length;
      next++;
      child.stdin.write(`${pending[1]}\n`);
      if (next === answers.length) child.stdin.end();
    }
  });
  return new Promise<CliRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Runs `tgscope <args>` to the end. */
export function runTgscope(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return spawnTgscope(args, env).done;
}

/** Every archived message as parsed JSONL rows (via `tgscope export --format jsonl -o -`), sorted by source and id. */
export async function exportAll(env: NodeJS.ProcessEnv): Promise<Record<string, unknown>[]> {
  const run = await runTgscope(["export", "--format", "jsonl", "-o", "-"], env);
  if (run.code !== 0) throw new Error(`export failed: ${run.stderr}`);
  return run.stdout
    .split("\n")
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .sort((a, b) => String(a.source).localeCompare(String(b.source)) || Number(a.message_id) - Number(b.message_id));
}

/**
 * Everything in an archive, read in-process: every message and every source, as the store returns
 * them (for "unchanged" comparisons).
 */
export async function snapshotArchive(dataDir: string): Promise<{ messages: unknown[]; sources: unknown[] }> {
  const { openStore } = await import("../../src/store/index.js");
  const store = await openStore({ databaseUrl: `sqlite:${path.join(dataDir, "tgscope.db")}` });
  try {
    const messages: unknown[] = [];
    for await (const message of store.iterMessages({ order: "date_asc" })) messages.push(message);
    return { messages, sources: await store.listSources() };
  } finally {
    await store.close();
  }
}
