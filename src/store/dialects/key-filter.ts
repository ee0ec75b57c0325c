/**
 * The dialect-agnostic part of a key query: source, sort-key range, order and page size over the
 * `messages` table.
 */
import type { Expression, Kysely, SqlBool } from "kysely";
import type { SearchQuery } from "../../domain/index.js";
import type { Database } from "../database.js";
import type { KeyFilter, KeysQuery } from "./store-dialect.js";

/** True when `text` has at least one term to look for. */
export function hasTerms(text: SearchQuery | undefined): text is SearchQuery {
  return text !== undefined && text.include.length > 0;
}

/**
 * Row ids of `messages` rows within `filter`'s sources and range, ordered and limited, optionally
 * narrowed by a dialect's full-text condition.
 */
export function selectMessageKeys(db: Kysely<Database>, filter: KeyFilter, textCondition?: Expression<SqlBool>): KeysQuery {
  let query = db.selectFrom("messages").select("id");
  if (filter.sourceIds !== undefined) query = query.where("source_id", "in", filter.sourceIds);
  if (filter.fromKey !== undefined) query = query.where("sort_key", ">=", filter.fromKey);
  if (filter.toKey !== undefined) query = query.where("sort_key", "<", filter.toKey);
  if (textCondition !== undefined) query = query.where(textCondition);
  if (filter.order !== undefined) query = query.orderBy("sort_key", filter.order);
  if (filter.limit !== undefined) query = query.limit(filter.limit);
  return query.as("hit");
}
