/**
 * `GET /api/health`: liveness and the database in use.
 */
import type { FastifyInstance } from "fastify";
import type { ApiServices } from "../app.js";

/** Registers `GET /api/health` → `200 { status: "ok", version, database }`. */
export function registerHealthRoute(app: FastifyInstance, services: ApiServices): void {
  app.get("/api/health", async () => ({ status: "ok", version: services.version, database: services.store.dialect }));
}
