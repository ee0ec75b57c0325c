/**
 * The `collect` job: archives a list of channels through the web preview or MTProto, as
 * `tgscope collect` does, reporting progress per channel. The collectors are injected
 * ({@link CollectJobPorts}, wired in `main.ts`), so this room does not depend on `collect/`.
 *
 * Resumable: the outcome of every finished channel is kept in the job's progress, and a run of the
 * same job (after a `FLOOD_WAIT`, a restart or a transient failure) skips those channels; a channel
 * cut in the middle continues from its cursor.
 */
import {
  BadInputError,
  DOWNLOADABLE_MEDIA_KINDS,
  FloodWaitError,
  InvalidOptionError,
  TgscopeError,
  type MediaKind,
} from "../domain/index.js";
import type { StoredSource } from "../store/index.js";
import { isTransientError, toJobError } from "./job-errors.js";
import type { Job, JobError, JsonValue } from "./job-queue.js";
import type { JobContext, JobHandler, JobOutcome, JobRetryPolicy } from "./job-runner.js";

/** Kind of the collect job. */
export const COLLECT_JOB = "collect";

/** Most channels one collect job may name. */
export const MAX_COLLECT_JOB_REFS = 100;

/**
 * Parameters of a collect job, as stored and shown by the API (`POST /api/jobs/collect`, normalised):
 * the options of `tgscope collect`.
 */
export interface CollectJobParams {
  /** Channels: `name`, `@name`, `t.me/name`, `https://t.me/s/name`, `t.me/name/123` (MTProto: also a `-100…` peer id). */
  refs: string[];
  via: "web" | "mtproto";
  /** Stop after this many messages per channel in this job. */
  limit?: number;
  /** Do not go back further than this instant (ISO 8601). */
  since?: string;
  /** Do not go back further than this message id. */
  min_id?: number;
  /** MTProto: also collect comments (remembered per channel). */
  comments?: boolean;
  /** MTProto: re-check posts of this many recent days for edits and deletions (default `TGSCOPE_RECHECK_DAYS`, 0 = off). */
  recheck_days?: number;
  /** MTProto: download media of these kinds after collecting. */
  media?: MediaKind[];
  /** With `media`: skip files larger than this, in bytes. */
  media_max_size?: number;
}

/** Where a channel's collection stands, as its collector reports it after each stored page. */
export interface ChannelProgress {
  phase: string;
  topId: number | null;
  lowId: number | null;
  inserted: number;
  updated: number;
  unchanged: number;
}

/** Options of one channel's collection. */
export interface ChannelCollectOptions {
  limit?: number;
  since?: Date;
  minId?: number;
  signal: AbortSignal;
  onProgress: (progress: ChannelProgress) => void;
}

/** Extra options of an MTProto collection. */
export interface MtprotoChannelCollectOptions extends ChannelCollectOptions {
  comments?: boolean;
  recheckSince?: Date;
}

/** What a comments pass stored (`CommentsResult` of the collector). */
export interface CommentsCounts {
  posts: number;
  inserted: number;
  updated: number;
}

/** What a re-check pass found (`RecheckResult` of the collector). */
export interface RecheckCounts {
  checked: number;
  updated: number;
  deleted: number;
}

/** What one channel's collection did (`collectWebChannel` and `collectMtprotoChannel` results fit). */
export interface ChannelCollection {
  source: StoredSource;
  inserted: number;
  updated: number;
  unchanged: number;
  pages: number;
  complete: boolean;
  comments?: CommentsCounts;
  recheck?: RecheckCounts;
}

/** Options of a media download after an MTProto collection. */
export interface MediaDownloadJobOptions {
  kinds: MediaKind[];
  maxSizeBytes?: number;
  signal: AbortSignal;
  onProgress: (done: number, total: number) => void;
}

/** What a media download did (`downloadSourceMedia`'s result fits). */
export interface MediaDownloadSummary {
  downloaded: number;
  deduplicated: number;
  skipped: number;
  failed: readonly unknown[];
}

/** The collectors, as the collect job uses them. */
export interface CollectJobPorts {
  /** `collectWebChannel` over the store and the web client. */
  collectWeb(ref: string, options: ChannelCollectOptions): Promise<ChannelCollection>;
  /** `collectMtprotoChannel` over the store and the account pool. */
  collectMtproto(ref: string, options: MtprotoChannelCollectOptions): Promise<ChannelCollection>;
  /** `downloadSourceMedia` of one archived source. */
  downloadMedia(source: StoredSource, options: MediaDownloadJobOptions): Promise<MediaDownloadSummary>;
  /** Default of `recheck_days` (`TGSCOPE_RECHECK_DAYS`). */
  defaultRecheckDays: number;
  /** Retry policy for transient failures (default {@link DEFAULT_COLLECT_RETRY_POLICY}). */
  retry?: JobRetryPolicy;
}

