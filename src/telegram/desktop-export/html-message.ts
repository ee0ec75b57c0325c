/**
 * Messages of one Desktop HTML export page (`messages.html`, `messages2.html` …; written by
 * `export_output_html.cpp`, `pushMessage`/`pushServiceMessage`) → domain {@link Message}s.
 */
import type { Cheerio, CheerioAPI } from "cheerio";
import type { Element } from "domhandler";
import { TruncatedExportError, type ForwardHeader, type Message, type Reaction, type Sender } from "../../domain/index.js";
import { mediaFromHtml } from "./html-media.js";
import { textFromHtml } from "./html-text.js";

/**
 * What a page carries over to the next message (and the next page): a `joined` message has no
 * `from_name` and belongs to the sender before it; a joined forward has no forwarded `from_name`.
 */
export interface HtmlPageState {
  sender?: Sender;
  viaBot?: string;
  forward?: ForwardHeader;
  /** Date of the last dated message. */
  date?: Date;
  /** Start (00:00 UTC) of the day of the last date row ("23 August 2023"). */
  day?: Date;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/**
 * Parses Desktop's `dd.MM.yyyy hh:mm:ss UTC+hh:mm` (the `title` of `.date.details`) to an exact UTC
 * date. Exports from before the offset was added (`dd.MM.yyyy hh:mm:ss`) are read as UTC.
 */
export function parseHtmlDate(value: string): Date | undefined {
  const match = /(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2}):(\d{2})(?: UTC([+-])(\d{2}):(\d{2}))?/.exec(value);
  if (!match) return undefined;
  const [, day, month, year, hours, minutes, seconds, sign, offsetHours, offsetMinutes] = match;
  const local = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hours), Number(minutes), Number(seconds));
  const offsetMs = sign ? (sign === "-" ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000 : 0;
  return new Date(local - offsetMs);
}

/** "23 August 2023" of a date row → 2023-08-23T00:00:00Z. */
function parseDayRow(text: string): Date | undefined {
  const match = /^(\d{1,2}) ([A-Z][a-z]+) (\d{4})$/.exec(text);
  const month = match ? MONTHS.indexOf(match[2]!) : -1;
  return match && month >= 0 ? new Date(Date.UTC(Number(match[3]), month, Number(match[1]))) : undefined;
}

/** Direct text of an element without its child elements (a `from_name` holds a date `span`). */
function ownText(element: Cheerio<Element>): string {
  return element.contents().filter((_, node) => node.type === "text").text().replace(/\s+/g, " ").trim();
}

/** `from_name` text "Name" or "Name via @bot". */
function nameAndBot(text: string): { name: string; viaBot?: string } {
  const match = /^(.*) via @(\w+)$/.exec(text);
  return match ? { name: match[1]!, viaBot: match[2]! } : { name: text };
}

function messageIdOfLink(element: Cheerio<Element>): number | undefined {
  const target = `${element.attr("href") ?? ""} ${element.attr("onclick") ?? ""}`;
  const match = /go_to_message(\d+)|GoToMessage\((\d+)\)/.exec(target);
  return match ? Number(match[1] ?? match[2]) : undefined;
}

/**
 * `span.reactions > span.reaction`: an `.emoji` (a custom emoji is a link to its sticker file, read
 * as `customEmojiId` like the JSON's `document_id`), a `.count`, and `paid` in the class for stars.
 */
function reactions(body: Cheerio<Element>): Reaction[] {
  const result: Reaction[] = [];
  body.children(".reactions").children(".reaction").each((_, element) => {
    const reaction = body.find(element);
    const count = Number(reaction.children(".count").text().trim() || 1);
    const emoji = reaction.children(".emoji");
    const customEmojiId = emoji.find("a").attr("href");
    if (reaction.hasClass("paid")) result.push({ paid: true, count });
    else if (customEmojiId) result.push({ customEmojiId, count });
    else if (emoji.text().trim()) result.push({ emoji: emoji.text().trim(), count });
  });
  return result;
}

/** Inline keyboard (`table.bot_buttons_table`): button texts, with the link of URL buttons. */
function buttons(body: Cheerio<Element>): Message["buttons"] {
  const result: NonNullable<Message["buttons"]> = [];
  body.find(".bot_buttons_table .bot_button").each((_, element) => {
    const button = body.find(element);
    const text = button.text().replace(/\s+/g, " ").trim();
    const url = button.children("a").attr("href");
    result.push(url ? { text, url } : { text });
  });
  return result.length > 0 ? result : undefined;
}

