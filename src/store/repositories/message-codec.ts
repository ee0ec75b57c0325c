/**
 * Domain `Message`/`Media` ↔ table rows. Encoding is canonical (equal messages give equal column
 * values), so comparing encodings tells whether a re-seen message changed.
 */
import type { Insertable, Selectable } from "kysely";
import {
  type CollectedVia,
  type Media,
  type Message,
  type MessageFacts,
} from "../../domain/index.js";
import { fromUnixSeconds, toUnixSeconds } from "../../lib/index.js";
import type { MessageEditRow, MessageRow } from "../database.js";
import { decodeJson, encodeJson, encodeOptionalJson } from "../json-codec.js";
import { sortKey } from "../sort-key.js";
import type { MessageEdit, StoredMessage } from "../store.js";
import { cellReader, type Cells } from "./cells.js";

/** The columns a message observation determines (everything but ids and collection metadata). */
export type MessageValues = Omit<
  Insertable<MessageRow>,
  "id" | "source_id" | "collected_via" | "collected_at_ms" | "updated_at_ms" | "sort_key"
>;

/** A `messages` row as selected for reading (without the sort key and the search text). */
export type SelectedMessageRow = Omit<Selectable<MessageRow>, "sort_key" | "search_text">;

/** Columns to select for {@link decodeMessage}, in this order. */
export const MESSAGE_COLUMNS = [
  "id", "source_id", "message_id", "date", "edit_date", "edited", "text", "entities", "views",
  "views_approximate", "forwards", "replies_count", "reactions", "post_author", "sender", "grouped_id",
  "reply_to", "comment_to", "forward", "via_bot", "service", "buttons", "media_kinds", "urls", "hashtags", "mentions",
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
    comment_to: encodeOptionalJson(message.commentTo),
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

/** A message row selected with {@link MESSAGE_COLUMNS} (then any extra columns), as values in select order. */
export type MessageCells = Cells;

const cell = cellReader<SelectedMessageRow, typeof MESSAGE_COLUMNS>(MESSAGE_COLUMNS);

/** Index of the first column selected after {@link MESSAGE_COLUMNS}. */
export const EXTRA_COLUMN = MESSAGE_COLUMNS.length;

/**
 * The facts stored with a row (the inverse of the facts part of {@link encodeMessage}).
 *
 * @param searchText - the row's `search_text`
 */
export function decodeFacts(cells: MessageCells, searchText: string): MessageFacts {
  return {
    urls: decodeStrings(cell(cells, "urls")),
    hashtags: decodeStrings(cell(cells, "hashtags")),
    mentions: decodeStrings(cell(cells, "mentions")),
    searchText,
    contentHash: cell(cells, "content_hash"),
  };
}

/** The stored message of a row with its `media` (in position order) and its source's names and peer id. */
export function decodeMessage(
  cells: MessageCells,
  media: Media[],
  source: { username: string | null; title: string | null; peerId: bigint | number | string | null },
): StoredMessage {
  const message: StoredMessage = {
    id: cell(cells, "id"),
    sourceId: cell(cells, "source_id"),
    messageId: cell(cells, "message_id"),
    date: fromUnixSeconds(Number(cell(cells, "date"))),
    edited: Boolean(cell(cells, "edited")),
    text: cell(cells, "text"),
    entities: decodeArray(cell(cells, "entities")),
    reactions: decodeArray(cell(cells, "reactions")),
    media,
    collectedAt: new Date(Number(cell(cells, "collected_at_ms"))),
    updatedAt: new Date(Number(cell(cells, "updated_at_ms"))),
    collectedVia: cell(cells, "collected_via") as CollectedVia,
    contentHash: cell(cells, "content_hash"),
    urls: decodeStrings(cell(cells, "urls")),
    hashtags: decodeStrings(cell(cells, "hashtags")),
    mentions: decodeStrings(cell(cells, "mentions")),
  };
  if (source.username !== null) message.sourceUsername = source.username;
  if (source.title !== null) message.sourceTitle = source.title;
  if (source.peerId !== null) message.sourcePeerId = BigInt(source.peerId);
  const editDate = cell(cells, "edit_date");
  if (editDate !== null) message.editDate = fromUnixSeconds(Number(editDate));
  const views = cell(cells, "views");
  if (views !== null) message.views = views;
  const viewsApproximate = cell(cells, "views_approximate");
  if (viewsApproximate !== null) message.viewsApproximate = Boolean(viewsApproximate);
  const forwards = cell(cells, "forwards");
  if (forwards !== null) message.forwards = forwards;
  const repliesCount = cell(cells, "replies_count");
  if (repliesCount !== null) message.repliesCount = repliesCount;
  const postAuthor = cell(cells, "post_author");
  if (postAuthor !== null) message.postAuthor = postAuthor;
  const sender = cell(cells, "sender");
  if (sender !== null) message.sender = decodeJson(sender);
  const groupedId = cell(cells, "grouped_id");
  if (groupedId !== null) message.groupedId = groupedId;
  const replyTo = cell(cells, "reply_to");
  if (replyTo !== null) message.replyTo = decodeJson(replyTo);
  const commentTo = cell(cells, "comment_to");
  if (commentTo !== null) message.commentTo = decodeJson(commentTo);
  const forward = cell(cells, "forward");
  if (forward !== null) message.forward = decodeJson(forward);
  const viaBot = cell(cells, "via_bot");
  if (viaBot !== null) message.viaBot = viaBot;
  const service = cell(cells, "service");
  if (service !== null) message.service = decodeJson(service);
  const buttons = cell(cells, "buttons");
  if (buttons !== null) message.buttons = decodeJson(buttons);
  const deletedAt = cell(cells, "deleted_at_ms");
  if (deletedAt !== null) message.deletedAt = new Date(Number(deletedAt));
  return message;
}

/** Whether the row has media rows (its `media_kinds` is set). */
export function hasMedia(cells: MessageCells): boolean {
  return cell(cells, "media_kinds") !== null;
}

/** Row id of a row selected with {@link MESSAGE_COLUMNS}. */
export function rowId(cells: MessageCells): number {
  return cell(cells, "id");
}

/** Sort key (`sort-key.ts`) of a row selected with {@link MESSAGE_COLUMNS}. */
export function rowSortKey(cells: MessageCells): bigint {
  return sortKey(Number(cell(cells, "date")), cell(cells, "id"));
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
