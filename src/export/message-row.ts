/**
 * The one flat shape of an archived message that leaves tgscope: `tgscope search --json`, the JSONL,
 * CSV and TSV exports and the API all use {@link MessageRow} and its column order
 * {@link MESSAGE_COLUMNS}.
 */
import type { Reaction } from "../domain/index.js";
import type { StoredMessage } from "../store/index.js";

/**
 * An archived message as one flat record with snake_case field names (like 4CAT's and Telethon
 * exporters' columns). Ready for `JSON.stringify`: bigints (peer ids) are decimal strings, dates are
 * ISO 8601 UTC strings to the second without milliseconds (`2026-05-05T12:54:00Z`; Telegram dates are
 * whole seconds), and values the source did not show are `null`.
 */
export interface MessageRow {
  /** The source's username, else its title, else its peer id, else `#<row id>` of the source. */
  source: string;
  /** Telegram message id within the source. */
  message_id: number;
  /** When the message was sent, `YYYY-MM-DDTHH:MM:SSZ`. */
  date: string;
  /** Plain text or caption; `""` for media without caption and service messages. */
  text: string;
  /** View counter (channels), `null` when not seen. */
  views: number | null;
  /** Where a forward comes from: the original channel's username, else the sender name, else its peer id; `null` if not a forward. */
  forwarded_from: string | null;
  /** Public link `https://t.me/<username>/<message_id>`; `null` when the source has no username. */
  url: string | null;
  /** The source's main username without `@`. */
  source_username: string | null;
  /** The source's title (channel/group) or name (user). */
  source_title: string | null;
  /** The source's Bot-API peer id (`-100…` for channels) as a decimal string. */
  source_peer_id: string | null;
  /** Last edit date, `YYYY-MM-DDTHH:MM:SSZ`. */
  edit_date: string | null;
  /** The message was edited (also when the edit date is unknown, as on the web preview). */
  edited: boolean;
  /** When tgscope noticed the message is no longer on Telegram. */
  deleted_at: string | null;
  /** `views` was read from a rounded form such as `1.2K`; `null` when `views` is. */
  views_approximate: boolean | null;
  /** Forward counter. */
  forwards: number | null;
  /** Number of replies/comments. */
  replies: number | null;
  /**
   * Reaction → count. Keys: the emoji for standard reactions, `custom:<document id>` for custom emoji,
   * `paid` for paid reactions (count = Telegram Stars).
   */
  reactions: Record<string, number>;
  /** Sum of the reaction counts except paid reactions (stars are not people). */
  reactions_total: number;
  /** Post author signature (channels with signatures). */
  post_author: string | null;
  /** Bot-API peer id of the sender in groups, decimal string. */
  sender_id: string | null;
  sender_name: string | null;
  sender_username: string | null;
  /** Album id shared by all messages of an album. */
  grouped_id: string | null;
  /** Id of the message replied to. */
  reply_to_message_id: number | null;
  /** Top message of the thread (forum topic or comment thread). */
  reply_to_thread_top_id: number | null;
  /** For a comment in a discussion group: Bot-API peer id of the channel whose post it comments on, decimal string. */
  comment_to_peer_id: string | null;
  /** For a comment: id of the channel post it comments on. */
  comment_to_message_id: number | null;
  /** Bot-API peer id of the forward's origin, decimal string. */
  forwarded_from_id: string | null;
  /** Id of the original post in the forward's origin. */
  forwarded_message_id: number | null;
  /** Date of the original message, `YYYY-MM-DDTHH:MM:SSZ`. */
  forwarded_date: string | null;
  /** Username of the inline bot the message was sent via. */
  via_bot: string | null;
  /** Kind of each media item in order (`photo`, `video`, `webpage`, …); one entry per item. */
  media_kinds: string[];
  media_count: number;
  has_media: boolean;
  /** Distinct URLs of the text, its links and link previews. */
  urls: string[];
  /** Distinct hashtags, lower case, without `#`. */
  hashtags: string[];
  /** Distinct mentioned usernames, lower case, without `@`. */
  mentions: string[];
  /** Service action type (`pin_message`, `chat_create`, …) of a service message. */
  service_action: string | null;
  /** How the message was collected: `mtproto`, `web` or `export`. */
  collected_via: string;
  /** When tgscope first stored the message, `YYYY-MM-DDTHH:MM:SSZ`. */
  collected_at: string;
  /** Hex SHA-256 of the content (changes on edits, not on counters). */
  content_hash: string;
}

