/**
 * `GET /api/messages?q=&source=&from=&to=&limit=&cursor=&order=`: search with keyset pagination.
 */
import type { FastifyInstance } from "fastify";
import { messagesQuerySchema } from "../../../contract/index.js";
import { parseUserDate } from "../../domain/index.js";
import { toMessageRow } from "../../export/index.js";
import type { ApiServices } from "../app.js";

/**
 * Registers `GET /api/messages` → `200 { messages: MessageRow[], next_cursor: string | null }`;
 * `400 { error }` for a malformed query (`query_syntax`), an unknown source (`source_not_found`),
 * a bad cursor or parameter.
 */
export function registerMessagesRoute(app: FastifyInstance, services: ApiServices): void {
  app.get("/api/messages", async (request) => {
    const q = messagesQuerySchema.parse(request.query);
    const sources = q.source === undefined ? undefined : [q.source].flat().flatMap((s) => s.split(",")).filter(Boolean);
    const page = await services.store.searchMessages({
      text: q.q,
      sources,
      from: q.from === undefined ? undefined : parseUserDate(q.from),
      to: q.to === undefined ? undefined : parseUserDate(q.to, true),
      limit: q.limit,
      cursor: q.cursor,
      order: q.order,
    });
    return { messages: page.items.map(toMessageRow), next_cursor: page.nextCursor ?? null };
  });
}
