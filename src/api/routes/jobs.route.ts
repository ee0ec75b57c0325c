/**
 * `/api/jobs`: background jobs — start a collection, list jobs, follow one, cancel one. The jobs run
 * in `tgscope serve` (see `JobRunner`), not in the request.
 */
import type { FastifyInstance } from "fastify";
import {
  collectJobRequestSchema,
  jobIdParamsSchema,
  jobListQuerySchema,
  toJobRow,
  type JobListResponse,
  type JobResponse,
} from "../../../contract/index.js";
import { parseChannelRef } from "../../domain/index.js";
import { COLLECT_JOB, type JobQueue } from "../../jobs/index.js";

/**
 * Registers the job routes (error statuses: see `STATUS_BY_ERROR_CODE` in `errors.ts`):
 *
 * - `POST /api/jobs/collect` `{ refs, via, limit?, since?, min_id?, comments?, recheck_days?, media?,
 *   media_max_size? }` → `202 { job }` (state `queued`); `400 invalid_channel_ref` for a reference
 *   that is not a channel
 * - `GET /api/jobs?limit=` → `200 { items: JobRow[] }`, newest first
 * - `GET /api/jobs/:id` → `200 { job }`; `404 job_not_found`
 * - `POST /api/jobs/:id/cancel` → `200 { job }` (state `cancelled`; a running collection stops at its
 *   next page, keeping what it stored); `404 job_not_found`, `409 job_finished`
 *
 * Malformed bodies, queries and paths answer `400 invalid_request` naming the field.
 */
export function registerJobsRoute(app: FastifyInstance, jobs: JobQueue): void {
  app.post("/api/jobs/collect", async (request, reply): Promise<JobResponse> => {
    const params = collectJobRequestSchema.parse(request.body);
    params.refs.forEach((ref) => parseChannelRef(ref));
    const job = await jobs.enqueue(COLLECT_JOB, { ...params });
    void reply.status(202);
    return { job: toJobRow(job) };
  });

  app.get("/api/jobs", async (request): Promise<JobListResponse> => {
    const { limit } = jobListQuerySchema.parse(request.query);
    return { items: (await jobs.listJobs({ limit })).map(toJobRow) };
  });

  app.get("/api/jobs/:id", async (request): Promise<JobResponse> => {
    const { id } = jobIdParamsSchema.parse(request.params);
    return { job: toJobRow(await jobs.getJob(id)) };
  });

  app.post("/api/jobs/:id/cancel", async (request): Promise<JobResponse> => {
    const { id } = jobIdParamsSchema.parse(request.params);
    return { job: toJobRow(await jobs.cancelJob(id)) };
  });
}
