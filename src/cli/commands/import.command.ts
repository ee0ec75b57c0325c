/**
 * `tgscope import <file-or-dir>`: import a Telegram Desktop export.
 */
import type { Command } from "commander";
import { importDesktopExport } from "../../collect/index.js";
import { createProgress } from "../progress.js";
import { runWithServices, type CommandContext } from "../context.js";
import { ExitCode } from "../exit-codes.js";

/** Registers the `import` command. */
export function registerImport(program: Command, context: CommandContext): void {
  program
    .command("import")
    .description("import a Telegram Desktop export: result.json (one chat or a full account) or messages.html")
    .argument("<path>", "export file or folder")
    .action(async (path: string) => {
      context.exitCode = await runWithServices(context, async (services, signal) => {
        const progress = createProgress(path, context.stderr);
        const result = await importDesktopExport(services.store, path, {
          signal,
          onProgress: (p) => progress.update(p.doneMessages, p.totalMessages, p.chat ?? ""),
        });
        const chats = result.sources.map((s) => s.title ?? s.username ?? String(s.peerId)).join(", ");
        progress.stop(
          `${path}: ${result.sources.length} chat(s) [${chats}]: ${result.inserted} new, ${result.updated} updated, ${result.unchanged} unchanged`,
        );
        return ExitCode.ok;
      });
    });
}
