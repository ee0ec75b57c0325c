/**
 * Media attached to a message, described (not downloaded) by the adapters.
 */

/** Kinds of media tgscope distinguishes. `webpage` is a link preview; `round_video` a video note. */
export type MediaKind =
  | "photo"
  | "video"
  | "round_video"
  | "animation"
  | "voice"
  | "audio"
  | "document"
  | "sticker"
  | "poll"
  | "webpage"
  | "location"
  | "venue"
  | "contact"
  | "dice"
  | "game"
  | "invoice"
  | "story"
  | "giveaway"
  | "other";

/**
 * Kinds whose items are files tgscope can download (MTProto photos and documents); the others
 * (polls, link previews, locations …) are descriptions only.
 */
export const DOWNLOADABLE_MEDIA_KINDS: readonly MediaKind[] = ["photo", "video", "round_video", "animation", "voice", "audio", "document", "sticker"];

/** One option of a poll with the share of votes Telegram shows. */
export interface PollOption {
  text: string;
  /** Votes for this option when known (MTProto results); the web preview shows only `percent`. */
  voters?: number;
  /** Percentage of voters (0–100) as shown on the web preview. */
  percent?: number;
}

/** A poll (MTProto `messageMediaPoll`, web `tgme_widget_message_poll`). */
export interface Poll {
  question: string;
  options: PollOption[];
  /** Total number of voters. */
  totalVoters?: number;
  /** Poll type label, e.g. "Anonymous poll", "Quiz". */
  type?: string;
  quiz?: boolean;
  closed?: boolean;
}

/** A link preview (MTProto `messageMediaWebPage`, web `tgme_widget_message_link_preview`). */
export interface WebPagePreview {
  url: string;
  siteName?: string;
  title?: string;
  description?: string;
}

/**
 * Where Telegram keeps the file of an MTProto photo or document: enough to ask for it again with a
 * fresh message (`channels.getMessages`), whose file reference — which expires, so it is never stored —
 * completes the `inputPhotoFileLocation`/`inputDocumentFileLocation`. 64-bit values are decimal strings.
 */
export interface MediaRemote {
  type: "photo" | "document";
  /** Photo or document id; the same file forwarded to another post keeps its id. */
  id: string;
  /** Access hash of the photo or document. */
  accessHash: string;
  /** Data centre holding the file. */
  dcId: number;
  /** Size type of a photo's largest size (`y`, `x`, `w` …): the one tgscope downloads. */
  thumbSize?: string;
}

/**
 * One media item of a message. Sizes are in bytes, durations in seconds, dimensions in pixels.
 * Web-preview items have `url` (the CDN/thumbnail URL shown on the page) and rarely sizes; Desktop
 * exports have `fileName` (relative path inside the export) and sizes.
 */
export interface Media {
  kind: MediaKind;
  mimeType?: string;
  sizeBytes?: number;
  width?: number;
  height?: number;
  durationSeconds?: number;
  fileName?: string;
  /** Title (audio track, document name as shown). */
  title?: string;
  /** Performer of an audio track. */
  performer?: string;
  /** URL of the file or its thumbnail as served by Telegram's web preview. */
  url?: string;
  /** Position of a location or venue, in degrees (WGS 84). */
  latitude?: number;
  longitude?: number;
  /** Street address of a venue. */
  address?: string;
  /** Emoji of a sticker or dice. */
  emoji?: string;
  /** The file was too big for the web preview ("Media is too big"). */
  tooBig?: boolean;
  /** Hex SHA-256 of the downloaded file. */
  sha256?: string;
  /** Path of the downloaded file relative to the data directory. */
  localPath?: string;
  /** Where an MTProto photo or document is on Telegram (absent for web-preview and export media). */
  remote?: MediaRemote;
  poll?: Poll;
  webpage?: WebPagePreview;
}