/** The columns of a {@link MessageRow}, in the order of exported files. */
export const MESSAGE_COLUMNS = [
  "source",
  "message_id",
  "date",
  "text",
  "views",
  "forwarded_from",
  "url",
  "source_username",
  "source_title",
  "source_peer_id",
  "edit_date",
  "edited",
  "deleted_at",
  "views_approximate",
  "forwards",
  "replies",
  "reactions",
  "reactions_total",
  "post_author",
  "sender_id",
  "sender_name",
  "sender_username",
  "grouped_id",
  "reply_to_message_id",
  "reply_to_thread_top_id",
  "comment_to_peer_id",
  "comment_to_message_id",
  "forwarded_from_id",
  "forwarded_message_id",
  "forwarded_date",
  "via_bot",
  "media_kinds",
  "media_count",
  "has_media",
  "urls",
  "hashtags",
  "mentions",
  "service_action",
  "collected_via",
  "collected_at",
  "content_hash",
] as const satisfies readonly (keyof MessageRow)[];

/** A column name of {@link MessageRow}. */
export type MessageColumn = (typeof MESSAGE_COLUMNS)[number];

/**
 * Flattens an archived message into a {@link MessageRow}. Pure and cheap (no I/O); called once per
 * exported row.
 *
 * @throws {RangeError} when a date of the message is invalid
 */
export function toMessageRow(message: StoredMessage): MessageRow {
  const { forward, replyTo, sender, media } = message;
  const username = message.sourceUsername ?? null;
  const peerId = message.sourcePeerId === undefined ? null : message.sourcePeerId.toString();
  const reactions = reactionCounts(message.reactions);
  return {
    source: username ?? message.sourceTitle ?? peerId ?? `#${message.sourceId}`,
    message_id: message.messageId,
    date: isoSeconds(message.date),
    text: message.text,
    views: message.views ?? null,
    forwarded_from: forward ? (forward.fromUsername ?? forward.fromName ?? forward.fromPeerId?.toString() ?? null) : null,
    url: username === null ? null : `https://t.me/${username}/${message.messageId}`,
    source_username: username,
    source_title: message.sourceTitle ?? null,
    source_peer_id: peerId,
    edit_date: optionalIsoSeconds(message.editDate),
    edited: message.edited,
    deleted_at: optionalIsoSeconds(message.deletedAt),
    views_approximate: message.views === undefined ? null : message.viewsApproximate === true,
    forwards: message.forwards ?? null,
    replies: message.repliesCount ?? null,
    reactions: reactions.counts,
    reactions_total: reactions.total,
    post_author: message.postAuthor ?? null,
    sender_id: sender?.peerId?.toString() ?? null,
    sender_name: sender?.name ?? null,
    sender_username: sender?.username ?? null,
    grouped_id: message.groupedId ?? null,
    reply_to_message_id: replyTo?.messageId ?? null,
    reply_to_thread_top_id: replyTo?.threadTopId ?? null,
    comment_to_peer_id: message.commentTo?.peerId.toString() ?? null,
    comment_to_message_id: message.commentTo?.messageId ?? null,
    forwarded_from_id: forward?.fromPeerId?.toString() ?? null,
    forwarded_message_id: forward?.originalPostId ?? null,
    forwarded_date: optionalIsoSeconds(forward?.originalDate),
    via_bot: message.viaBot ?? null,
    media_kinds: media.map((m) => m.kind),
    media_count: media.length,
    has_media: media.length > 0,
    urls: message.urls,
    hashtags: message.hashtags,
    mentions: message.mentions,
    service_action: message.service?.type ?? null,
    collected_via: message.collectedVia,
    collected_at: isoSeconds(message.collectedAt),
    content_hash: message.contentHash,
  };
}

/** Key of a reaction in {@link MessageRow.reactions}. */
function reactionKey(reaction: Reaction): string {
  if (reaction.paid) return "paid";
  if (reaction.emoji !== undefined) return reaction.emoji;
  if (reaction.customEmojiId !== undefined) return `custom:${reaction.customEmojiId}`;
  return "other";
}

function reactionCounts(reactions: readonly Reaction[]): { counts: Record<string, number>; total: number } {
  const counts: Record<string, number> = {};
  let total = 0;
  for (const reaction of reactions) {
    const key = reactionKey(reaction);
    counts[key] = (counts[key] ?? 0) + reaction.count;
    if (!reaction.paid) total += reaction.count;
  }
  return { counts, total };
}

/** The last instant {@link isoSeconds} formatted (unix ms) and its text: `collected_at` repeats row after row. */
let lastIso = { timeMs: Number.NaN, text: "" };

/** `2026-05-05T12:54:00Z`: ISO 8601 UTC to the second. */
function isoSeconds(date: Date): string {
  const timeMs = date.getTime();
  if (timeMs === lastIso.timeMs) return lastIso.text;
  const text = `${date.toISOString().slice(0, 19)}Z`;
  lastIso = { timeMs, text };
  return text;
}

function optionalIsoSeconds(date: Date | undefined): string | null {
  return date === undefined ? null : isoSeconds(date);
}
