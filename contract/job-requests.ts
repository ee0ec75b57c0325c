/**
 * Bodies, paths and answers of the job endpoints under `/api/jobs`, validated with zod and shared by
 * the API and the dashboard.
 */
import { z } from "zod";
import { DOWNLOADABLE_MEDIA_KINDS, parseUserDate } from "../src/domain/index.js";
import { MAX_COLLECT_JOB_REFS, type CollectJobParams } from "../src/jobs/index.js";
import type { JobRow } from "./job-row.js";

const MTPROTO_ONLY = "needs via mtproto (the web preview shows no comments or deletions and gives no media files)";
const positive = (what: string) => z.number({ error: `must be ${what} (a whole number ≥ 1)` }).int({ error: `must be ${what} (a whole number ≥ 1)` }).min(1, { error: `must be ${what} (a whole number ≥ 1)` });

/**
 * `POST /api/jobs/collect`: the options of `tgscope collect`. Unknown fields are refused; `since`
 * becomes an ISO 8601 instant (a date-only value is UTC midnight). The parsed body is the job's
 * `params`.
 */
export const collectJobRequestSchema = z
  .strictObject({
    refs: z
      .array(z.string({ error: "must be a channel reference such as @name or t.me/name" }).trim().min(1).max(200), {
        error: "must be a list of channel references such as [\"@name\", \"t.me/name\"]",
      })
      .min(1, { error: "must name at least one channel" })
      .max(MAX_COLLECT_JOB_REFS, { error: `must name at most ${MAX_COLLECT_JOB_REFS} channels; start several jobs` }),
    via: z.enum(["web", "mtproto"], { error: 'must be "web" (t.me/s preview, no account) or "mtproto" (signed-in accounts)' }),
    limit: positive("the most messages to collect per channel").optional(),
    since: z
      .string({ error: "must be a date: YYYY-MM-DD or ISO 8601" })
      .refine((v) => parseUserDate(v) !== undefined, { error: "must be a date: YYYY-MM-DD or ISO 8601" })
      .transform((v) => parseUserDate(v)!.toISOString())
      .optional(),
    min_id: positive("a message id").optional(),
    comments: z.boolean({ error: "must be true or false" }).optional(),
    recheck_days: z.number({ error: "must be a whole number of days (0 = off)" }).int({ error: "must be a whole number of days (0 = off)" }).min(0).max(36_500).optional(),
    media: z
      .array(z.enum(DOWNLOADABLE_MEDIA_KINDS as [string, ...string[]], { error: `must be media kinds among ${DOWNLOADABLE_MEDIA_KINDS.join(", ")}` }))
      .min(1, { error: "must name at least one media kind" })
      .optional(),
    media_max_size: positive("a size in bytes").optional(),
  })
  .superRefine((body, ctx) => {
    if (body.via === "mtproto") return;
    for (const field of ["comments", "recheck_days", "media"] as const) {
      if (body[field] !== undefined) ctx.addIssue({ code: "custom", path: [field], message: MTPROTO_ONLY });
    }
  })
  .transform((body): CollectJobParams => {
    const params: CollectJobParams = { refs: body.refs, via: body.via };
    if (body.limit !== undefined) params.limit = body.limit;
    if (body.since !== undefined) params.since = body.since;
    if (body.min_id !== undefined) params.min_id = body.min_id;
    if (body.comments !== undefined) params.comments = body.comments;
    if (body.recheck_days !== undefined) params.recheck_days = body.recheck_days;
    if (body.media !== undefined) params.media = [...new Set(body.media)] as CollectJobParams["media"];
    if (body.media_max_size !== undefined) params.media_max_size = body.media_max_size;
    return params;
  });

/** `GET /api/jobs?limit=`: the newest jobs first, `limit` 1–1000 (default 50). */
export const jobListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
});

/** Path of `GET /api/jobs/:id` and `POST /api/jobs/:id/cancel`. */
export const jobIdParamsSchema = z.object({
  id: z.coerce
    .number({ error: "must be a job id (a whole number ≥ 1)" })
    .int({ error: "must be a job id (a whole number ≥ 1)" })
    .min(1, { error: "must be a job id (a whole number ≥ 1)" })
    .max(2 ** 31 - 1, { error: "must be a job id (a whole number ≥ 1)" }),
});

/** Parsed `POST /api/jobs/collect` body: the job's parameters. */
export type CollectJobRequest = z.infer<typeof collectJobRequestSchema>;

/** `GET /api/jobs`. */
export interface JobListResponse {
  items: JobRow[];
}

/** `POST /api/jobs/collect`, `GET /api/jobs/:id`, `POST /api/jobs/:id/cancel`. */
export interface JobResponse {
  job: JobRow;
}
