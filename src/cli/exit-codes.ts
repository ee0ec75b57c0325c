/**
 * Exit codes and error lines of the CLI (DESIGN.md: 0 success, 1 runtime failure, 2 bad usage or input).
 */
import { BadInputError, TgscopeError } from "../domain/index.js";

/** Process exit codes. */
export const ExitCode = { ok: 0, failure: 1, badInput: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Exit code for an error: 2 for bad input, 1 otherwise. */
export function exitCodeFor(error: unknown): ExitCode {
  return error instanceof BadInputError ? ExitCode.badInput : ExitCode.failure;
}

/**
 * One line for stderr that says what went wrong and what to do: our errors' messages are written for
 * users; anything else is an unexpected failure and says where to look.
 */
export function errorLine(error: unknown): string {
  if (error instanceof TgscopeError) return `tgscope: ${error.message}`;
  const message = error instanceof Error ? error.message : String(error);
  return `tgscope: unexpected failure: ${message.split("\n")[0]} (run again with TGSCOPE_LOG_LEVEL=debug for details)`;
}
