/**
 * MTProto `Message` → domain {@link Message}, every field tgscope keeps.
 * Source: `message` and `messageService` objects of `messages.getHistory`, `channels.getMessages`,
 * `messages.getReplies` and updates; the answer's `chats`/`users` name the peers they refer to.
 */
import type { tl } from "@mtcute/node";
import type { ForwardHeader, Message, Reaction, ReplyHeader, ServiceAction, TextEntity, TextEntityType } from "../../domain/index.js";
import { fromUnixSeconds } from "../../lib/index.js";
import { convertMedia } from "./media-converter.js";
import { botApiPeerId, type PeerDirectory } from "./peer-ids.js";

/**
 * Converts one message. `messageEmpty` (a deleted or inaccessible id) gives `undefined`.
 *
 * @param peers - names and usernames of the chats and users of the same answer
 */
export function convertMessage(raw: tl.TypeMessage, peers: PeerDirectory): Message | undefined {
  if (raw._ === "messageEmpty") return undefined;
  const message: Message = {
    messageId: raw.id,
    date: fromUnixSeconds(raw.date),
    edited: false,
    text: raw._ === "message" ? raw.message : "",
    entities: raw._ === "message" ? convertEntities(raw.entities) : [],
    reactions: convertReactions(raw.reactions),
    media: raw._ === "message" ? convertMedia(raw.media) : [],
  };
  if (raw.fromId !== undefined && !raw.post) {
    const peerId = botApiPeerId(raw.fromId);
    message.sender = withoutUndefined({ peerId, name: peers.name(peerId), username: peers.username(peerId) });
  }
  if (raw.replyTo?._ === "messageReplyHeader") message.replyTo = convertReplyHeader(raw.replyTo);
  if (raw._ === "messageService") {
    message.service = convertAction(raw.action);
    return message;
  }
  if (raw.editDate !== undefined && !raw.editHide) {
    message.edited = true;
    message.editDate = fromUnixSeconds(raw.editDate);
  }
  if (raw.views !== undefined) message.views = raw.views;
  if (raw.forwards !== undefined) message.forwards = raw.forwards;
  if (raw.replies !== undefined) message.repliesCount = raw.replies.replies;
  if (raw.postAuthor !== undefined) message.postAuthor = raw.postAuthor;
  if (raw.groupedId !== undefined) message.groupedId = raw.groupedId.toString();
  if (raw.fwdFrom !== undefined) message.forward = convertForwardHeader(raw.fwdFrom, peers);
  if (raw.viaBotId !== undefined) {
    const username = peers.username(BigInt(raw.viaBotId));
    if (username !== undefined) message.viaBot = username;
  }
  const buttons = convertButtons(raw.replyMarkup);
  if (buttons.length > 0) message.buttons = buttons;
  return message;
}

/**
 * The forward header. Its origin is `from_id` (the source channel or user) with `channel_post` (the
 * original post id) — not `saved_from_peer`/`saved_from_msg_id`, which only Saved Messages set.
 */
function convertForwardHeader(header: tl.TypeMessageFwdHeader, peers: PeerDirectory): ForwardHeader {
  const forward: ForwardHeader = { originalDate: fromUnixSeconds(header.date) };
  if (header.fromId !== undefined) {
    const peerId = botApiPeerId(header.fromId);
    forward.fromPeerId = peerId;
    const username = peers.username(peerId);
    if (username !== undefined) forward.fromUsername = username;
    const name = header.fromName ?? peers.name(peerId);
    if (name !== undefined) forward.fromName = name;
  } else if (header.fromName !== undefined) {
    forward.fromName = header.fromName;
  }
  if (header.channelPost !== undefined) forward.originalPostId = header.channelPost;
  if (header.postAuthor !== undefined) forward.postAuthor = header.postAuthor;
  return forward;
}

