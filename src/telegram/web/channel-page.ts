/**
 * The public web preview of a channel, `t.me/s/<channel>[?before=<id>]`: the channel header and up to
 * about twenty message widgets, oldest first, with a link to older posts.
 */
import { load, type Cheerio, type CheerioAPI } from "cheerio";
import type { Element } from "domhandler";
import type { Message, Source } from "../../domain/index.js";
import { plainText } from "./formatted-text.js";
import { parseMessageWidget } from "./message-widget.js";
import { parseShownCount } from "./shown-values.js";

/** What one `t.me/s/<channel>` page shows. */
export interface ChannelPage {
  /** The channel (`kind: "channel"`); from the header, or only the username and title for header-less fragments. */
  source: Source;
  /** Messages ascending by `messageId`; an album contributes one message per item. */
  messages: Message[];
  /**
   * The `tme_messages_more` cursor (`data-before`): fetch `?before=<this>` for older posts.
   * `undefined` when the page links to nothing older.
   */
  before?: number;
}

/**
 * Reads a `t.me/s/<channel>` page (or a fragment of one holding only message widgets).
 *
 * Header: title, `@username`, description (plain text), photo URL, verified label, and counters —
 * subscribers/members become `memberCount` (`"1.1M subscribers"` → 1 100 000 with
 * `memberCountApproximate`), the others (photos, videos, files, links) `counters`. A page without a
 * header still yields the username (and title) of its messages' channel.
 */
export function parseChannelPage(html: string): ChannelPage {
  const $ = load(html);
  const messages: Message[] = [];
  let widgetUsername: string | undefined;
  let widgetTitle: string | undefined;
  for (const element of $(".tgme_widget_message[data-post]").toArray()) {
    const widget = parseMessageWidget($, $(element));
    if (!widget) continue;
    widgetUsername ??= widget.username;
    widgetTitle ??= $(element).find(".tgme_widget_message_owner_name").first().text().trim() || undefined;
    messages.push(...widget.messages);
  }
  messages.sort((a, b) => a.messageId - b.messageId);
  const header = $(".tgme_channel_info").first();
  const source = header.length > 0 ? channelHeader($, header) : { kind: "channel" as const, title: widgetTitle };
  source.username ??= widgetUsername;
  const before = Number($(".tme_messages_more[data-before]").first().attr("data-before"));
  return { source, messages, before: Number.isInteger(before) && before > 0 ? before : undefined };
}

function channelHeader($: CheerioAPI, header: Cheerio<Element>): Source {
  const source: Source = {
    kind: "channel",
    title: header.find(".tgme_channel_info_header_title").first().text().trim() || undefined,
    username: header.find(".tgme_channel_info_header_username").first().text().trim().replace(/^@/, "") || undefined,
    verified: header.find(".tgme_channel_info_header_labels .verified-icon").length > 0,
  };
  const description = header.find(".tgme_channel_info_description").first();
  if (description.length > 0) source.about = plainText(description).trim();
  const photo = header.find(".tgme_page_photo_image img").first().attr("src");
  if (photo && !photo.startsWith("data:")) source.photoUrl = photo;
  for (const element of header.find(".tgme_channel_info_counter").toArray()) {
    const counter = $(element);
    const count = parseShownCount(counter.find(".counter_value").text());
    const type = counter.find(".counter_type").text().trim().toLowerCase();
    if (!count || !type) continue;
    if (type === "subscribers" || type === "members" || type === "subscriber" || type === "member") {
      source.memberCount = count.value;
      source.memberCountApproximate = count.approximate;
    } else {
      source.counters = { ...source.counters, [type]: count.value };
    }
  }
  return source;
}
