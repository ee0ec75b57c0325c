import { describe, expect, it } from "vitest";
import type { Message } from "./message.js";
import { messageFacts } from "./message-facts.js";

const base: Message = {
  messageId: 1,
  date: new Date("2026-05-05T12:54:00Z"),
  edited: false,
  text: "",
  entities: [],
  reactions: [],
  media: [],
};

describe("messageFacts", () => {
  it("extracts links, hashtags and mentions once each", () => {
    const facts = messageFacts({
      ...base,
      text: "Read https://meduza.io/news/1. #Новости #новости via @meduzalive and @MeduzaLive, mail a@b.cd",
      entities: [{ type: "text_link", offset: 0, length: 4, url: "https://example.org/a" }],
      media: [{ kind: "webpage", webpage: { url: "https://meduza.io/news/1", title: "Заголовок" } }],
    });
    expect(facts.urls).toEqual(["https://example.org/a", "https://meduza.io/news/1"]);
    expect(facts.hashtags).toEqual(["новости"]);
    expect(facts.mentions).toEqual(["meduzalive"]);
    expect(facts.searchText).toContain("заголовок");
  });

  it("hashes content but not counters", () => {
    const a = messageFacts({ ...base, text: "hello", views: 10, reactions: [{ emoji: "👍", count: 1 }] });
    const b = messageFacts({ ...base, text: "hello", views: 99, reactions: [{ emoji: "👍", count: 5 }] });
    const c = messageFacts({ ...base, text: "hello!" });
    expect(a.contentHash).toBe(b.contentHash);
    expect(a.contentHash).not.toBe(c.contentHash);
    expect(a.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("indexes poll and link preview text", () => {
    const facts = messageFacts({
      ...base,
      media: [{ kind: "poll", poll: { question: "Who wins?", options: [{ text: "Chiefs" }, { text: "Eagles" }] } }],
    });
    expect(facts.searchText).toBe("who wins chiefs eagles");
  });
});
