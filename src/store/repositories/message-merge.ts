/**
 * How a new observation of an archived message combines with what is stored: counters and edit
 * state follow the observation; content follows it only when its content hash differs; whatever the
 * observation lacks (`undefined`) keeps the stored value.
 */
import { messageFacts, type Media, type Message, type MessageFacts } from "../../domain/index.js";
import { encodeJson } from "../json-codec.js";

/**
 * The facts the archive keeps for a message: {@link messageFacts} of its content without the media's
 * `remote` locations. Where a file is on Telegram is not content: a message archived before tgscope
 * kept locations, seen again with them, keeps its content hash (no edit is recorded).
 */
export function observedFacts(message: Message): MessageFacts {
  if (!message.media.some((item) => item.remote !== undefined)) return messageFacts(message);
  return messageFacts({ ...message, media: message.media.map(withoutRemote) });
}

/** A media item without its `remote` location. */
export function withoutRemote({ remote: _remote, ...rest }: Media): Media {
  return rest;
}

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
  } else {
    merged.media = learnRemotes(current.media, next.media);
  }
  return merged;
}

function keep<K extends keyof Message>(merged: Message, next: Message, key: K): void {
  if (next[key] !== undefined) merged[key] = next[key];
}

/**
 * `next`'s media, keeping the download state (`sha256`, `localPath`), URL and location of a stored
 * item at the same position that describes the same file.
 */
function mergeMedia(current: Media[], next: Media[]): Media[] {
  return next.map((item, position) => {
    const stored = current[position];
    if (stored === undefined || !sameFile(stored, item)) return item;
    return {
      ...item,
      url: item.url ?? stored.url,
      sha256: item.sha256 ?? stored.sha256,
      localPath: item.localPath ?? stored.localPath,
      remote: item.remote ?? stored.remote,
    };
  });
}

/**
 * The stored media of unchanged content, with the `remote` location `next` reports for an item
 * archived without one (before tgscope kept locations).
 */
function learnRemotes(current: Media[], next: Media[]): Media[] {
  if (!next.some((item) => item.remote !== undefined)) return current;
  return current.map((stored, position) => {
    const item = next[position];
    return stored.remote === undefined && item?.remote !== undefined && sameFile(stored, item) ? { ...stored, remote: item.remote } : stored;
  });
}

/** Both items describe the same file (and, when both know it, at the same location). */
function sameFile(a: Media, b: Media): boolean {
  if (describe(a) !== describe(b)) return false;
  return a.remote === undefined || b.remote === undefined || (a.remote.type === b.remote.type && a.remote.id === b.remote.id);
}

/** A media item without what downloading, CDN links and Telegram's file locations change. */
function describe({ url: _url, sha256: _sha256, localPath: _localPath, remote: _remote, ...rest }: Media): string {
  return encodeJson(rest);
}
