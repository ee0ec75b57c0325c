/**
 * Message text of a Desktop `result.json`: `text` (a string, or an array mixing strings and typed
 * parts) and `text_entities` (the same parts, all typed), turned into plain text and
 * {@link TextEntity}s with UTF-16 offsets.
 */
import type { TextEntity, TextEntityType } from "../../domain/index.js";
import { asBigInt, asObject, asString } from "./json-values.js";

/** Desktop's part types (`export_output_json.cpp`, `SerializeText`) → our entity types; `plain` has none. */
const ENTITY_TYPES: Record<string, TextEntityType> = {
  mention: "mention",
  mention_name: "mention_name",
  hashtag: "hashtag",
  cashtag: "cashtag",
  bot_command: "bot_command",
  link: "url",
  email: "email",
  phone: "phone",
  bold: "bold",
  italic: "italic",
  underline: "underline",
  strikethrough: "strikethrough",
  spoiler: "spoiler",
  code: "code",
  pre: "pre",
  text_link: "text_link",
  blockquote: "blockquote",
  custom_emoji: "custom_emoji",
  bank_card: "bank_card",
};

/** Plain text and its entities. */
export interface ExportText {
  text: string;
  entities: TextEntity[];
}

/**
 * Builds text and entities by concatenating the parts in order; each typed part becomes one entity
 * whose offset is the UTF-16 length of the text before it.
 *
 * Uses `text_entities` when present, else the `text` array of old exports (strings are plain parts).
 * Part types Desktop may add later become `other`.
 */
export function textFromJson(text: unknown, textEntities: unknown): ExportText {
  const parts = Array.isArray(textEntities) ? textEntities : Array.isArray(text) ? text : [text];
  let plain = "";
  const entities: TextEntity[] = [];
  for (const part of parts) {
    if (typeof part === "string") {
      plain += part;
      continue;
    }
    const object = asObject(part);
    const partText = asString(object?.text) ?? "";
    const type = asString(object?.type) ?? "plain";
    if (object && type !== "plain" && partText.length > 0) {
      entities.push(entityFromPart(object, type, plain.length, partText));
    }
    plain += partText;
  }
  return { text: plain, entities };
}

function entityFromPart(part: Record<string, unknown>, type: string, offset: number, text: string): TextEntity {
  const entity: TextEntity = { type: ENTITY_TYPES[type] ?? "other", offset, length: text.length };
  if (type === "link") entity.url = text;
  const href = asString(part.href);
  if (type === "text_link" && href !== undefined) entity.url = href;
  const userId = asBigInt(part.user_id);
  if (type === "mention_name" && userId !== undefined) entity.userId = userId;
  const documentId = asString(part.document_id);
  if (type === "custom_emoji" && documentId !== undefined) entity.customEmojiId = documentId;
  const language = asString(part.language);
  if (type === "pre" && language) entity.language = language;
  return entity;
}
