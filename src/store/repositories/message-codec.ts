/**
 * Domain `Message`/`Media` ↔ table rows. Encoding is canonical (equal messages give equal column
 * values), so comparing encodings tells whether a re-seen message changed.
 */
import type { Insertable, Selectable } from "kysely";
import {
  type CollectedVia,
  type Media,
  type MediaKind,
  type Message,
  type MessageFacts,
} from "../../domain/index.js";
import { fromUnixSeconds, toUnixSeconds } from "../../lib/index.js";
import type { MediaRow, MessageEditRow, MessageRow } from "../database.js";
import { decodeJson, encodeJson, encodeOptionalJson } from "../json-codec.js";
import type { MessageEdit, StoredMessage } from "../store.js";

/** The columns a message observation determines (everything but ids and collection metadata). */
export type MessageValues = Omit<
  Insertable<MessageRow>,
  "id" | "source_id" | "collected_via" | "collected_at_ms" | "updated_at_ms" | "sort_key"
>;

/** A `messages` row as selected for reading (without the sort key and the search text). */
export type SelectedMessageRow = Omit<Selectable<MessageRow>, "sort_key" | "search_text">;

/** A `media` row without its ids. */
export type MediaValues = Omit<Insertable<MediaRow>, "id" | "message_row_id">;

/** Columns to select for {@link decodeMessage}; add `search_text` for {@link decodeFacts}. */
export const MESSAGE_COLUMNS = [
  "id", "source_id", "message_id", "date", "edit_date", "edited", "text", "entities", "views",
  "views_approximate", "forwards", "replies_count", "reactions", "post_author", "sender", "grouped_id",
  "reply_to", "forward", "via_bot", "service", "buttons", "media_kinds", "urls", "hashtags", "mentions",
  "content_hash", "collected_via", "collected_at_ms", "updated_at_ms", "deleted_at_ms",
] as const satisfies readonly (keyof SelectedMessageRow)[];

/** Column values of `message` with its derived `facts`. Dates lose sub-second precision (Telegram has none). */
export function encodeMessage(message: Message, facts: MessageFacts): MessageValues {
  return {
    message_id: message.messageId,
    date: toUnixSeconds(message.date),
    edit_date: message.editDate === undefined ? null : toUnixSeconds(message.editDate),
    edited: message.edited,
    text: message.text,
    entities: encodeJson(message.entities),
    views: message.views ?? null,
    views_approximate: message.viewsApproximate ?? null,
    forwards: message.forwards ?? null,
    replies_count: message.repliesCount ?? null,
    reactions: encodeJson(message.reactions),
    post_author: message.postAuthor ?? null,
    sender: encodeOptionalJson(message.sender),
    grouped_id: message.groupedId ?? null,
    reply_to: encodeOptionalJson(message.replyTo),
    forward: encodeOptionalJson(message.forward),
    via_bot: message.viaBot ?? null,
    service: encodeOptionalJson(message.service),
    buttons: encodeOptionalJson(message.buttons),
    media_kinds: message.media.length === 0 ? null : [...new Set(message.media.map((m) => m.kind))].join(","),
    urls: encodeJson(facts.urls),
    hashtags: encodeJson(facts.hashtags),
    mentions: encodeJson(facts.mentions),
    search_text: facts.searchText,
    content_hash: facts.contentHash,
    deleted_at_ms: message.deletedAt?.getTime() ?? null,
  };
}

/** The facts stored with a row (the inverse of the facts part of {@link encodeMessage}). */
export function decodeFacts(row: SelectedMessageRow & { search_text: string }): MessageFacts {
  return {
    urls: decodeStrings(row.urls),
    hashtags: decodeStrings(row.hashtags),
    mentions: decodeStrings(row.mentions),
    searchText: row.search_text,
    contentHash: row.content_hash,
  };
}

