/**
 * The reference of every figure: the `sqlite3` command-line shell, run as a child process.
 */
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** The `sqlite3` shell is not installed. */
export class SqliteShellMissingError extends Error {
  readonly code = "sqlite3_missing";
  constructor() {
    super("the sqlite3 command-line shell is not installed; the benchmarks compare against it: run `apt-get install -y sqlite3`");
    this.name = "SqliteShellMissingError";
  }
}

/** A located shell. */
export interface SqliteShell {
  /** First words of `sqlite3 -version`, e.g. `3.40.1`. */
  version: string;
}

/** What one run of the shell took. */
export interface ShellRun {
  wallSeconds: number;
  stdout: string;
  /** Peak resident set size of the shell in bytes, from `/usr/bin/time -v`; `null` without it. */
  peakRssBytes: number | null;
}

const GNU_TIME = "/usr/bin/time";

/**
 * Checks that `sqlite3` is on the PATH.
 *
 * @throws {SqliteShellMissingError} when it is not
 */
export function findSqliteShell(): SqliteShell {
  const probe = spawnSync("sqlite3", ["-version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) throw new SqliteShellMissingError();
  return { version: probe.stdout.split(" ")[0] ?? "?" };
}

/**
 * Runs `sqlite3 <args…>` with `script` on stdin; stdout goes straight to `stdoutFile` when given
 * (as `> file` would), else is returned. Measures wall time and, with GNU time, peak RSS.
 *
 * @throws Error when the shell exits with a non-zero status (its stderr is in the message)
 */
export async function runShell(args: string[], script: string, stdoutFile?: string): Promise<ShellRun> {
  const rssDir = existsSync(GNU_TIME) ? mkdtempSync(path.join(tmpdir(), "tgscope-bench-")) : undefined;
  const rssFile = rssDir && path.join(rssDir, "max-rss-kb");
  const [command, commandArgs] = rssFile ? [GNU_TIME, ["-f", "%M", "-o", rssFile, "sqlite3", ...args]] : ["sqlite3", args];
  const outputFd = stdoutFile === undefined ? "pipe" : openSync(stdoutFile, "w");
  const started = performance.now();
  const child = spawn(command, commandArgs, { stdio: ["pipe", outputFd, "pipe"] });
  if (typeof outputFd === "number") closeSync(outputFd);
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout?.on("data", (chunk: Buffer) => stdout.push(chunk));
  child.stderr!.on("data", (chunk: Buffer) => stderr.push(chunk));
  const stdin = child.stdin!;
  stdin.on("error", () => undefined); // a shell that exits early is reported by its status below
  stdin.end(script);
  const status = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  const wallSeconds = (performance.now() - started) / 1000;
  const peakKb = rssFile && existsSync(rssFile) ? Number.parseInt(readFileSync(rssFile, "utf8").trim().split("\n").pop()!, 10) : NaN;
  if (rssDir) rmSync(rssDir, { recursive: true, force: true });
  if (status !== 0) {
    throw new Error(`sqlite3 ${args.join(" ")} failed (exit ${status}): ${Buffer.concat(stderr).toString("utf8").trim()}`);
  }
  return {
    wallSeconds,
    stdout: Buffer.concat(stdout).toString("utf8"),
    peakRssBytes: Number.isFinite(peakKb) ? peakKb * 1024 : null,
  };
}
