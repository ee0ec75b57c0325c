/**
 * The HTTP server: REST API under `/api` (health, sources, messages, Telegram accounts, background
 * jobs) and the dashboard page at `/`.
 */
import { LogController, fastify, type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { TelegramAccounts } from "../accounts/index.js";
import type { JobQueue } from "../jobs/index.js";
import type { Logger } from "../lib/index.js";
import type { Store } from "../store/index.js";
import { DASHBOARD_HTML } from "./dashboard.page.js";
import { handleError } from "./errors.js";
import { registerAccountsRoute } from "./routes/accounts.route.js";
import { registerHealthRoute } from "./routes/health.route.js";
import { registerJobsRoute } from "./routes/jobs.route.js";
import { registerMessagesRoute } from "./routes/messages.route.js";
import { registerSourcesRoute } from "./routes/sources.route.js";

/** What the routes need. */
export interface ApiServices {
  store: Store;
  logger: Logger;
  /** Telegram accounts behind `/api/accounts` (sign-in, bots, logout, removal). */
  accounts: TelegramAccounts;
  /** tgscope version shown by `/api/health`. */
  version: string;
  /**
   * The job queue behind `/api/jobs`; without it those routes answer 404. The jobs run where a
   * `JobRunner` runs (`tgscope serve`).
   */
  jobs?: JobQueue;
}

/**
 * Builds the Fastify app (not listening yet). Routes validate their input with zod and answer
 * errors as `{ error: { code, message } }` with 4xx for bad input.
 */
export function buildApi(services: ApiServices): FastifyInstance {
  const app: FastifyInstance = fastify({
    loggerInstance: services.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ error: { code: "not_found", message: `no route ${request.method} ${request.url.split("?")[0]}` } });
  });
  registerHealthRoute(app, services);
  registerSourcesRoute(app, services);
  registerMessagesRoute(app, services);
  registerAccountsRoute(app, services);
  if (services.jobs !== undefined) registerJobsRoute(app, services.jobs);
  app.get("/", async (_request, reply) =>
    reply
      .header("content-type", "text/html; charset=utf-8")
      .header("content-security-policy", "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src https: data:")
      .send(DASHBOARD_HTML),
  );
  return app;
}
