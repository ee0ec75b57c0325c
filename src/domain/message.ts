/**
 * A message of a channel, group or chat, normalised from any adapter.
 */
import type { Media } from "./media.js";

/**
 * Text entity types, as in MTProto `MessageEntity` (`messageEntityBold` → `bold`) and Desktop
 * exports' `text_entities[].type`.
 */
export type TextEntityType =
  | "mention"
  | "mention_name"
  | "hashtag"
  | "cashtag"
  | "bot_command"
  | "url"
  | "email"
  | "phone"
  | "bold"
  | "italic"
  | "underline"
  | "strikethrough"
  | "spoiler"
  | "code"
  | "pre"
  | "text_link"
  | "blockquote"
  | "custom_emoji"
  | "bank_card"
  | "other";

/**
 * A formatted span of `Message.text`. `offset` and `length` count UTF-16 code units, as Telegram does.
 */
export interface TextEntity {
  type: TextEntityType;
  offset: number;
  length: number;
  /** Target of a `text_link` (and of `url`, equal to the covered text). */
  url?: string;
  /** User of a `mention_name`, Bot-API peer id. */
  userId?: bigint;
  /** Custom emoji document id (MTProto) or file reference (Desktop export). */
  customEmojiId?: string;
  /** Language of a `pre` block. */
  language?: string;
}

/** One reaction with its count (MTProto `reactionCount`, web `tgme_reaction`, export `reactions[]`). */
export interface Reaction {
  /** Unicode emoji, for standard reactions. */
  emoji?: string;
  /** Document id of a custom emoji reaction. */
  customEmojiId?: string;
  /** Paid reaction (Telegram Stars); `count` is the number of stars. */
  paid?: boolean;
  count: number;
}

/** Forward header (MTProto `messageFwdHeader`; web `tgme_widget_message_forwarded_from`; export `forwarded_from`). */
export interface ForwardHeader {
  /** Bot-API peer id of the original sender or channel, when known. */
  fromPeerId?: bigint;
  /** Username of the original channel/user when the forward links to it. */
  fromUsername?: string;
  /** Display name of the original sender (also for hidden senders). */
  fromName?: string;
  /** Id of the original post in `fromPeerId`/`fromUsername`. */
  originalPostId?: number;
  /** Date of the original message. */
  originalDate?: Date;
  /** Signature (post author) of the original post. */
  postAuthor?: string;
}

/** Reply header (MTProto `messageReplyHeader`; web `tgme_widget_message_reply`; export `reply_to_message_id`). */
export interface ReplyHeader {
  /** Id of the message replied to. */
  messageId?: number;
  /** Top message of the thread (forum topic or comment thread). */
  threadTopId?: number;
  /** Bot-API peer id of the chat of the replied message when it is in another chat. */
  peerId?: bigint;
  /** Username of the chat of the replied message when it is in another chat. */
  peerUsername?: string;
  /** Author name shown on the reply block. */
  authorName?: string;
  /** Text of the replied message (web preview shows its start) or the quoted part. */
  quoteText?: string;
}

/** A service message's action (MTProto `messageService.action`, export `action`). */
export interface ServiceAction {
  /** Action type, e.g. `chat_create`, `pin_message`, `joined_telegram`, `phone_call`. */
  type: string;
  /** Human text shown for the action, when the adapter has it. */
  text?: string;
  /** Name of who performed the action. */
  actor?: string;
  /** Other fields of the action (title, members, duration_seconds, discard_reason, …). */
  details?: Record<string, unknown>;
}

/** Who sent a message in a group or chat (channels post as themselves). */
export interface Sender {
  /** Bot-API peer id of the sender. */
  peerId?: bigint;
  /** Display name. */
  name?: string;
  /** Username when known. */
  username?: string;
}

/**
 * A message as archived: one row per `(source, messageId)`.
 *
 * Dates are UTC `Date`s (Telegram's unix seconds). Counters are `undefined` when the adapter cannot see
 * them (e.g. Desktop exports have no views).
 */
export interface Message {
  messageId: number;
  date: Date;
  /** Last edit date when known (MTProto `edit_date`, export `edited`). */
  editDate?: Date;
  /** The message was edited (web preview shows only the "edited" label). */
  edited: boolean;
  /** Plain text or caption; `""` for media without caption and service messages. */
  text: string;
  entities: TextEntity[];
  views?: number;
  /** True when `views` was read from a rounded form such as `1.2K`. */
  viewsApproximate?: boolean;
  forwards?: number;
  repliesCount?: number;
  reactions: Reaction[];
  /** Post author signature (channels with signatures). */
  postAuthor?: string;
  sender?: Sender;
  /** Album id; every message of an album shares it (web preview: id of the album's first message). */
  groupedId?: string;
  replyTo?: ReplyHeader;
  forward?: ForwardHeader;
  /** Username of the inline bot the message was sent via. */
  viaBot?: string;
  media: Media[];
  /** Set for service messages (joins, pins, calls …). */
  service?: ServiceAction;
  /**
   * For a comment (a message of a channel's discussion group in a post's thread, MTProto
   * `messages.getReplies`): the channel post it comments on.
   */
  commentTo?: { peerId: bigint; messageId: number };
  /** Inline keyboard URL buttons: text and URL. */
  buttons?: { text: string; url?: string }[];
  /** The message is no longer visible on Telegram (noticed at this time); never dropped. */
  deletedAt?: Date;
}
