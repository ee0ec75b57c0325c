/**
 * How a new observation of an archived message combines with what is stored: counters and edit
 * state follow the observation; content follows it only when its content hash differs; whatever the
 * observation lacks (`undefined`) keeps the stored value.
 */
import type { Media, Message } from "../../domain/index.js";
import { encodeJson } from "../json-codec.js";

/**
 * The message after observing `next` over `current`.
 *
 * @param contentChanged - `next`'s content hash differs from `current`'s: take its text, entities
 *   and media, and its headers where it has them
 */
export function mergeObservation(current: Message, next: Message, contentChanged: boolean): Message {
  const merged: Message = {
    ...current,
    edited: current.edited || next.edited,
    reactions: next.reactions,
  };
  if (next.views !== undefined) {
    merged.views = next.views;
    merged.viewsApproximate = next.viewsApproximate;
  }
  keep(merged, next, "editDate");
  keep(merged, next, "forwards");
  keep(merged, next, "repliesCount");
  keep(merged, next, "sender");
  keep(merged, next, "groupedId");
  keep(merged, next, "buttons");
  keep(merged, next, "deletedAt");
  keep(merged, next, "commentTo");
  if (contentChanged) {
    merged.text = next.text;
    merged.entities = next.entities;
    merged.media = mergeMedia(current.media, next.media);
    keep(merged, next, "postAuthor");
    keep(merged, next, "replyTo");
    keep(merged, next, "forward");
    keep(merged, next, "viaBot");
    keep(merged, next, "service");
  }
  return merged;
}

function keep<K extends keyof Message>(merged: Message, next: Message, key: K): void {
  if (next[key] !== undefined) merged[key] = next[key];
}

/**
 * `next`'s media, keeping the download state (`sha256`, `localPath`) and URL of a stored item at the
 * same position that describes the same file.
 */
function mergeMedia(current: Media[], next: Media[]): Media[] {
  return next.map((item, position) => {
    const stored = current[position];
    if (stored === undefined || describe(stored) !== describe(item)) return item;
    return { ...item, url: item.url ?? stored.url, sha256: item.sha256 ?? stored.sha256, localPath: item.localPath ?? stored.localPath };
  });
}

/** A media item without what downloading and CDN links change. */
function describe({ url: _url, sha256: _sha256, localPath: _localPath, ...rest }: Media): string {
  return encodeJson(rest);
}
