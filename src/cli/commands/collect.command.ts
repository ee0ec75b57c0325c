/**
 * `tgscope collect <ref…> [--via web|mtproto] [--limit N] [--since DATE] [--discover-depth N]
 * [--discover-min-refs K]`: archive channels, through the web preview (no account) or the MTProto user
 * API (the signed-in accounts of `tgscope accounts`), optionally snowballing to the channels they
 * refer to (forwards, @mentions, t.me links).
 */
import type { Command } from "commander";
import {
  ChannelAddress,
  collectMtprotoChannel,
  downloadSourceMedia,
  collectWebChannel,
  discoverAndCollect,
  type ChannelCollector,
  type CollectHistoryResult,
  type CommentsResult,
  type DiscoveryEvent,
  type RecheckResult,
  type HistoryProgress,
} from "../../collect/index.js";
import type { StoredSource } from "../../store/index.js";
import { DOWNLOADABLE_MEDIA_KINDS, InvalidOptionError, parseChannelRef, type MediaKind } from "../../domain/index.js";
import type { Services } from "../../main.js";
import { createProgress } from "../progress.js";
import { parseDateOption, parsePositiveInt } from "../options.js";
import { runWithServices, worstExitCode, reportFailure, type CommandContext } from "../context.js";
import { ExitCode } from "../exit-codes.js";

interface CollectFlags {
  via: string;
  limit?: string;
  since?: string;
  minId?: string;
  comments?: boolean;
  recheckDays?: string;
  media?: string;
  mediaMaxSize?: string;
  discoverDepth: string;
  discoverMinRefs: string;
}

/** Deepest `--discover-depth` accepted (each level can multiply the channels collected). */
const MAX_DISCOVER_DEPTH = 10;

