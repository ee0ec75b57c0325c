/**
 * Facts derived from a message for search and analysis: URLs, hashtags, mentions, a searchable
 * token string, and a content hash that changes only when the content (not counters) changes.
 */
import { hash } from "node:crypto";
import type { Message } from "./message.js";
import { normalizedText } from "./search-query.js";

/** Derived facts of one message. */
export interface MessageFacts {
  /** Distinct URLs from `url`/`text_link` entities, link previews and plain text, in order of appearance. */
  urls: string[];
  /** Distinct hashtags without `#`, lower case. */
  hashtags: string[];
  /** Distinct mentioned usernames without `@`, lower case. */
  mentions: string[];
  /** Text, link preview title/description and poll text as normalised tokens joined by spaces (what the FTS index holds). */
  searchText: string;
  /** Hex SHA-256 over the content (text, entities, media, forward/reply headers, service action); not counters. */
  contentHash: string;
}

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'«»]+[^\s<>"'«».,;:!?)\]]/giu;
const HASHTAG = /(?:^|[^\p{L}\p{N}_])#([\p{L}\p{N}_]{1,64})/gu;
const MENTION = /(?:^|[^\p{L}\p{N}_@])@([A-Za-z][A-Za-z0-9_]{3,31})\b/gu;

/** Computes {@link MessageFacts} for a message. Pure; the same input always gives the same output. */
export function messageFacts(message: Message): MessageFacts {
  const urls = new Set<string>();
  for (const e of message.entities) if (e.url) urls.add(e.url);
  // Each pattern is tried at every position: skip it when the text cannot match.
  if (message.text.includes("://")) for (const m of message.text.matchAll(URL_IN_TEXT)) urls.add(m[0]);
  for (const media of message.media) if (media.webpage?.url) urls.add(media.webpage.url);
  const hashtags = new Set<string>();
  if (message.text.includes("#")) for (const m of message.text.matchAll(HASHTAG)) hashtags.add(m[1]!.toLowerCase());
  const mentions = new Set<string>();
  if (message.text.includes("@")) for (const m of message.text.matchAll(MENTION)) mentions.add(m[1]!.toLowerCase());
  const searchable = [message.text];
  for (const media of message.media) {
    if (media.webpage) searchable.push(media.webpage.title ?? "", media.webpage.description ?? "");
    if (media.poll) searchable.push(media.poll.question, ...media.poll.options.map((o) => o.text));
    if (media.title) searchable.push(media.title);
  }
  if (message.service?.text) searchable.push(message.service.text);
  return {
    urls: [...urls],
    hashtags: [...hashtags],
    mentions: [...mentions],
    searchText: normalizedText(searchable.join("\n")),
    contentHash: contentHash(message),
  };
}

function contentHash(message: Message): string {
  const content = {
    text: message.text,
    entities: message.entities,
    media: message.media.map(({ sha256: _s, localPath: _l, url: _u, ...rest }) => rest),
    forward: message.forward,
    replyTo: message.replyTo,
    service: message.service,
    postAuthor: message.postAuthor,
    viaBot: message.viaBot,
  };
  return hash("sha256", JSON.stringify(content, bigintReplacer), "hex");
}

/** `JSON.stringify` replacer that writes bigints as decimal strings. */
function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}
