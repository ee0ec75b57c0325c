import { describe, expect, it } from "vitest";
import { SearchQuerySyntaxError } from "./errors.js";
import { parseSearchQuery, tokenize } from "./search-query.js";

describe("tokenize", () => {
  it("folds case and diacritics in every script", () => {
    expect(tokenize("Café CRÈME brûlée")).toEqual(["cafe", "creme", "brulee"]);
    expect(tokenize("Медуза — LIVE!")).toEqual(["медуза", "live"]);
    expect(tokenize("مَرْحَبًا بالعالم")).toEqual(["مرحبا", "بالعالم"]);
    expect(tokenize("#bitcoin @durov https://t.me/x")).toEqual(["bitcoin", "durov", "https", "t", "me", "x"]);
  });
});

describe("parseSearchQuery", () => {
  it("reads words, phrases, exclusions, OR and prefixes", () => {
    expect(parseSearchQuery('bitcoin "price drop" -scam eth* OR btc')).toEqual({
      include: [
        [{ tokens: ["bitcoin"], prefix: false }],
        [{ tokens: ["price", "drop"], prefix: false }],
        [
          { tokens: ["eth"], prefix: true },
          { tokens: ["btc"], prefix: false },
        ],
      ],
      exclude: [{ tokens: ["scam"], prefix: false }],
    });
  });

  it("treats an empty query as no text filter", () => {
    expect(parseSearchQuery("   ")).toEqual({ include: [], exclude: [] });
  });

  it.each([
    ['"unbalanced', /quote is not closed/],
    ["OR bitcoin", /OR needs a term/],
    ["bitcoin OR", /OR needs a term/],
    ["-scam", /at least one word/],
    ["bitcoin ???", /no letters or digits/],
    ['""', /phrase has no words/],
  ])("rejects %j", (query, reason) => {
    expect(() => parseSearchQuery(query)).toThrow(SearchQuerySyntaxError);
    expect(() => parseSearchQuery(query)).toThrow(reason);
  });
});