/** Registers the `collect` command. */
export function registerCollect(program: Command, context: CommandContext): void {
  program
    .command("collect")
    .description("archive public channels: new posts since the last run, then older ones (resumable)")
    .argument("<refs...>", "channels: name, @name, t.me/name, https://t.me/s/name or t.me/name/123")
    .option("--via <adapter>", "how to read Telegram: web (t.me/s preview, no account) or mtproto (signed-in accounts)", "web")
    .option("--limit <n>", "stop after this many messages in this run (per channel)")
    .option("--since <date>", "do not go back further than this date (YYYY-MM-DD or ISO 8601)")
    .option("--min-id <id>", "do not go back further than this message id")
    .option("--comments", "mtproto: also collect the comments of each post from the linked discussion group (remembered per channel)")
    .option("--no-comments", "mtproto: stop collecting comments for these channels")
    .option("--media <kinds>", `mtproto: download media of these kinds (comma-separated: ${DOWNLOADABLE_MEDIA_KINDS.join(", ")}, or all)`)
    .option("--media-max-size <bytes>", "with --media: skip files larger than this (bytes; suffixes K, M, G allowed)")
    .option("--recheck-days <n>", "mtproto: re-check posts of the last n days for edits and deletions (default TGSCOPE_RECHECK_DAYS, 0 = off)")
    .option("--discover-depth <n>", "then collect the channels they forward, @mention or link to, and so on, this many levels deep (0 = off)", "0")
    .option("--discover-min-refs <k>", "with --discover-depth: only channels referenced at least this many times by the previous level", "3")
    .action(async (refs: string[], flags: CollectFlags) => {
      if (flags.via !== "web" && flags.via !== "mtproto") {
        throw new InvalidOptionError("--via", `"${flags.via}" is not an adapter; use --via web or --via mtproto`);
      }
      refs.forEach((ref) => parseChannelRef(ref));
      const limit = flags.limit === undefined ? undefined : parsePositiveInt("--limit", flags.limit);
      const since = flags.since === undefined ? undefined : parseDateOption("--since", flags.since);
      const minId = flags.minId === undefined ? undefined : parsePositiveInt("--min-id", flags.minId);
      const mtprotoOnly = (["comments", "recheckDays", "media"] as const).find((flag) => flags[flag] !== undefined);
      if (flags.via !== "mtproto" && mtprotoOnly !== undefined) {
        const option = { comments: "--comments", recheckDays: "--recheck-days", media: "--media" }[mtprotoOnly];
        throw new InvalidOptionError(option, "needs --via mtproto (the web preview shows no comments or deletions and gives no media files)");
      }
      const mediaKinds = flags.media === undefined ? [] : parseMediaKinds(flags.media);
      const mediaMaxSize = flags.mediaMaxSize === undefined ? undefined : parseByteSize("--media-max-size", flags.mediaMaxSize);
      const depth = parseDepth(flags.discoverDepth);
      const minRefs = parsePositiveInt("--discover-min-refs", flags.discoverMinRefs);
      context.exitCode = await runWithServices(context, async (services, signal) => {
        const recheckDays = flags.recheckDays === undefined ? services.config.recheckDays : parseWholeNumber("--recheck-days", flags.recheckDays);
        const recheckSince = recheckDays > 0 ? new Date(Date.now() - recheckDays * 86_400_000) : undefined;
        const codes: ExitCode[] = [];
        const collect: ChannelCollector = async (ref, { depth: level }) => {
          const progress = createProgress(ref, context.stderr);
          try {
            const options = {
              limit,
              since,
              minId,
              signal,
              onProgress: (p: HistoryProgress) => {
                const done = p.topId !== null && p.lowId !== null ? p.topId - p.lowId + 1 : p.inserted + p.updated + p.unchanged;
                progress.update(done, p.topId ?? undefined, `${p.phase}: ${p.inserted} new, ${p.updated} updated`);
              },
            };
            const result =
              flags.via === "mtproto"
                ? await collectMtprotoChannel(services.store, services.pool, ref, { ...options, comments: flags.comments, recheckSince })
                : await collectWebChannel(services.store, services.web, ref, options);
            progress.stop(summary(result));
            if (flags.via === "mtproto" && mediaKinds.length > 0) await downloadMedia(context, services, result.source, mediaKinds, mediaMaxSize, signal);
            if (level === 0) codes.push(ExitCode.ok);
            return result;
          } catch (error) {
            progress.stop();
            // Seeds fail as before (error line, exit code); discovered channels are reported as skipped.
            if (level === 0) codes.push(reportFailure(context, error));
            throw error;
          }
        };
        const crawl = await discoverAndCollect(services.store, collect, refs, {
          depth,
          minRefs,
          signal,
          onEvent: (event) => reportDiscovery(context, event, minRefs),
        });
        if (crawl.interrupted && depth > 0) {
          context.stderr.write("discovery: interrupted; run the same command again to continue\n");
          codes.push(ExitCode.failure);
        }
        return worstExitCode(codes);
      });
    });
}

/** Downloads the source's pending media of `kinds`, with a progress bar, and prints one summary line. */
async function downloadMedia(
  context: CommandContext,
  services: Services,
  source: StoredSource,
  kinds: MediaKind[],
  maxSizeBytes: number | undefined,
  signal: AbortSignal,
): Promise<void> {
  const name = source.username ? `@${source.username}` : (source.title ?? String(source.id));
  const progress = createProgress(`${name} media`, context.stderr);
  const channel = new ChannelAddress(services.store, source.username, source.peerId);
  try {
    const result = await downloadSourceMedia(services.store, services.pool, channel, source.id, {
      dataDir: services.config.dataDir,
      kinds,
      ...(maxSizeBytes !== undefined ? { maxSizeBytes } : {}),
      signal,
      onProgress: (p) => progress.update(p.done, p.total, `${p.done}/${p.total} files`),
    });
    const failed = result.failed.length > 0 ? `, ${result.failed.length} failed (run again to retry)` : "";
    progress.stop(`${name} media: ${result.downloaded} downloaded, ${result.deduplicated} already stored, ${result.skipped} gone${failed}`);
  } catch (error) {
    progress.stop();
    throw error;
  }
}

