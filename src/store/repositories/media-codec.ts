/** Domain `Media` ↔ `media` rows. */
import type { Insertable, Selectable } from "kysely";
import type { Media, MediaKind } from "../../domain/index.js";
import type { MediaRow } from "../database.js";
import { decodeJson, encodeOptionalJson } from "../json-codec.js";
import { cellReader, type Cells } from "./cells.js";

/** A `media` row without its ids. */
export type MediaValues = Omit<Insertable<MediaRow>, "id" | "message_row_id">;

/** Columns to select for {@link decodeMedia}, in this order. */
export const MEDIA_COLUMNS = [
  "message_row_id", "kind", "mime_type", "size_bytes", "width", "height", "duration_seconds", "file_name", "title",
  "performer", "url", "emoji", "too_big", "sha256", "local_path", "poll", "webpage", "remote",
] as const satisfies readonly (keyof Selectable<MediaRow>)[];

const cell = cellReader<Selectable<MediaRow>, typeof MEDIA_COLUMNS>(MEDIA_COLUMNS);

/** Column values of one media item at `position`. */
export function encodeMedia(media: Media, position: number): MediaValues {
  return {
    position,
    kind: media.kind,
    mime_type: media.mimeType ?? null,
    size_bytes: media.sizeBytes ?? null,
    width: media.width ?? null,
    height: media.height ?? null,
    duration_seconds: media.durationSeconds ?? null,
    file_name: media.fileName ?? null,
    title: media.title ?? null,
    performer: media.performer ?? null,
    url: media.url ?? null,
    emoji: media.emoji ?? null,
    too_big: media.tooBig ?? null,
    sha256: media.sha256 ?? null,
    local_path: media.localPath ?? null,
    poll: encodeOptionalJson(media.poll),
    webpage: encodeOptionalJson(media.webpage),
    remote: encodeOptionalJson(media.remote),
  };
}

/** Message row id of a media row selected with {@link MEDIA_COLUMNS}. */
export function mediaMessageRowId(cells: Cells): number {
  return cell(cells, "message_row_id");
}

/** The media item of a row selected with {@link MEDIA_COLUMNS}. */
export function decodeMedia(cells: Cells): Media {
  const media: Media = { kind: cell(cells, "kind") as MediaKind };
  const mimeType = cell(cells, "mime_type");
  if (mimeType !== null) media.mimeType = mimeType;
  const sizeBytes = cell(cells, "size_bytes");
  if (sizeBytes !== null) media.sizeBytes = Number(sizeBytes);
  const width = cell(cells, "width");
  if (width !== null) media.width = width;
  const height = cell(cells, "height");
  if (height !== null) media.height = height;
  const durationSeconds = cell(cells, "duration_seconds");
  if (durationSeconds !== null) media.durationSeconds = durationSeconds;
  const fileName = cell(cells, "file_name");
  if (fileName !== null) media.fileName = fileName;
  const title = cell(cells, "title");
  if (title !== null) media.title = title;
  const performer = cell(cells, "performer");
  if (performer !== null) media.performer = performer;
  const url = cell(cells, "url");
  if (url !== null) media.url = url;
  const emoji = cell(cells, "emoji");
  if (emoji !== null) media.emoji = emoji;
  const tooBig = cell(cells, "too_big");
  if (tooBig !== null) media.tooBig = Boolean(tooBig);
  const sha256 = cell(cells, "sha256");
  if (sha256 !== null) media.sha256 = sha256;
  const localPath = cell(cells, "local_path");
  if (localPath !== null) media.localPath = localPath;
  const poll = cell(cells, "poll");
  if (poll !== null) media.poll = decodeJson(poll);
  const webpage = cell(cells, "webpage");
  if (webpage !== null) media.webpage = decodeJson(webpage);
  const remote = cell(cells, "remote");
  if (remote !== null) media.remote = decodeJson(remote);
  return media;
}
