import { describe, expect, it } from "vitest";
import { InvalidChannelRefError } from "./errors.js";
import { normalizeUsername, parseChannelRef } from "./channel-ref.js";

describe("parseChannelRef", () => {
  it.each([
    ["durov", "durov"],
    ["@nexta", "nexta"],
    ["t.me/meduzalive", "meduzalive"],
    ["https://t.me/s/meduzalive", "meduzalive"],
    ["https://t.me/s/meduzalive?before=141878", "meduzalive"],
    ["http://telegram.me/ClashReport", "ClashReport"],
    ["  www.t.me/data_secrets/  ", "data_secrets"],
  ])("reads %s as @%s", (input, username) => {
    expect(parseChannelRef(input)).toEqual({ kind: "username", username });
  });

  it("keeps the post id of a post link", () => {
    expect(parseChannelRef("t.me/durov/123")).toEqual({ kind: "username", username: "durov", messageId: 123 });
    expect(parseChannelRef("https://t.me/s/durov/42")).toEqual({ kind: "username", username: "durov", messageId: 42 });
  });

  it("reads Bot-API peer ids", () => {
    expect(parseChannelRef("-1002447843635")).toEqual({ kind: "peer_id", peerId: -1002447843635n });
  });

  it("recognises private invite links", () => {
    expect(parseChannelRef("https://t.me/+AbCdEf123")).toEqual({ kind: "invite", hash: "AbCdEf123" });
    expect(parseChannelRef("t.me/joinchat/AbCdEf123")).toEqual({ kind: "invite", hash: "AbCdEf123" });
  });

  it.each(["", "ab", "1abc", "has space", "name_", "t.me/", "t.me/share/url", "@", "t.me/durov/abc", "https://example.com/durov", "x".repeat(33)])(
    "rejects %j with an actionable error",
    (input) => {
      expect(() => parseChannelRef(input)).toThrow(InvalidChannelRefError);
      expect(() => parseChannelRef(input)).toThrow(/username/);
    },
  );

  it("normalises usernames for lookups", () => {
    expect(normalizeUsername("@MeduzaLive")).toBe("meduzalive");
  });
});
