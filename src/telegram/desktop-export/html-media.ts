/**
 * Media of a Desktop HTML export message (`<div class="media_wrap">`, written by
 * `export_output_html.cpp`: `pushPhotoMedia`, `pushVideoFileMedia`, `pushGenericMedia`, `pushPoll` …).
 * The page shows less than `result.json`: thumbnails instead of sizes, rounded file sizes (not read),
 * durations as `MM:SS`.
 */
import type { Cheerio } from "cheerio";
import type { Element } from "domhandler";
import type { Media, MediaKind, Poll, ServiceAction } from "../../domain/index.js";

/** Media of one message; a phone call (drawn as a `media_call` block) is returned as a service action. */
export interface HtmlMedia {
  media: Media[];
  call?: ServiceAction;
}

/** Classes of `pushGenericMedia` blocks → kinds (`media_photo` and `media_video` are refined by title). */
const GENERIC_KINDS: Record<string, MediaKind> = {
  media_photo: "photo",
  media_video: "video",
  media_voice_message: "voice",
  media_audio_file: "audio",
  media_file: "document",
  media_contact: "contact",
  media_location: "location",
  media_live_location: "location",
  media_venue: "venue",
  media_game: "game",
  media_invoice: "invoice",
};

/** Wrapped media links (`<a class="photo_wrap" href="photos/…">`) → kinds. */
const WRAP_KINDS: Record<string, MediaKind> = {
  photo_wrap: "photo",
  video_file_wrap: "video",
  animated_wrap: "animation",
  sticker_wrap: "sticker",
};

/** Titles Desktop writes on `media_video`/`media_photo` blocks that name a more specific kind. */
const TITLE_KINDS: Record<string, MediaKind> = { "Video message": "round_video", Animation: "animation", Sticker: "sticker" };

/** Titles that are only a label for the kind, not a name of the item. */
const LABEL_TITLES = new Set(["Photo", "Video file", "Video message", "Animation", "Sticker", "Voice message", "Audio file", "File", "Location", "Live location"]);

/** `MM:SS` or `H:MM:SS` → seconds. */
function durationSeconds(text: string): number | undefined {
  const match = /(?:^|\s)(?:(\d+):)?(\d{1,2}):(\d{2})(?:$|[\s,])/.exec(text);
  if (!match) return undefined;
  return Number(match[1] ?? 0) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

/** Relative path of a downloaded file (`href` of the block), never an outside link such as a map. */
function localHref(element: Cheerio<Element>): string | undefined {
  const href = element.attr("href");
  return href && !/^[a-z]+:/i.test(href) ? href : undefined;
}

function wrappedMedia(block: Cheerio<Element>, kind: MediaKind): Media {
  const media: Media = { kind };
  const fileName = localHref(block);
  if (fileName) media.fileName = fileName;
  const duration = durationSeconds(block.find(".video_duration").text().trim());
  if (duration !== undefined) media.durationSeconds = duration;
  return media;
}

function genericMedia(block: Cheerio<Element>, kind: MediaKind): Media {
  const title = block.find(".title").first().text().trim();
  const status = block.find(".status").first().text().trim();
  const media: Media = { kind: TITLE_KINDS[title] ?? kind };
  const fileName = localHref(block) ?? (kind === "document" && title !== "File" ? title : undefined);
  if (fileName) media.fileName = fileName;
  const duration = durationSeconds(status);
  if (duration !== undefined) media.durationSeconds = duration;
  const dimensions = /^(\d+)x(\d+)\b/.exec(status);
  if (dimensions && media.kind === "photo") Object.assign(media, { width: Number(dimensions[1]), height: Number(dimensions[2]) });
  const track = /^(.+) \u2013 (.+)$/.exec(title);
  if (kind === "audio" && track) Object.assign(media, { performer: track[1], title: track[2] });
  else if (title && !LABEL_TITLES.has(title) && kind !== "document") media.title = title;
  const emoji = status.split(",")[0]?.trim();
  if (media.kind === "sticker" && emoji && !/\d/.test(emoji)) media.emoji = emoji;
  return media;
}

/** Number in the first "N votes"/"N vote" of a text. */
function votes(text: string): number | undefined {
  const match = /(\d+) votes?/.exec(text);
  return match ? Number(match[1]) : undefined;
}

function pollMedia(block: Cheerio<Element>): Media {
  const poll: Poll = { question: block.children(".question").text().trim(), options: [] };
  block.children(".answer").each((_, answer) => {
    const node = block.find(answer);
    const text = node.contents().filter((_, child) => child.type === "text").text().trim().replace(/^- /, "");
    const voters = votes(node.children(".details").text());
    poll.options.push(voters === undefined ? { text } : { text, voters });
  });
  const totalVoters = votes(block.children(".total").text());
  if (totalVoters !== undefined) poll.totalVoters = totalVoters;
  poll.closed = block.children(".details").text().trim() === "Final results";
  return { kind: "poll", poll };
}

/** `media_call` status "Incoming (56 seconds)", "Outgoing", "Missed", "Declined", "Cancelled". */
function phoneCall(block: Cheerio<Element>): ServiceAction {
  const status = block.find(".status").first().text().trim();
  const call: ServiceAction = { type: "phone_call", text: status };
  const seconds = /\((\d+) seconds?\)/.exec(status);
  if (seconds) call.details = { duration_seconds: Number(seconds[1]) };
  return call;
}

/** Reads the `media_wrap` children of a message body (or of its forwarded body). */
export function mediaFromHtml(content: Cheerio<Element>): HtmlMedia {
  const result: HtmlMedia = { media: [] };
  content.children(".media_wrap").children().each((_, element) => {
    const block = content.find(element);
    const classes = (element.attribs.class ?? "").split(/\s+/);
    const wrapped = classes.map((name) => WRAP_KINDS[name]).find(Boolean);
    const generic = classes.map((name) => GENERIC_KINDS[name]).find(Boolean);
    if (classes.includes("media_poll")) result.media.push(pollMedia(block));
    else if (classes.includes("media_call")) result.call = phoneCall(block);
    else if (wrapped) result.media.push(wrappedMedia(block, wrapped));
    else if (generic) result.media.push(genericMedia(block, generic));
  });
  return result;
}