/**
 * Forward header of a `forwarded body`: its `from_name` is "Name" or "Name via @bot" followed by a
 * `span.date.details` whose title is the original date. A joined forward has no `from_name` and
 * repeats the header before it.
 */
function forwardHeader(forwarded: Cheerio<Element>, state: HtmlPageState): { header?: ForwardHeader; viaBot?: string } {
  if (forwarded.length === 0) return {};
  const fromName = forwarded.children(".from_name");
  if (fromName.length === 0) return { header: state.forward };
  const { name, viaBot } = nameAndBot(ownText(fromName));
  const header: ForwardHeader = { fromName: name };
  const dateSpan = fromName.children(".details");
  const originalDate = parseHtmlDate(dateSpan.attr("title") ?? dateSpan.text());
  if (originalDate) header.originalDate = originalDate;
  return { header, viaBot };
}

function defaultMessage(messageId: number, element: Cheerio<Element>, state: HtmlPageState, path: string): Message {
  const body = element.children(".body");
  const date = parseHtmlDate(body.children(".date").attr("title") ?? "");
  if (!date) throw new TruncatedExportError(path, `message ${messageId} has no date`);
  state.date = date;
  const fromName = body.children(".from_name");
  if (fromName.length > 0) {
    const { name, viaBot } = nameAndBot(ownText(fromName));
    state.sender = { name };
    state.viaBot = viaBot;
  }
  const forwarded = body.children(".forwarded.body");
  const content = forwarded.length > 0 ? forwarded : body;
  const { text, entities } = textFromHtml(content.children(".text"));
  const { media, call } = mediaFromHtml(content);
  const message: Message = { messageId, date, edited: false, text, entities, reactions: reactions(body), media };
  if (state.sender) message.sender = { ...state.sender };
  if (state.viaBot) message.viaBot = state.viaBot;
  if (call) message.service = call;
  const forward = forwardHeader(forwarded, state);
  state.forward = forward.header;
  if (forward.header) message.forward = { ...forward.header };
  if (forward.viaBot) message.viaBot = forward.viaBot;
  const inlineButtons = buttons(body);
  if (inlineButtons) message.buttons = inlineButtons;
  const replyTo = messageIdOfLink(body.children(".reply_to").find("a").first());
  if (replyTo !== undefined) message.replyTo = { messageId: replyTo };
  const signature = content.children(".signature").text().trim();
  if (signature) message.postAuthor = signature;
  return message;
}

/**
 * A service message (`message service`, text only). The page gives no time for it, so its date is
 * the date of the message before it, else the start of its day row (00:00 UTC). The action's type is
 * not written either: it is `other`, with the shown text and, when the text links to a message (the
 * pinned one of a pin), that message's id in `details.message_id`.
 */
function serviceMessage(messageId: number, element: Cheerio<Element>, state: HtmlPageState, path: string): Message {
  const body = element.children(".body");
  const date = parseHtmlDate(body.children(".date").attr("title") ?? "") ?? state.date ?? state.day;
  if (!date) throw new TruncatedExportError(path, `service message ${messageId} comes before any date`);
  const pinned = messageIdOfLink(body.find("a").first());
  const text = body.text().replace(/\s+/g, " ").trim();
  return {
    messageId,
    date,
    edited: false,
    text: "",
    entities: [],
    reactions: [],
    media: [],
    service: { type: "other", text, ...(pinned === undefined ? {} : { details: { message_id: pinned } }) },
  };
}

/**
 * Reads the messages of a page in order. Date rows (`id="message-1"`, negative ids) are not messages;
 * they only set {@link HtmlPageState.day}.
 *
 * @throws {TruncatedExportError} when a message has no date
 */
export function* messagesFromHtmlPage($: CheerioAPI, state: HtmlPageState, path: string): Generator<Message> {
  for (const node of $(".history > .message").toArray()) {
    const element = $(node);
    const id = /^message(-?\d+)$/.exec(element.attr("id") ?? "");
    if (!id) continue;
    const messageId = Number(id[1]);
    if (messageId < 0) {
      state.day = parseDayRow(element.text().trim()) ?? state.day;
    } else if (element.hasClass("service")) {
      yield serviceMessage(messageId, element, state, path);
    } else {
      yield defaultMessage(messageId, element, state, path);
    }
  }
}
