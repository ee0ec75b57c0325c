/**
 * `tgscope collect <ref…> [--via web|mtproto] [--limit N] [--since DATE]`: archive channels, through
 * the web preview (no account) or the MTProto user API (the signed-in accounts of `tgscope accounts`).
 */
import type { Command } from "commander";
import { collectMtprotoChannel, collectWebChannel, type CollectHistoryResult, type HistoryProgress } from "../../collect/index.js";
import type { StoredSource } from "../../store/index.js";
import { InvalidOptionError, parseChannelRef } from "../../domain/index.js";
import { createProgress } from "../progress.js";
import { parseDateOption, parsePositiveInt } from "../options.js";
import { runWithServices, worstExitCode, reportFailure, type CommandContext } from "../context.js";
import { ExitCode } from "../exit-codes.js";

interface CollectFlags {
  via: string;
  limit?: string;
  since?: string;
}

/** Registers the `collect` command. */
export function registerCollect(program: Command, context: CommandContext): void {
  program
    .command("collect")
    .description("archive public channels: new posts since the last run, then older ones (resumable)")
    .argument("<refs...>", "channels: name, @name, t.me/name, https://t.me/s/name or t.me/name/123")
    .option("--via <adapter>", "how to read Telegram: web (t.me/s preview, no account) or mtproto (signed-in accounts)", "web")
    .option("--limit <n>", "stop after this many messages in this run")
    .option("--since <date>", "do not go back further than this date (YYYY-MM-DD or ISO 8601)")
    .action(async (refs: string[], flags: CollectFlags) => {
      if (flags.via !== "web" && flags.via !== "mtproto") {
        throw new InvalidOptionError("--via", `"${flags.via}" is not an adapter; use --via web or --via mtproto`);
      }
      refs.forEach((ref) => parseChannelRef(ref));
      const limit = flags.limit === undefined ? undefined : parsePositiveInt("--limit", flags.limit);
      const since = flags.since === undefined ? undefined : parseDateOption("--since", flags.since);
      context.exitCode = await runWithServices(context, async (services, signal) => {
        const codes: ExitCode[] = [];
        for (const ref of refs) {
          const progress = createProgress(ref, context.stderr);
          try {
            const options = {
              limit,
              since,
              signal,
              onProgress: (p: HistoryProgress) => {
                const done = p.topId !== null && p.lowId !== null ? p.topId - p.lowId + 1 : p.inserted + p.updated + p.unchanged;
                progress.update(done, p.topId ?? undefined, `${p.phase}: ${p.inserted} new, ${p.updated} updated`);
              },
            };
            const result =
              flags.via === "mtproto"
                ? await collectMtprotoChannel(services.store, services.pool, ref, options)
                : await collectWebChannel(services.store, services.web, ref, options);
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

function summary(r: CollectHistoryResult & { source: StoredSource }): string {
  const name = r.source.username ? `@${r.source.username}` : (r.source.title ?? String(r.source.id));
  const state = r.complete ? "archive complete" : "more to collect: run again to continue";
  return `${name}: ${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged (${r.pages} pages read; ${state})`;
}
