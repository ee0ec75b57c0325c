/**
 * Media and reactions of a Desktop `result.json` message (`export_output_json.cpp`,
 * `SerializeMessage`): `photo`, `file` + `media_type`, `poll`, `location_information`,
 * `contact_information`, `game_title`, `invoice_information`, `place_name`; `reactions`.
 */
import type { Media, MediaKind, Poll, Reaction } from "../../domain/index.js";
import { asNumber, asObject, asString, type JsonObject } from "./json-values.js";

/** Desktop `media_type` → our media kind; a `file` without `media_type` is a document. */
const FILE_KINDS: Record<string, MediaKind> = {
  video_file: "video",
  video_message: "round_video",
  voice_message: "voice",
  audio_file: "audio",
  animation: "animation",
  sticker: "sticker",
};

/**
 * The relative path of a downloaded file, or `undefined` when Desktop wrote a placeholder instead:
 * "(File not included. Change data exporting settings to download.)", "(File exceeds maximum size. …)",
 * "(File unavailable, please try again later)". Desktop's paths (`photos/…`, `files/…`) never start
 * with a parenthesis.
 */
function downloadedPath(value: unknown): string | undefined {
  const path = asString(value);
  return path && !path.startsWith("(") ? path : undefined;
}

/** Copies the optional size, dimension and duration fields shared by photos and files. */
function measured(raw: JsonObject, sizeKey: string): Partial<Media> {
  const media: Partial<Media> = {};
  const sizeBytes = asNumber(raw[sizeKey]);
  if (sizeBytes !== undefined) media.sizeBytes = sizeBytes;
  const width = asNumber(raw.width);
  const height = asNumber(raw.height);
  if (width !== undefined && height !== undefined) Object.assign(media, { width, height });
  const durationSeconds = asNumber(raw.duration_seconds);
  if (durationSeconds !== undefined) media.durationSeconds = durationSeconds;
  return media;
}

function photoMedia(raw: JsonObject): Media {
  const media: Media = { kind: "photo", ...measured(raw, "photo_file_size") };
  const path = downloadedPath(raw.photo);
  if (path) media.fileName = path;
  return media;
}

/**
 * A document. `fileName` is the relative path inside the export when the file was downloaded, else
 * Desktop's `file_name` (the original name); a placeholder is never used as a name.
 */
function fileMedia(raw: JsonObject): Media {
  const kind = FILE_KINDS[asString(raw.media_type) ?? ""] ?? "document";
  const media: Media = { kind, ...measured(raw, "file_size") };
  const fileName = downloadedPath(raw.file) ?? asString(raw.file_name);
  if (fileName) media.fileName = fileName;
  const mimeType = asString(raw.mime_type);
  if (mimeType) media.mimeType = mimeType;
  const performer = asString(raw.performer);
  if (performer) media.performer = performer;
  const title = asString(raw.title);
  if (title) media.title = title;
  const emoji = asString(raw.sticker_emoji);
  if (emoji) media.emoji = emoji;
  return media;
}

function pollMedia(raw: JsonObject): Media {
  const question = asString(raw.question) ?? "";
  const answers = Array.isArray(raw.answers) ? raw.answers : [];
  const poll: Poll = {
    question,
    options: answers.map((answer) => {
      const option = asObject(answer) ?? {};
      const voters = asNumber(option.voters);
      return voters === undefined ? { text: asString(option.text) ?? "" } : { text: asString(option.text) ?? "", voters };
    }),
  };
  const totalVoters = asNumber(raw.total_voters);
  if (totalVoters !== undefined) poll.totalVoters = totalVoters;
  if (typeof raw.closed === "boolean") poll.closed = raw.closed;
  return { kind: "poll", poll };
}

/** A media item with only a kind and an optional title (contacts, games, invoices, places). */
function titled(kind: MediaKind, title: string | undefined): Media {
  return title ? { kind, title } : { kind };
}

/** Media of one (non-service) message; empty for text-only messages. */
export function mediaFromJson(raw: JsonObject): Media[] {
  const media: Media[] = [];
  if ("photo" in raw) media.push(photoMedia(raw));
  if ("file" in raw) media.push(fileMedia(raw));
  const poll = asObject(raw.poll);
  if (poll) media.push(pollMedia(poll));
  const placeName = asString(raw.place_name);
  const position = asObject(raw.location_information);
  if (placeName !== undefined || position) {
    const place: Media = placeName === undefined ? { kind: "location" } : titled("venue", placeName);
    const latitude = position?.latitude;
    const longitude = position?.longitude;
    if (typeof latitude === "number" && typeof longitude === "number") Object.assign(place, { latitude, longitude });
    const address = asString(raw.address);
    if (address !== undefined) place.address = address;
    media.push(place);
  }
  const contact = asObject(raw.contact_information);
  if (contact) {
    const name = [asString(contact.first_name), asString(contact.last_name)].filter(Boolean).join(" ");
    media.push(titled("contact", name));
  }
  const gameTitle = asString(raw.game_title);
  if (gameTitle !== undefined) media.push(titled("game", gameTitle));
  const invoice = asObject(raw.invoice_information);
  if (invoice) media.push(titled("invoice", asString(invoice.title)));
  return media;
}

/** `reactions[]`: `{type: "emoji", emoji, count}`, `{type: "custom_emoji", document_id, count}`, `{type: "paid", count}`. */
export function reactionsFromJson(value: unknown): Reaction[] {
  if (!Array.isArray(value)) return [];
  const reactions: Reaction[] = [];
  for (const item of value) {
    const reaction = asObject(item);
    const count = asNumber(reaction?.count);
    if (!reaction || count === undefined) continue;
    const emoji = asString(reaction.emoji);
    const documentId = asString(reaction.document_id);
    if (reaction.type === "paid") reactions.push({ paid: true, count });
    else if (reaction.type === "custom_emoji" && documentId) reactions.push({ customEmojiId: documentId, count });
    else if (emoji) reactions.push({ emoji, count });
  }
  return reactions;
}
