/**
 * `tgscope collect <ref…> --via web [--limit N] [--since DATE]`: archive channels.
 */
import type { Command } from "commander";
import { collectWebChannel, type WebCollectResult } from "../../collect/index.js";
import { InvalidOptionError, parseChannelRef } from "../../domain/index.js";
import { createProgress } from "../progress.js";
import { parseDateOption, parsePositiveInt } from "../options.js";
import { runWithServices, worstExitCode, reportFailure, type CommandContext } from "../context.js";
import { ExitCode } from "../exit-codes.js";

interface CollectFlags {
  via: "web";
  limit?: string;
  since?: string;
}

/** Registers the `collect` command. */
export function registerCollect(program: Command, context: CommandContext): void {
  program
    .command("collect")
    .description("archive public channels: new posts since the last run, then older ones (resumable)")
    .argument("<refs...>", "channels: name, @name, t.me/name, https://t.me/s/name or t.me/name/123")
    .option("--via <adapter>", "how to read Telegram: web (t.me/s preview, no account)", "web")
    .option("--limit <n>", "stop after this many messages in this run")
    .option("--since <date>", "do not go back further than this date (YYYY-MM-DD or ISO 8601)")
    .action(async (refs: string[], flags: CollectFlags) => {
      if (flags.via !== "web") {
        throw new InvalidOptionError(
          "--via",
          `"${flags.via}" is not available; use --via web (MTProto accounts come with \`tgscope accounts add\`)`,
        );
      }
      refs.forEach((ref) => parseChannelRef(ref));
      const limit = flags.limit === undefined ? undefined : parsePositiveInt("--limit", flags.limit);
      const since = flags.since === undefined ? undefined : parseDateOption("--since", flags.since);
      context.exitCode = await runWithServices(context, async (services, signal) => {
        const codes: ExitCode[] = [];
        for (const ref of refs) {
          const progress = createProgress(ref, context.stderr);
          try {
            const result = await collectWebChannel(services.store, services.web, ref, {
              limit,
              since,
              signal,
              onProgress: (p) => {
                const done = p.topId !== null && p.lowId !== null ? p.topId - p.lowId + 1 : p.inserted + p.updated + p.unchanged;
                progress.update(done, p.topId ?? undefined, `${p.phase}: ${p.inserted} new, ${p.updated} updated`);
              },
            });
            progress.stop(summary(result));
            codes.push(ExitCode.ok);
          } catch (error) {
            progress.stop();
            codes.push(reportFailure(context, error));
            if (signal.aborted) break;
          }
        }
        return worstExitCode(codes);
      });
    });
}

function summary(r: WebCollectResult): string {
  const name = r.source.username ? `@${r.source.username}` : (r.source.title ?? String(r.source.id));
  const state = r.complete ? "archive complete" : "more to collect: run again to continue";
  return `${name}: ${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged (${r.pages} pages read; ${state})`;
}
