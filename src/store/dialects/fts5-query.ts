/**
 * Translates a parsed tgscope query into an SQLite FTS5 `MATCH` expression over the `messages_fts`
 * columns `search_text` (the normalised tokens) and `source_tag` (`s<source row id>`).
 */
import type { SearchQuery, SearchTerm } from "../../domain/index.js";

/**
 * FTS5 expression for `query`, restricted to `sourceIds` when given. Tokens are letters and digits
 * only, so quoting each term as an FTS5 string can never produce a syntax error.
 */
export function fts5Match(query: SearchQuery, sourceIds?: number[]): string {
  let expression = query.include.map(anyOf).join(" AND ");
  if (query.exclude.length > 0) expression = `(${expression}) NOT ${anyOf(query.exclude)}`;
  const match = `search_text : (${expression})`;
  if (sourceIds === undefined) return match;
  return `${match} AND source_tag : (${sourceIds.map((id) => `"${sourceTag(id)}"`).join(" OR ")})`;
}

/** `source_tag` holds this prefix followed by the source row id, one token (`s12`). */
export const SOURCE_TAG_PREFIX = "s";

function sourceTag(sourceId: number): string {
  return `${SOURCE_TAG_PREFIX}${sourceId}`;
}

function anyOf(terms: SearchTerm[]): string {
  return terms.length === 1 ? phrase(terms[0]!) : `(${terms.map(phrase).join(" OR ")})`;
}

function phrase(term: SearchTerm): string {
  return `"${term.tokens.join(" ")}"${term.prefix ? "*" : ""}`;
}