function parseMediaKinds(value: string): MediaKind[] {
  if (value.trim() === "all") return [...DOWNLOADABLE_MEDIA_KINDS];
  const kinds = value.split(",").map((k) => k.trim()).filter(Boolean);
  const unknown = kinds.find((k) => !DOWNLOADABLE_MEDIA_KINDS.includes(k as MediaKind));
  if (kinds.length === 0 || unknown !== undefined) {
    throw new InvalidOptionError("--media", `"${unknown ?? value}" is not a media kind; use ${DOWNLOADABLE_MEDIA_KINDS.join(", ")} or all`);
  }
  return kinds as MediaKind[];
}

/** `5000000`, `500K`, `20M`, `2G` (binary multiples) → bytes. */
function parseByteSize(option: string, value: string): number {
  const match = /^(\d+)([KMG]?)$/i.exec(value.trim());
  if (!match) throw new InvalidOptionError(option, `"${value}" is not a size; use bytes, or a number with K, M or G (e.g. 20M)`);
  return Number(match[1]) * 1024 ** "_KMG".indexOf(match[2]!.toUpperCase() || "_");
}

function parseWholeNumber(option: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidOptionError(option, `"${value}" must be a whole number (0 = off)`);
  return Number(value);
}

function parseDepth(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > MAX_DISCOVER_DEPTH) {
    throw new InvalidOptionError("--discover-depth", `"${value}" must be a whole number from 0 (off) to ${MAX_DISCOVER_DEPTH}`);
  }
  return Number(value);
}

/** One stderr line per discovery step: what a level adds, and what it skips with the reason. */
function reportDiscovery(context: CommandContext, event: DiscoveryEvent, minRefs: number): void {
  const write = (line: string): void => void context.stderr.write(`${line}\n`);
  switch (event.type) {
    case "level_start": {
      const known = event.alreadyArchived.length > 0 ? `; already archived: ${event.alreadyArchived.join(", ")}` : "";
      const found = event.candidates.map((c) => `${c.ref} (${c.total})`).join(", ");
      const what = event.candidates.length > 0 ? `collecting ${found}` : "nothing new to collect";
      write(`discovery depth ${event.depth}: channels referenced at least ${minRefs} times by the ${event.fromSources} source(s) of depth ${event.depth - 1}: ${what}${known}`);
      return;
    }
    case "skipped":
      if (event.depth > 0) write(`discovery depth ${event.depth}: skipped ${event.channel.ref}: ${event.channel.reason}`);
      return;
    case "level_done": {
      const { level } = event;
      if (level.depth === 0) return;
      const added = level.collected.map((c) => c.ref).join(", ") || "nothing";
      const skipped = level.skipped.length > 0 ? `; skipped ${level.skipped.map((s) => `${s.ref} (${s.code})`).join(", ")}` : "";
      write(`discovery depth ${level.depth}: added ${added}${skipped}`);
      return;
    }
    case "collected":
      return;
  }
}

function summary(r: CollectHistoryResult & { source: StoredSource; comments?: CommentsResult; recheck?: RecheckResult }): string {
  const name = r.source.username ? `@${r.source.username}` : (r.source.title ?? String(r.source.id));
  const state = r.complete ? "archive complete" : "more to collect: run again to continue";
  const comments = r.comments ? `; comments: ${r.comments.inserted} new, ${r.comments.updated} updated on ${r.comments.posts} posts` : "";
  const recheck = r.recheck ? `; re-checked ${r.recheck.checked}: ${r.recheck.updated} changed, ${r.recheck.deleted} deleted` : "";
  return `${name}: ${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged (${r.pages} pages read; ${state})${comments}${recheck}`;
}