/** Collect jobs are tried 3 times, after 1 and 2 minutes (channels already done are not collected again). */
export const DEFAULT_COLLECT_RETRY_POLICY: Readonly<JobRetryPolicy> = Object.freeze({ maxAttempts: 3, backoffMs: 60_000 });

/**
 * What the job did for one channel (an element of `channels` in the progress and the result). Counts
 * are those of the run that collected the channel.
 */
export interface CollectChannelOutcome {
  ref: string;
  /** Row id and name (`@username`, else the title) of the source; absent when the channel could not be read. */
  source_id?: number;
  source?: string;
  inserted: number;
  updated: number;
  unchanged: number;
  pages: number;
  /** Backfill reached the channel's first post. */
  complete: boolean;
  comments?: CommentsCounts;
  recheck?: RecheckCounts;
  media?: { downloaded: number; deduplicated: number; skipped: number; failed: number };
  /** Why the channel could not be collected (e.g. `username_not_occupied`). */
  error?: { code: string; message: string };
}

/** The `result` of a collect job: every channel's outcome and the totals. */
export interface CollectJobResult {
  channels: CollectChannelOutcome[];
  inserted: number;
  updated: number;
  unchanged: number;
  /** Channels that could not be collected. */
  failed: number;
}

/**
 * Validates stored parameters (they were validated when enqueued; a row edited by hand is refused).
 *
 * @throws {InvalidOptionError} naming the first bad field
 */
export function parseCollectJobParams(params: JsonValue): CollectJobParams {
  if (typeof params !== "object" || params === null || Array.isArray(params)) throw new InvalidOptionError("params", "must be an object");
  const { refs, via, limit, since, min_id, comments, recheck_days, media, media_max_size } = params;
  if (!Array.isArray(refs) || refs.length === 0 || refs.length > MAX_COLLECT_JOB_REFS || !refs.every((r) => typeof r === "string")) {
    throw new InvalidOptionError("refs", `must be 1 to ${MAX_COLLECT_JOB_REFS} channel references`);
  }
  if (via !== "web" && via !== "mtproto") throw new InvalidOptionError("via", 'must be "web" or "mtproto"');
  const out: CollectJobParams = { refs: refs as string[], via };
  const whole = (name: string, value: JsonValue | undefined, min: number): number | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) throw new InvalidOptionError(name, `must be a whole number from ${min}`);
    return value;
  };
  const numbers = {
    limit: whole("limit", limit, 1),
    min_id: whole("min_id", min_id, 1),
    recheck_days: whole("recheck_days", recheck_days, 0),
    media_max_size: whole("media_max_size", media_max_size, 1),
  };
  for (const [name, value] of Object.entries(numbers)) if (value !== undefined) out[name as keyof typeof numbers] = value;
  if (since !== undefined) {
    if (typeof since !== "string" || Number.isNaN(Date.parse(since))) throw new InvalidOptionError("since", "must be an ISO 8601 date");
    out.since = since;
  }
  if (comments !== undefined) {
    if (typeof comments !== "boolean") throw new InvalidOptionError("comments", "must be true or false");
    out.comments = comments;
  }
  if (media !== undefined) {
    if (!Array.isArray(media) || !media.every((k) => DOWNLOADABLE_MEDIA_KINDS.includes(k as MediaKind))) {
      throw new InvalidOptionError("media", `must be media kinds among ${DOWNLOADABLE_MEDIA_KINDS.join(", ")}`);
    }
    out.media = media as MediaKind[];
  }
  return out;
}

/** The handler of `collect` jobs over the given collectors. */
export function collectJobHandler(ports: CollectJobPorts): JobHandler {
  return {
    retry: ports.retry ?? DEFAULT_COLLECT_RETRY_POLICY,
    run: (job, context) => runCollectJob(ports, job, context),
  };
}

/**
 * Runs a collect job: each channel not already done by an earlier run of the job, one after the
 * other. A channel that cannot be collected (unknown username, private channel, no account …) is
 * recorded with its error and the job goes on; the job then fails with that error (or, when several
 * failed, the first one's code and how many failed).
 *
 * @throws {FloodWaitError} and transient failures (the runner re-queues the job), the signal's reason
 *   when aborted, and unexpected errors
 */
