/**
 * Media of a web-preview message widget: photos, videos, round videos, voice notes, audio files,
 * documents, stickers, polls, locations and link previews, as the `t.me/s` page describes them.
 */
import type { Cheerio, CheerioAPI } from "cheerio";
import type { Element } from "domhandler";
import type { Media, MediaKind, Poll } from "../../domain/index.js";
import { plainText } from "./formatted-text.js";
import { backgroundImageUrl, parseDurationSeconds, parseShownCount, parseSizeBytes } from "./shown-values.js";

/** Elements that each hold one media item of a message (album items included). */
export const MEDIA_SELECTOR = [
  ".tgme_widget_message_photo_wrap",
  ".tgme_widget_message_video_player",
  ".tgme_widget_message_roundvideo_player",
  ".tgme_widget_message_voice_player",
  ".tgme_widget_message_document_wrap",
  ".tgme_widget_message_sticker_wrap",
  ".tgme_widget_message_poll",
  ".tgme_widget_message_location_wrap",
  ".tgme_widget_message_link_preview",
].join(", ");

const TOO_BIG_LABEL = "Media is too big";

/**
 * Describes one media element matched by {@link MEDIA_SELECTOR}.
 *
 * URLs are those the page serves (Telegram's CDN): the file itself when the page embeds it
 * (`<video src>`, `<audio src>`), otherwise its photo or thumbnail. Sizes are in bytes, durations in
 * seconds.
 */
export function mediaOf($: CheerioAPI, item: Cheerio<Element>): Media {
  if (item.is(".tgme_widget_message_photo_wrap")) return { kind: "photo", url: backgroundImageUrl(item.attr("style")) };
  if (item.is(".tgme_widget_message_video_player")) {
    const label = item.find(".message_video_duration").first().text().trim();
    return playerOf(item, label === "GIF" ? "animation" : "video", ".tgme_widget_message_video_thumb", ".message_video_duration");
  }
  if (item.is(".tgme_widget_message_roundvideo_player")) {
    return playerOf(item, "round_video", ".tgme_widget_message_roundvideo_thumb", ".tgme_widget_message_roundvideo_duration");
  }
  if (item.is(".tgme_widget_message_voice_player")) {
    return playerOf(item, "voice", undefined, ".tgme_widget_message_voice_duration");
  }
  if (item.is(".tgme_widget_message_document_wrap")) return documentOf(item);
  if (item.is(".tgme_widget_message_sticker_wrap")) return stickerOf(item);
  if (item.is(".tgme_widget_message_poll")) return { kind: "poll", poll: pollOf($, item) };
  if (item.is(".tgme_widget_message_location_wrap")) {
    return { kind: "location", url: backgroundImageUrl(item.find(".tgme_widget_message_location").attr("style")) };
  }
  return webPageOf(item);
}

/** The element's text, or `undefined` when the page has no such element. */
function textIn(item: Cheerio<Element>, selector: string): string | undefined {
  const element = item.find(selector).first();
  return element.length > 0 ? plainText(element).trim() : undefined;
}

function durationIn(item: Cheerio<Element>, selector: string): number | undefined {
  return parseDurationSeconds(item.find(selector).first().text());
}

/** `true` when the page replaces the item by "Media is too big"; `undefined` otherwise. */
function tooBig(item: Cheerio<Element>): true | undefined {
  return item.find(".message_media_not_supported_label").text().trim() === TOO_BIG_LABEL || undefined;
}

/** A player of a video, round video or voice note: the embedded file (`<video src>`, `<audio src>`), else its thumbnail. */
function playerOf(item: Cheerio<Element>, kind: MediaKind, thumbSelector: string | undefined, durationSelector: string): Media {
  const file = item.find("video[src], audio[src]").first().attr("src");
  const thumb = thumbSelector ? backgroundImageUrl(item.find(thumbSelector).first().attr("style")) : undefined;
  return { kind, url: file ?? thumb, durationSeconds: durationIn(item, durationSelector), tooBig: tooBig(item) };
}

/** A file shown as an icon, a title and a second line: an audio track's performer, else the file size. */
function documentOf(item: Cheerio<Element>): Media {
  const title = textIn(item, ".tgme_widget_message_document_title") || undefined;
  const extra = textIn(item, ".tgme_widget_message_document_extra") || undefined;
  const isAudio = item.find(".tgme_widget_message_document_icon").hasClass("audio");
  const sizeBytes = extra === undefined ? undefined : parseSizeBytes(extra);
  return {
    kind: isAudio ? "audio" : "document",
    title,
    fileName: isAudio ? undefined : title,
    performer: isAudio && sizeBytes === undefined ? extra : undefined,
    sizeBytes,
    url: backgroundImageUrl(item.find(".tgme_widget_message_document_thumb").attr("style")),
    tooBig: tooBig(item),
  };
}

/** A sticker: a WebP image (`i.tgme_widget_message_sticker`), an animated sticker's preview image, or a video sticker. */
function stickerOf(item: Cheerio<Element>): Media {
  const image = backgroundImageUrl(item.find(".tgme_widget_message_sticker").attr("style"));
  return { kind: "sticker", url: image ?? item.find("img[src], video[src]").first().attr("src") };
}

function pollOf($: CheerioAPI, item: Cheerio<Element>): Poll {
  const type = textIn(item, ".tgme_widget_message_poll_type") || undefined;
  const options = item
    .find(".tgme_widget_message_poll_option")
    .toArray()
    .map((option) => {
      const percent = /^(\d+(?:\.\d+)?)%$/.exec($(option).find(".tgme_widget_message_poll_option_percent").text().trim());
      return { text: textIn($(option), ".tgme_widget_message_poll_option_text") ?? "", percent: percent ? Number(percent[1]) : undefined };
    });
  const voters = parseShownCount(item.closest(".tgme_widget_message").find(".tgme_widget_message_voters").first().text());
  return {
    question: textIn(item, ".tgme_widget_message_poll_question") ?? "",
    options,
    totalVoters: voters?.value,
    type,
    quiz: type === undefined ? undefined : /quiz/i.test(type),
  };
}

/** A link preview: the linked page with its site name, title, description and image or video thumbnail. */
function webPageOf(item: Cheerio<Element>): Media {
  const image = item.find(".link_preview_image, .link_preview_right_image, .link_preview_video_thumb").first();
  return {
    kind: "webpage",
    url: backgroundImageUrl(image.attr("style")),
    durationSeconds: durationIn(item, ".message_video_duration"),
    webpage: {
      url: item.attr("href") ?? "",
      siteName: textIn(item, ".link_preview_site_name"),
      title: textIn(item, ".link_preview_title"),
      description: textIn(item, ".link_preview_description"),
    },
  };
}
