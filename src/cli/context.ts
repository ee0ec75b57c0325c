/**
 * What every command runs with: its streams, the global options, and opened services.
 */
import type { Writable } from "node:stream";
import { loadConfig, type LogLevel } from "../config/index.js";
import { openServices, type Services } from "../main.js";
import { createLogger } from "../lib/index.js";
import { ExitCode, errorLine, exitCodeFor } from "./exit-codes.js";

/** The world of one CLI invocation (tests pass their own). */
export interface CommandContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Answers to prompts (`accounts add`). */
  stdin: NodeJS.ReadStream;
  stdout: Writable;
  stderr: NodeJS.WriteStream;
  /** Global options (`--data-dir`) once commander has parsed them. */
  globalOptions: () => { dataDir?: string };
  /** Exit code set by the command's action. */
  exitCode: ExitCode;
}

/**
 * Loads the configuration, opens the services, runs `work` with an AbortSignal that fires on
 * SIGINT/SIGTERM, and closes the services whatever happens.
 *
 * @returns the exit code `work` returns
 * @throws {ConfigError} for invalid configuration; whatever `work` throws
 */
export async function runWithServices(
  context: CommandContext,
  work: (services: Services, signal: AbortSignal) => Promise<ExitCode>,
  defaultLogLevel: LogLevel = "warn",
): Promise<ExitCode> {
  const config = loadConfig(context.env, { dataDir: context.globalOptions().dataDir, defaultLogLevel }, context.cwd);
  const services = await openServices(config, createLogger(config.logLevel));
  const controller = new AbortController();
  const abort = (): void => controller.abort(new Error("interrupted"));
  process.once("SIGINT", abort);
  process.once("SIGTERM", abort);
  try {
    return await work(services, controller.signal);
  } finally {
    process.off("SIGINT", abort);
    process.off("SIGTERM", abort);
    await services.close();
  }
}

/** Writes the error's one-line message to stderr and returns its exit code. */
export function reportFailure(context: CommandContext, error: unknown): ExitCode {
  context.stderr.write(`${errorLine(error)}\n`);
  return exitCodeFor(error);
}

/** The most severe of several exit codes (1 runtime failure > 2 bad input > 0). */
export function worstExitCode(codes: ExitCode[]): ExitCode {
  if (codes.includes(ExitCode.failure)) return ExitCode.failure;
  if (codes.includes(ExitCode.badInput)) return ExitCode.badInput;
  return ExitCode.ok;
}