/** The stored message of `row` with its `media` (in position order) and its source's names. */
export function decodeMessage(
  row: SelectedMessageRow,
  media: Media[],
  source: { username: string | null; title: string | null },
): StoredMessage {
  const message: StoredMessage = {
    id: row.id,
    sourceId: row.source_id,
    messageId: row.message_id,
    date: fromUnixSeconds(Number(row.date)),
    edited: Boolean(row.edited),
    text: row.text,
    entities: decodeArray(row.entities),
    reactions: decodeArray(row.reactions),
    media,
    collectedAt: new Date(Number(row.collected_at_ms)),
    updatedAt: new Date(Number(row.updated_at_ms)),
    collectedVia: row.collected_via as CollectedVia,
    contentHash: row.content_hash,
    urls: decodeStrings(row.urls),
    hashtags: decodeStrings(row.hashtags),
    mentions: decodeStrings(row.mentions),
  };
  if (source.username !== null) message.sourceUsername = source.username;
  if (source.title !== null) message.sourceTitle = source.title;
  if (row.edit_date !== null) message.editDate = fromUnixSeconds(Number(row.edit_date));
  if (row.views !== null) message.views = row.views;
  if (row.views_approximate !== null) message.viewsApproximate = Boolean(row.views_approximate);
  if (row.forwards !== null) message.forwards = row.forwards;
  if (row.replies_count !== null) message.repliesCount = row.replies_count;
  if (row.post_author !== null) message.postAuthor = row.post_author;
  if (row.sender !== null) message.sender = decodeJson(row.sender);
  if (row.grouped_id !== null) message.groupedId = row.grouped_id;
  if (row.reply_to !== null) message.replyTo = decodeJson(row.reply_to);
  if (row.forward !== null) message.forward = decodeJson(row.forward);
  if (row.via_bot !== null) message.viaBot = row.via_bot;
  if (row.service !== null) message.service = decodeJson(row.service);
  if (row.buttons !== null) message.buttons = decodeJson(row.buttons);
  if (row.deleted_at_ms !== null) message.deletedAt = new Date(Number(row.deleted_at_ms));
  return message;
}

/** Column values of one media item at `position`. */
export function encodeMedia(media: Media, position: number): MediaValues {
  return {
    position,
    kind: media.kind,
    mime_type: media.mimeType ?? null,
    size_bytes: media.sizeBytes ?? null,
    width: media.width ?? null,
    height: media.height ?? null,
    duration_seconds: media.durationSeconds ?? null,
    file_name: media.fileName ?? null,
    title: media.title ?? null,
    performer: media.performer ?? null,
    url: media.url ?? null,
    emoji: media.emoji ?? null,
    too_big: media.tooBig ?? null,
    sha256: media.sha256 ?? null,
    local_path: media.localPath ?? null,
    poll: encodeOptionalJson(media.poll),
    webpage: encodeOptionalJson(media.webpage),
  };
}

/** The media item of a `media` row. */
export function decodeMedia(row: Selectable<MediaRow>): Media {
  const media: Media = { kind: row.kind as MediaKind };
  if (row.mime_type !== null) media.mimeType = row.mime_type;
  if (row.size_bytes !== null) media.sizeBytes = Number(row.size_bytes);
  if (row.width !== null) media.width = row.width;
  if (row.height !== null) media.height = row.height;
  if (row.duration_seconds !== null) media.durationSeconds = row.duration_seconds;
  if (row.file_name !== null) media.fileName = row.file_name;
  if (row.title !== null) media.title = row.title;
  if (row.performer !== null) media.performer = row.performer;
  if (row.url !== null) media.url = row.url;
  if (row.emoji !== null) media.emoji = row.emoji;
  if (row.too_big !== null) media.tooBig = Boolean(row.too_big);
  if (row.sha256 !== null) media.sha256 = row.sha256;
  if (row.local_path !== null) media.localPath = row.local_path;
  if (row.poll !== null) media.poll = decodeJson(row.poll);
  if (row.webpage !== null) media.webpage = decodeJson(row.webpage);
  return media;
}

function decodeArray<T>(text: string): T[] {
  return text === "[]" ? [] : decodeJson<T[]>(text);
}

function decodeStrings(text: string): string[] {
  return text === "[]" ? [] : (JSON.parse(text) as string[]);
}

/** The previous version of a message a `message_edits` row keeps. */
export function decodeMessageEdit(row: Selectable<MessageEditRow>): MessageEdit {
  const edit: MessageEdit = {
    text: row.text,
    entities: decodeArray(row.entities),
    contentHash: row.content_hash,
    replacedAt: new Date(Number(row.replaced_at_ms)),
  };
  if (row.edit_date !== null) edit.editDate = fromUnixSeconds(Number(row.edit_date));
  return edit;
}
