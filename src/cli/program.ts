/**
 * The `tgscope` command line: commander program, exit codes and error lines.
 */
import { Command, CommanderError } from "commander";
import { VERSION } from "../lib/index.js";
import { ExitCode, errorLine, exitCodeFor } from "./exit-codes.js";
import type { CommandContext } from "./context.js";
import { registerAccounts } from "./commands/accounts.command.js";
import { registerCollect } from "./commands/collect.command.js";
import { registerDiscover } from "./commands/discover.command.js";
import { registerExport } from "./commands/export.command.js";
import { registerImport } from "./commands/import.command.js";
import { registerSearch } from "./commands/search.command.js";
import { registerServe } from "./commands/serve.command.js";
import { registerSources } from "./commands/sources.command.js";

/**
 * Runs the CLI.
 *
 * @param argv - arguments after the executable and script (`process.argv.slice(2)`)
 * @returns the exit code: 0 success, 1 runtime failure, 2 bad usage or bad input
 */
export async function runCli(argv: string[], world: Omit<CommandContext, "exitCode" | "globalOptions">): Promise<ExitCode> {
  const program = new Command("tgscope");
  const context: CommandContext = { ...world, exitCode: ExitCode.ok, globalOptions: () => program.opts() };
  program
    .description("archive, search and export public Telegram channels")
    .version(VERSION)
    .option("--data-dir <dir>", "data directory (default TGSCOPE_DATA_DIR or ./data)")
    .showHelpAfterError("(run tgscope --help for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => world.stdout.write(s),
      writeErr: (s) => world.stderr.write(s),
    });
  registerCollect(program, context);
  registerDiscover(program, context);
  registerImport(program, context);
  registerSearch(program, context);
  registerExport(program, context);
  registerSources(program, context);
  registerServe(program, context);
  registerAccounts(program, context);
  try {
    await program.parseAsync(argv, { from: "user" });
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
    }
    world.stderr.write(`${errorLine(error)}\n`);
    return exitCodeFor(error);
  }
}
