/**
 * The full-text query language of tgscope, shared by the CLI, the API and the dashboard.
 *
 * Syntax: words (all must match), `"exact phrases"`, `-word` / `-"phrase"` to exclude, `OR` between
 * two terms (either may match), `word*` for a prefix. Matching ignores case and diacritics.
 * Store dialects translate the parsed form into FTS5 `MATCH` or PostgreSQL `tsquery`.
 */
import { SearchQuerySyntaxError } from "./errors.js";

/** One term: a single word or a phrase of several words, each a token of letters/digits. */
export interface SearchTerm {
  /** Normalised tokens (lower case, diacritics removed). A word has one token, a phrase several. */
  tokens: string[];
  /** Trailing `*` on the last token: match it as a prefix. */
  prefix: boolean;
}

/** A parsed query: every group must match (AND); within a group any term may match (OR). */
export interface SearchQuery {
  /** Groups joined by AND; the terms inside a group are joined by OR. */
  include: SearchTerm[][];
  /** Terms that must not match. */
  exclude: SearchTerm[];
}

/**
 * Lower-cases, strips diacritics (NFKD, combining marks removed) and splits text into word tokens
 * (Unicode letters, digits and marks). The same rule the store's FTS tokenizers apply.
 */
export function tokenize(text: string): string[] {
  const tokens = normalizedText(text);
  return tokens === "" ? [] : tokens.split(" ");
}

/**
 * The tokens of {@link tokenize} joined by one space (`"Café CRÈME!"` → `"cafe creme"`), without the
 * intermediate array: what the full-text index stores for a message.
 *
 * One scan of the NFKD, lower-cased text: letters and digits extend a token, combining marks are
 * dropped without ending it, anything else ends it. Lower-casing before dropping marks gives the same
 * result as after (after NFKD no character lower-cases into a mark: U+0130 is decomposed), except
 * for a capital sigma, whose final form depends on the characters around it: text with one drops its
 * marks first.
 */
export function normalizedText(text: string): string {
  const decomposed = text.normalize("NFKD");
  const folded = (decomposed.includes("Σ") ? decomposed.replace(MARKS, "") : decomposed).toLowerCase();
  let out = "";
  let runStart = -1;
  let inToken = false;
  for (let i = 0; i < folded.length; ) {
    const code = folded.codePointAt(i)!;
    const kind = code < 0x80 ? ASCII_KINDS[code]! : charKind(code);
    if (kind === CharKind.Word) {
      if (runStart < 0) {
        if (!inToken && out !== "") out += " ";
        runStart = i;
        inToken = true;
      }
    } else {
      if (runStart >= 0) out += folded.slice(runStart, i);
      runStart = -1;
      if (kind === CharKind.Separator) inToken = false;
    }
    i += code > 0xffff ? 2 : 1;
  }
  return runStart >= 0 ? out + folded.slice(runStart) : out;
}

/** How {@link normalizedText} treats a character. */
const enum CharKind {
  Unknown = 0,
  /** A letter or digit (`\p{L}`, `\p{N}`): part of a token. */
  Word = 1,
  /** A combining mark (`\p{M}`): dropped, the token goes on. */
  Mark = 2,
  /** Anything else: ends the token. */
  Separator = 3,
}

const MARKS = /\p{M}+/gu;
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
const MARK_CHAR = /^\p{M}$/u;
/** Kinds of the Basic Multilingual Plane, filled as characters are met; ASCII up front. */
const BMP_KINDS = new Uint8Array(0x10000);
const ASCII_KINDS = BMP_KINDS.subarray(0, 0x80);
const ASTRAL_KINDS = new Map<number, CharKind>();
for (let code = 0; code < 0x80; code++) BMP_KINDS[code] = classify(code);

function charKind(code: number): CharKind {
  if (code <= 0xffff) {
    const known = BMP_KINDS[code]! as CharKind;
    if (known !== CharKind.Unknown) return known;
    return (BMP_KINDS[code] = classify(code));
  }
  let kind = ASTRAL_KINDS.get(code);
  if (kind === undefined) ASTRAL_KINDS.set(code, (kind = classify(code)));
  return kind;
}

function classify(code: number): CharKind {
  const char = String.fromCodePoint(code);
  if (WORD_CHAR.test(char)) return CharKind.Word;
  return MARK_CHAR.test(char) ? CharKind.Mark : CharKind.Separator;
}

type Lexeme = { kind: "term"; term: SearchTerm; negated: boolean } | { kind: "or" };

/**
 * Parses a query string.
 *
 * @returns the query; `include` is empty when the query has no positive term
 * @throws {SearchQuerySyntaxError} on an unbalanced quote, a dangling `OR`, a query with only
 *   exclusions, or a term without letters or digits
 */
export function parseSearchQuery(input: string): SearchQuery {
  const lexemes = lex(input);
  const include: SearchTerm[][] = [];
  const exclude: SearchTerm[] = [];
  let pendingOr = false;
  for (const lexeme of lexemes) {
    if (lexeme.kind === "or") {
      if (pendingOr || include.length === 0) throw new SearchQuerySyntaxError(input, "OR needs a term on each side");
      pendingOr = true;
      continue;
    }
    if (lexeme.negated) {
      if (pendingOr) throw new SearchQuerySyntaxError(input, "an excluded term cannot follow OR");
      exclude.push(lexeme.term);
    } else if (pendingOr) {
      include[include.length - 1]!.push(lexeme.term);
      pendingOr = false;
    } else {
      include.push([lexeme.term]);
    }
  }
  if (pendingOr) throw new SearchQuerySyntaxError(input, "OR needs a term on each side");
  if (include.length === 0 && exclude.length > 0) {
    throw new SearchQuerySyntaxError(input, "a query needs at least one word to look for besides the excluded ones");
  }
  return { include, exclude };
}

function lex(input: string): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const negated = ch === "-";
    if (negated) i++;
    if (input[i] === '"') {
      const end = input.indexOf('"', i + 1);
      if (end < 0) throw new SearchQuerySyntaxError(input, "a quote is not closed");
      const tokens = tokenize(input.slice(i + 1, end));
      if (tokens.length === 0) throw new SearchQuerySyntaxError(input, "a phrase has no words");
      i = end + 1;
      const prefix = input[i] === "*";
      if (prefix) i++;
      out.push({ kind: "term", term: { tokens, prefix }, negated });
      continue;
    }
    let end = i;
    while (end < input.length && !/\s/.test(input[end]!) && input[end] !== '"') end++;
    const word = input.slice(i, end);
    i = end;
    if (!negated && word === "OR") {
      out.push({ kind: "or" });
      continue;
    }
    const prefix = word.endsWith("*");
    const tokens = tokenize(prefix ? word.slice(0, -1) : word);
    if (tokens.length === 0) {
      if (word === "" && negated) throw new SearchQuerySyntaxError(input, "'-' must be followed by a word");
      throw new SearchQuerySyntaxError(input, `"${word}" has no letters or digits`);
    }
    // "e-mail" or "u.s.a" → a phrase of its tokens, as the index splits it
    out.push({ kind: "term", term: { tokens, prefix }, negated });
  }
  return out;
}
