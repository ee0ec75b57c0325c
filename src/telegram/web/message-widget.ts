/**
 * One message widget of the web preview (`div.tgme_widget_message[data-post="<channel>/<id>"]`, as on
 * `t.me/s/<channel>` and in `?embed=1` post pages) read into domain {@link Message}s.
 */
import type { Cheerio, CheerioAPI } from "cheerio";
import type { Element } from "domhandler";
import type { ForwardHeader, Media, Message, Reaction, ReplyHeader, ServiceAction } from "../../domain/index.js";
import { formattedText, plainText, type FormattedText } from "./formatted-text.js";
import { MEDIA_SELECTOR, mediaOf } from "./message-media.js";
import { parseDataPost, parseShownCount, parseTmeLink } from "./shown-values.js";

/** The messages of one widget and the channel username of its `data-post`. */
export interface MessageWidget {
  /** Username as spelled in `data-post`. */
  username: string;
  /** One message, or one per album item (ascending by id). */
  messages: Message[];
}

/** Finds elements of this widget's own message, outside {@link FOREIGN_BLOCKS}. */
type Find = (selector: string) => Cheerio<Element>;

/** Blocks whose content belongs to another message (the replied one, the linked page). */
const FOREIGN_BLOCKS = ".tgme_widget_message_reply, .tgme_widget_message_link_preview";

/** What an embed shows instead of a service message it cannot render. */
const SERVICE_LABEL = "Service message";

/** Service message texts (English, as the web preview prints them) and their MTProto action names. */
const SERVICE_TYPES: [RegExp, string][] = [
  [/^channel created$/i, "channel_create"],
  [/group created|created the group/i, "chat_create"],
  [/photo (?:updated|changed)/i, "chat_edit_photo"],
  [/photo removed/i, "chat_delete_photo"],
  [/(?:name|title) (?:was )?changed/i, "chat_edit_title"],
  [/\bpinned\b/i, "pin_message"],
  [/live stream|video chat|voice chat/i, "group_call"],
];

/**
 * Reads a message widget.
 *
 * An album (`tgme_widget_message_grouped_wrap`) gives one message per item, ids taken from each item's
 * `t.me/<channel>/<id>?single` link and `groupedId` the first item's id; the text, views, reactions,
 * buttons, reply header and "edited" label belong to the item whose id is the widget's (else the first
 * item); the other items share only the date, sender, forward header (without the original post id)
 * and post author.
 *
 * @returns `undefined` for a widget without `data-post` or date (such as the "Post not found" embed)
 */
export function parseMessageWidget($: CheerioAPI, widget: Cheerio<Element>): MessageWidget | undefined {
  const post = parseDataPost(widget.attr("data-post"));
  const datetime = widget.find("time[datetime]").first().attr("datetime");
  if (!post || !datetime) return undefined;
  const own: Find = (selector) =>
    widget.find(selector).filter((_, el) => $(el).parent().closest(FOREIGN_BLOCKS).length === 0);

  const service = serviceOf(widget, own);
  const text: FormattedText = service ? { text: "", entities: [] } : messageText(own);
  const views = parseShownCount(own(".tgme_widget_message_views").first().text());
  const forward = forwardOf(own);
  const postAuthor = own(".tgme_widget_message_from_author").first().text().trim() || undefined;
  const grouped = own(".tgme_widget_message_grouped_wrap").first();
  const media = own(MEDIA_SELECTOR)
    .filter((_, el) => $(el).closest(".tgme_widget_message_grouped_wrap").length === 0)
    .toArray()
    .map((el) => mediaOf($, $(el)));
  const main: Message = {
    messageId: post.messageId,
    date: new Date(datetime),
    edited: isEdited(own),
    text: text.text,
    entities: text.entities,
    views: views?.value,
    viewsApproximate: views?.approximate,
    reactions: reactionsOf($, own),
    postAuthor,
    sender: senderOf(own),
    replyTo: replyOf(own, post.username),
    forward,
    viaBot: own(".tgme_widget_message_via_bot").first().text().trim().replace(/^@/, "") || undefined,
    media,
    service,
    buttons: buttonsOf($, own),
  };
  const items = grouped
    .find(".grouped_media_wrap")
    .toArray()
    .map((el) => ({ messageId: parseTmeLink($(el).attr("href"))?.messageId, media: mediaOf($, $(el)) }))
    .filter((item): item is { messageId: number; media: Media } => item.messageId !== undefined);
  if (items.length === 0) return { username: post.username, messages: [main] };

  const groupedId = String(items[0]!.messageId);
  const mainId = items.some((item) => item.messageId === post.messageId) ? post.messageId : items[0]!.messageId;
  const siblingForward = forward && { ...forward, originalPostId: undefined };
  const messages = items.map((item): Message =>
    item.messageId === mainId
      ? { ...main, messageId: mainId, groupedId, media: [item.media, ...media] }
      : {
          messageId: item.messageId,
          date: main.date,
          edited: false,
          text: "",
          entities: [],
          reactions: [],
          media: [item.media],
          groupedId,
          forward: siblingForward,
          postAuthor,
          sender: main.sender,
        },
  );
  return { username: post.username, messages: messages.sort((a, b) => a.messageId - b.messageId) };
}

