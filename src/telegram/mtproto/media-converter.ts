/**
 * MTProto `MessageMedia` → domain {@link Media} descriptors (nothing is downloaded here; photos and
 * documents keep their `remote` location so `media-download.ts` can fetch them later).
 * Source: the `media` field of `message` objects from `messages.getHistory`, `channels.getMessages`,
 * `messages.getReplies` and updates.
 */
import type { tl } from "@mtcute/node";
import type { Media, MediaKind, Poll } from "../../domain/index.js";

/**
 * The media items of a message: none for `messageMediaEmpty` or no media, one otherwise (an album is
 * several messages sharing a grouped id, each with its own item). Kinds Telegram adds later become
 * `other` rather than failing.
 */
export function convertMedia(media: tl.TypeMessageMedia | undefined): Media[] {
  if (media === undefined) return [];
  switch (media._) {
    case "messageMediaEmpty":
      return [];
    case "messageMediaPhoto":
      return [photoMedia(media.photo)];
    case "messageMediaDocument":
      return [documentMedia(media)];
    case "messageMediaWebPage":
      return webPageMedia(media.webpage);
    case "messageMediaPoll":
      return [{ kind: "poll", poll: pollOf(media.poll, media.results) }];
    case "messageMediaGeo":
    case "messageMediaGeoLive":
      return [{ kind: "location", ...position(media.geo) }];
    case "messageMediaVenue":
      return [{ kind: "venue", title: media.title, address: media.address, ...position(media.geo) }];
    case "messageMediaContact":
      return [{ kind: "contact", title: [media.firstName, media.lastName].filter(Boolean).join(" ") }];
    case "messageMediaDice":
      return [{ kind: "dice", emoji: media.emoticon }];
    case "messageMediaGame":
      return [{ kind: "game", title: media.game.title }];
    case "messageMediaInvoice":
      return [{ kind: "invoice", title: media.title }];
    case "messageMediaStory":
      return [{ kind: "story" }];
    case "messageMediaGiveaway":
    case "messageMediaGiveawayResults":
      return [{ kind: "giveaway" }];
    default:
      return [{ kind: "other" }];
  }
}

function photoMedia(photo: tl.TypePhoto | undefined): Media {
  const item: Media = { kind: "photo" };
  if (photo?._ !== "photo") return item;
  const best = largestPhotoSize(photo);
  if (best) {
    Object.assign(item, { width: best.w, height: best.h, sizeBytes: best.size });
    item.remote = { type: "photo", id: photo.id.toString(), accessHash: photo.accessHash.toString(), dcId: photo.dcId, thumbSize: best.type };
  }
  return item;
}

/**
 * The largest full size of a photo (`photoSize`/`photoSizeProgressive`, by pixels): its size type,
 * dimensions and bytes. Stripped and cached thumbnails are not files of their own.
 */
export function largestPhotoSize(photo: tl.RawPhoto): { type: string; w: number; h: number; size: number } | undefined {
  let best: { type: string; w: number; h: number; size: number } | undefined;
  for (const size of photo.sizes) {
    const candidate =
      size._ === "photoSize"
        ? { type: size.type, w: size.w, h: size.h, size: size.size }
        : size._ === "photoSizeProgressive"
          ? { type: size.type, w: size.w, h: size.h, size: size.sizes[size.sizes.length - 1] ?? 0 }
          : undefined;
    if (candidate && (best === undefined || candidate.w * candidate.h > best.w * best.h)) best = candidate;
  }
  return best;
}

function documentMedia(media: tl.RawMessageMediaDocument): Media {
  const document = media.document;
  if (document?._ !== "document") return { kind: media.voice ? "voice" : media.round ? "round_video" : media.video ? "video" : "document" };
  const item: Media = { kind: "document", mimeType: document.mimeType, sizeBytes: document.size };
  let kind: MediaKind = "document";
  for (const attribute of document.attributes) {
    switch (attribute._) {
      case "documentAttributeVideo":
        if (kind === "document") kind = attribute.roundMessage ? "round_video" : "video";
        Object.assign(item, { width: attribute.w, height: attribute.h, durationSeconds: attribute.duration });
        break;
      case "documentAttributeAudio":
        kind = attribute.voice ? "voice" : "audio";
        item.durationSeconds = attribute.duration;
        if (attribute.title) item.title = attribute.title;
        if (attribute.performer) item.performer = attribute.performer;
        break;
      case "documentAttributeSticker":
        kind = "sticker";
        if (attribute.alt) item.emoji = attribute.alt;
        break;
      case "documentAttributeAnimated":
        if (kind !== "sticker") kind = "animation";
        break;
      case "documentAttributeFilename":
        item.fileName = attribute.fileName;
        break;
      case "documentAttributeImageSize":
        Object.assign(item, { width: attribute.w, height: attribute.h });
        break;
    }
  }
  item.kind = kind;
  item.remote = { type: "document", id: document.id.toString(), accessHash: document.accessHash.toString(), dcId: document.dcId };
  return item;
}

function webPageMedia(page: tl.TypeWebPage): Media[] {
  if (page._ === "webPage") {
    const webpage: Media["webpage"] = { url: page.url };
    if (page.siteName) webpage.siteName = page.siteName;
    if (page.title) webpage.title = page.title;
    if (page.description) webpage.description = page.description;
    return [{ kind: "webpage", webpage }];
  }
  if ((page._ === "webPagePending" || page._ === "webPageEmpty" || page._ === "webPageNotModified") && "url" in page && page.url) {
    return [{ kind: "webpage", webpage: { url: page.url } }];
  }
  return [];
}

function pollOf(poll: tl.TypePoll, results: tl.TypePollResults): Poll {
  const voters = new Map<string, number>();
  for (const result of results.results ?? []) {
    if (result.voters !== undefined) voters.set(Buffer.from(result.option).toString("hex"), result.voters);
  }
  const out: Poll = {
    question: poll.question.text,
    options: poll.answers.map((answer) => {
      if (answer._ !== "pollAnswer") return { text: answer.text.text };
      const count = voters.get(Buffer.from(answer.option).toString("hex"));
      return count === undefined ? { text: answer.text.text } : { text: answer.text.text, voters: count };
    }),
  };
  if (results.totalVoters !== undefined) out.totalVoters = results.totalVoters;
  if (poll.quiz) out.quiz = true;
  if (poll.closed) out.closed = true;
  return out;
}

function position(geo: tl.TypeGeoPoint): { latitude?: number; longitude?: number } {
  return geo._ === "geoPoint" ? { latitude: geo.lat, longitude: geo.long } : {};
}