export async function runCollectJob(ports: CollectJobPorts, job: Job, context: JobContext): Promise<JobOutcome> {
  const params = parseCollectJobParams(job.params);
  const channels = previousOutcomes(job.progress).filter((outcome) => params.refs.includes(outcome.ref));
  const report = (current: JsonValue): void =>
    context.progress(asJson({ channels_total: params.refs.length, channels_done: channels.length, current, channels: [...channels] }));
  const since = params.since === undefined ? undefined : new Date(params.since);
  const recheckDays = params.recheck_days ?? ports.defaultRecheckDays;
  for (const ref of params.refs) {
    if (channels.some((outcome) => outcome.ref === ref)) continue;
    context.signal.throwIfAborted();
    report({ ref, phase: "start" });
    const options: ChannelCollectOptions = {
      ...(params.limit !== undefined ? { limit: params.limit } : {}),
      ...(since !== undefined ? { since } : {}),
      ...(params.min_id !== undefined ? { minId: params.min_id } : {}),
      signal: context.signal,
      onProgress: (p) =>
        report({ ref, phase: p.phase, inserted: p.inserted, updated: p.updated, unchanged: p.unchanged, top_id: p.topId, low_id: p.lowId }),
    };
    let outcome: CollectChannelOutcome = { ref, inserted: 0, updated: 0, unchanged: 0, pages: 0, complete: false };
    try {
      const collection =
        params.via === "mtproto"
          ? await ports.collectMtproto(ref, {
              ...options,
              ...(params.comments !== undefined ? { comments: params.comments } : {}),
              ...(recheckDays > 0 ? { recheckSince: new Date(Date.now() - recheckDays * 86_400_000) } : {}),
            })
          : await ports.collectWeb(ref, options);
      outcome = channelOutcome(ref, collection);
      if (params.via === "mtproto" && params.media !== undefined && params.media.length > 0) {
        const media = await ports.downloadMedia(collection.source, {
          kinds: params.media,
          ...(params.media_max_size !== undefined ? { maxSizeBytes: params.media_max_size } : {}),
          signal: context.signal,
          onProgress: (done, total) => report({ ref, phase: "media", media_done: done, media_total: total }),
        });
        outcome.media = { downloaded: media.downloaded, deduplicated: media.deduplicated, skipped: media.skipped, failed: media.failed.length };
      }
    } catch (error) {
      if (!channelFailure(error, context.signal)) throw error;
      outcome.error = toJobError(error);
      context.logger.info({ ref, code: outcome.error.code }, "channel could not be collected");
    }
    channels.push(outcome);
    report(null);
  }
  const failures = channels.filter((outcome) => outcome.error !== undefined);
  const result: CollectJobResult = {
    channels,
    inserted: sum(channels, "inserted"),
    updated: sum(channels, "updated"),
    unchanged: sum(channels, "unchanged"),
    failed: failures.length,
  };
  return failures.length === 0 ? { result: asJson(result) } : { result: asJson(result), error: jobFailure(failures, channels.length) };
}

/** Whether `error` fails only this channel (the job goes on), not the job's run. */
function channelFailure(error: unknown, signal: AbortSignal): error is TgscopeError {
  if (signal.aborted || !(error instanceof TgscopeError)) return false;
  if (error instanceof FloodWaitError) return false;
  return error instanceof BadInputError || !isTransientError(error);
}

function channelOutcome(ref: string, c: ChannelCollection): CollectChannelOutcome {
  const outcome: CollectChannelOutcome = {
    ref,
    source_id: c.source.id,
    source: c.source.username ? `@${c.source.username}` : (c.source.title ?? String(c.source.id)),
    inserted: c.inserted,
    updated: c.updated,
    unchanged: c.unchanged,
    pages: c.pages,
    complete: c.complete,
  };
  if (c.comments !== undefined) outcome.comments = { posts: c.comments.posts, inserted: c.comments.inserted, updated: c.comments.updated };
  if (c.recheck !== undefined) outcome.recheck = { checked: c.recheck.checked, updated: c.recheck.updated, deleted: c.recheck.deleted };
  return outcome;
}

function jobFailure(failures: CollectChannelOutcome[], total: number): JobError {
  const first = failures[0]!;
  const error = first.error!;
  if (failures.length === 1 && total === 1) return error;
  return { code: error.code, message: `${failures.length} of ${total} channels could not be collected; ${first.ref}: ${error.message}` };
}

/** Outcomes recorded by an earlier run of the job (its `progress.channels`). */
function previousOutcomes(progress: JsonValue | undefined): CollectChannelOutcome[] {
  if (typeof progress !== "object" || progress === null || Array.isArray(progress)) return [];
  const channels = progress.channels;
  if (!Array.isArray(channels)) return [];
  return channels
    .filter((c) => typeof c === "object" && c !== null && !Array.isArray(c) && typeof c.ref === "string")
    .map((c) => c as unknown as CollectChannelOutcome);
}

/** A plain object of JSON values and absent (`undefined`) fields as the `JsonValue` it is stored as. */
function asJson(value: object): JsonValue {
  return value as unknown as JsonValue;
}

function sum(channels: CollectChannelOutcome[], key: "inserted" | "updated" | "unchanged"): number {
  return channels.reduce((total, outcome) => total + outcome[key], 0);
}