/**
 * The message text element; album captions nest a second `tgme_widget_message_text` inside the first.
 */
function messageText(own: Find): FormattedText {
  let element = own(".tgme_widget_message_text.js-message_text").first();
  if (element.length === 0) return { text: "", entities: [] };
  while (element.children().length === 1 && element.children().first().is(".js-message_text")) {
    element = element.children().first();
  }
  return formattedText(element);
}

/** The footer shows "edited" before the date when the message was edited. */
function isEdited(own: Find): boolean {
  const meta = own(".tgme_widget_message_meta").first();
  return /\bedited\b/.test(meta.contents().filter((_, node) => node.type === "text").text());
}

function forwardOf(own: Find): ForwardHeader | undefined {
  const header = own(".tgme_widget_message_forwarded_from").first();
  if (header.length === 0) return undefined;
  const name = header.find(".tgme_widget_message_forwarded_from_name").first();
  const link = parseTmeLink(name.attr("href"));
  const fromName = (name.length > 0 ? plainText(name) : plainText(header).replace(/^Forwarded from/, "")).trim();
  return { fromName: fromName || undefined, fromUsername: link?.username, originalPostId: link?.messageId };
}

/** The sender a group message's author line names (channel posts name the channel as owner instead). */
function senderOf(own: Find): Message["sender"] {
  const author = own(".tgme_widget_message_author .tgme_widget_message_author_name").first();
  const name = plainText(author).trim();
  return name ? { name, username: parseTmeLink(author.attr("href"))?.username } : undefined;
}

function replyOf(own: Find, channel: string): ReplyHeader | undefined {
  const reply = own(".tgme_widget_message_reply").first();
  if (reply.length === 0) return undefined;
  const link = parseTmeLink(reply.attr("href"));
  const quote = reply.find(".js-message_reply_text, .tgme_widget_message_metatext").first();
  return {
    messageId: link?.messageId,
    peerUsername: link && link.username.toLowerCase() !== channel.toLowerCase() ? link.username : undefined,
    authorName: reply.find(".tgme_widget_message_author_name").first().text().trim() || undefined,
    quoteText: quote.length > 0 ? plainText(quote).trim() : undefined,
  };
}

/** Reactions: a standard emoji (`i.emoji`), a custom emoji (`tg-emoji[emoji-id]`) or paid stars, then the count. */
function reactionsOf($: CheerioAPI, own: Find): Reaction[] {
  return own(".tgme_widget_message_reactions .tgme_reaction")
    .toArray()
    .flatMap((el): Reaction[] => {
      const reaction = $(el);
      const count = parseShownCount(reaction.contents().filter((_, node) => node.type === "text").text());
      if (!count) return [];
      if (reaction.hasClass("tgme_reaction_paid")) return [{ paid: true, count: count.value }];
      const customEmojiId = reaction.find("tg-emoji[emoji-id]").attr("emoji-id");
      if (customEmojiId) return [{ customEmojiId, count: count.value }];
      return [{ emoji: reaction.find(".emoji").first().text(), count: count.value }];
    });
}

function buttonsOf($: CheerioAPI, own: Find): Message["buttons"] {
  const buttons = own(".tgme_widget_message_inline_button")
    .toArray()
    .map((el) => ({ text: plainText($(el)).trim(), url: $(el).attr("href") }));
  return buttons.length > 0 ? buttons : undefined;
}

function serviceOf(widget: Cheerio<Element>, own: Find): ServiceAction | undefined {
  const label = own(".message_media_not_supported_label").first().text().trim();
  if (!widget.hasClass("service_message") && label !== SERVICE_LABEL) return undefined;
  const body = own(".tgme_widget_message_text").first();
  const text = (body.length > 0 ? plainText(body) : "").trim();
  const type = SERVICE_TYPES.find(([pattern]) => pattern.test(text))?.[1] ?? "other";
  return { type, text: text || undefined };
}
