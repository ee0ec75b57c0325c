/**
 * Translates a parsed tgscope query into PostgreSQL `tsquery` text for `to_tsquery('simple', …)`:
 * phrases `<->`, prefixes `:*`, OR `|`, AND `&`, NOT `!`.
 */
import type { SearchQuery, SearchTerm } from "../../domain/index.js";

/** `tsquery` text for `query`. Tokens are letters and digits only, so quoting them is always valid. */
export function tsqueryText(query: SearchQuery): string {
  const include = query.include.map(anyOf).join(" & ");
  return query.exclude.length === 0 ? include : `${include} & !${anyOf(query.exclude)}`;
}

function anyOf(terms: SearchTerm[]): string {
  return `(${terms.map(phrase).join(" | ")})`;
}

function phrase(term: SearchTerm): string {
  const last = term.tokens.length - 1;
  return `(${term.tokens.map((token, i) => `'${token}'${term.prefix && i === last ? ":*" : ""}`).join(" <-> ")})`;
}