/** Reply header; in a forum, a message posted straight into a topic replies to the topic's first message. */
function convertReplyHeader(header: tl.RawMessageReplyHeader): ReplyHeader {
  const reply: ReplyHeader = {};
  if (header.replyToMsgId !== undefined) reply.messageId = header.replyToMsgId;
  const threadTopId = header.replyToTopId ?? (header.forumTopic ? header.replyToMsgId : undefined);
  if (threadTopId !== undefined) reply.threadTopId = threadTopId;
  if (header.replyToPeerId !== undefined) reply.peerId = botApiPeerId(header.replyToPeerId);
  if (header.quoteText !== undefined) reply.quoteText = header.quoteText;
  if (header.replyFrom?.fromName !== undefined) reply.authorName = header.replyFrom.fromName;
  return reply;
}

const ENTITY_TYPES: Partial<Record<tl.TypeMessageEntity["_"], TextEntityType>> = {
  messageEntityMention: "mention",
  messageEntityMentionName: "mention_name",
  inputMessageEntityMentionName: "mention_name",
  messageEntityHashtag: "hashtag",
  messageEntityCashtag: "cashtag",
  messageEntityBotCommand: "bot_command",
  messageEntityUrl: "url",
  messageEntityEmail: "email",
  messageEntityPhone: "phone",
  messageEntityBold: "bold",
  messageEntityItalic: "italic",
  messageEntityUnderline: "underline",
  messageEntityStrike: "strikethrough",
  messageEntitySpoiler: "spoiler",
  messageEntityCode: "code",
  messageEntityPre: "pre",
  messageEntityTextUrl: "text_link",
  messageEntityBlockquote: "blockquote",
  messageEntityCustomEmoji: "custom_emoji",
  messageEntityBankCard: "bank_card",
};

/** Text entities (offsets and lengths in UTF-16 code units, as Telegram counts). */
export function convertEntities(entities: readonly tl.TypeMessageEntity[] | undefined): TextEntity[] {
  return (entities ?? []).map((entity) => {
    const out: TextEntity = { type: ENTITY_TYPES[entity._] ?? "other", offset: entity.offset, length: entity.length };
    if (entity._ === "messageEntityTextUrl") out.url = entity.url;
    if (entity._ === "messageEntityMentionName") out.userId = BigInt(entity.userId);
    if (entity._ === "messageEntityCustomEmoji") out.customEmojiId = entity.documentId.toString();
    if (entity._ === "messageEntityPre" && entity.language) out.language = entity.language;
    return out;
  });
}

function convertReactions(reactions: tl.TypeMessageReactions | undefined): Reaction[] {
  const out: Reaction[] = [];
  for (const { reaction, count } of reactions?.results ?? []) {
    if (reaction._ === "reactionEmoji") out.push({ emoji: reaction.emoticon, count });
    else if (reaction._ === "reactionCustomEmoji") out.push({ customEmojiId: reaction.documentId.toString(), count });
    else if (reaction._ === "reactionPaid") out.push({ paid: true, count });
  }
  return out;
}

function convertButtons(markup: tl.TypeReplyMarkup | undefined): { text: string; url?: string }[] {
  if (markup?._ !== "replyInlineMarkup") return [];
  return markup.rows.flatMap((row) =>
    row.buttons.map((button) => ("url" in button && typeof button.url === "string" ? { text: button.text, url: button.url } : { text: button.text })),
  );
}

/** `messageActionPinMessage` → `{ type: "pin_message" }`, other fields kept as snake_case details. */
function convertAction(action: tl.TypeMessageAction): ServiceAction {
  const type = snakeCase(action._.replace(/^messageAction/, ""));
  const details: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(action)) {
    if (key === "_") continue;
    const detail = detailValue(value);
    if (detail !== undefined) details[key === "duration" ? "duration_seconds" : snakeCase(key)] = detail;
  }
  return Object.keys(details).length === 0 ? { type } : { type, details };
}

/** A JSON-safe value of an action field: scalars, id lists, `Long`s as strings, TL enums by name. */
function detailValue(value: unknown): unknown {
  if (value === null || value === undefined || value instanceof Uint8Array) return undefined;
  if (typeof value !== "object") return value;
  if (Array.isArray(value)) return value.every((v) => typeof v !== "object") ? value : undefined;
  const tag = (value as { _?: unknown })._;
  if (typeof tag === "string") return Object.keys(value).length === 1 ? snakeCase(tag.replace(/^[a-z]+(?=[A-Z])/, "")) : undefined;
  return "high" in value && "low" in value ? String(value) : undefined;
}

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
