/**
 * Query parameters of `GET /api/messages`, validated with zod (shared by the API and the dashboard).
 */
import { z } from "zod";
import { parseUserDate } from "../src/domain/index.js";

const isoDate = z.string().refine((v) => parseUserDate(v) !== undefined, { message: "must be a date: YYYY-MM-DD or ISO 8601" });

/** `GET /api/messages?q=&source=&from=&to=&limit=&cursor=&order=`. */
export const messagesQuerySchema = z.object({
  /** Full-text query (tgscope syntax: words, "phrases", -excluded, OR, prefix*). */
  q: z.string().max(1000).optional(),
  /** Source username/peer id/row id; repeat or comma-separate for several. */
  source: z.union([z.string(), z.array(z.string())]).optional(),
  /** Inclusive lower bound; a date-only value means that day's start (UTC). */
  from: isoDate.optional(),
  /** Upper bound; a date-only value includes that whole day (UTC). */
  to: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  /** `next_cursor` of the previous page. */
  cursor: z.string().max(500).optional(),
  order: z.enum(["date_desc", "date_asc"]).default("date_desc"),
});

/** Parsed `GET /api/messages` parameters. */
export type MessagesQuery = z.infer<typeof messagesQuerySchema>;
