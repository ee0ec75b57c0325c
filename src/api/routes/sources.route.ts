/**
 * `GET /api/sources`: archived sources with counts.
 */
import type { FastifyInstance } from "fastify";
import { toSourceRow } from "../../../contract/index.js";
import type { ApiServices } from "../app.js";

/** Registers `GET /api/sources` → `200 { sources: SourceRow[] }`. */
export function registerSourcesRoute(app: FastifyInstance, services: ApiServices): void {
  app.get("/api/sources", async () => ({ sources: (await services.store.listSources()).map(toSourceRow) }));
}
