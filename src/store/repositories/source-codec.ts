/** Domain `Source` ↔ `sources` rows. */
import type { Insertable, Selectable } from "kysely";
import type { CollectedVia, PeerKind, Source } from "../../domain/index.js";
import type { SourceRow } from "../database.js";
import { decodeJson, encodeJson } from "../json-codec.js";
import { fromUnixSeconds } from "../../lib/index.js";
import type { SourceSummary, StoredSource } from "../store.js";

/** Columns an observation of a source determines. */
export type SourceValues = Omit<
  Insertable<SourceRow>,
  "id" | "collected_via" | "first_seen_at_ms" | "last_collected_at_ms" | "updated_at_ms" | "message_count" | "first_message_date" | "last_message_date"
>;

/** Column values of the fields `source` has; fields it lacks are left out so stored values stay. */
export function encodeSource(source: Source): SourceValues {
  const values: SourceValues = {};
  if (source.peerId !== undefined) values.peer_id = source.peerId;
  if (source.kind !== undefined) values.kind = source.kind;
  if (source.username !== undefined) values.username = source.username;
  if (source.usernames !== undefined) values.usernames = encodeJson(source.usernames);
  if (source.title !== undefined) values.title = source.title;
  if (source.about !== undefined) values.about = source.about;
  if (source.memberCount !== undefined) values.member_count = source.memberCount;
  if (source.memberCountApproximate !== undefined) values.member_count_approximate = source.memberCountApproximate;
  if (source.onlineCount !== undefined) values.online_count = source.onlineCount;
  if (source.photoUrl !== undefined) values.photo_url = source.photoUrl;
  if (source.photoId !== undefined) values.photo_id = source.photoId;
  if (source.verified !== undefined) values.verified = source.verified;
  if (source.scam !== undefined) values.scam = source.scam;
  if (source.fake !== undefined) values.fake = source.fake;
  if (source.restricted !== undefined) values.restricted = source.restricted;
  if (source.linkedChatId !== undefined) values.linked_chat_id = source.linkedChatId;
  if (source.counters !== undefined) values.counters = encodeJson(source.counters);
  return values;
}

/** The stored source of a row (its message statistics are read by {@link decodeSourceSummary}). */
export function decodeSource(row: Selectable<SourceRow>): StoredSource {
  const source: StoredSource = {
    id: row.id,
    firstSeenAt: new Date(Number(row.first_seen_at_ms)),
    collectedVia: row.collected_via as CollectedVia,
  };
  if (row.last_collected_at_ms !== null) source.lastCollectedAt = new Date(Number(row.last_collected_at_ms));
  if (row.peer_id !== null) source.peerId = BigInt(row.peer_id);
  if (row.kind !== null) source.kind = row.kind as PeerKind;
  if (row.username !== null) source.username = row.username;
  if (row.usernames !== null) source.usernames = decodeJson(row.usernames);
  if (row.title !== null) source.title = row.title;
  if (row.about !== null) source.about = row.about;
  if (row.member_count !== null) source.memberCount = row.member_count;
  if (row.member_count_approximate !== null) source.memberCountApproximate = Boolean(row.member_count_approximate);
  if (row.online_count !== null) source.onlineCount = row.online_count;
  if (row.photo_url !== null) source.photoUrl = row.photo_url;
  if (row.photo_id !== null) source.photoId = row.photo_id;
  if (row.verified !== null) source.verified = Boolean(row.verified);
  if (row.scam !== null) source.scam = Boolean(row.scam);
  if (row.fake !== null) source.fake = Boolean(row.fake);
  if (row.restricted !== null) source.restricted = Boolean(row.restricted);
  if (row.linked_chat_id !== null) source.linkedChatId = BigInt(row.linked_chat_id);
  if (row.counters !== null) source.counters = decodeJson(row.counters);
  return source;
}

/** The source of a row with its message statistics. */
export function decodeSourceSummary(row: Selectable<SourceRow>): SourceSummary {
  const summary: SourceSummary = { ...decodeSource(row), messageCount: row.message_count };
  if (row.first_message_date !== null) summary.firstMessageDate = fromUnixSeconds(Number(row.first_message_date));
  if (row.last_message_date !== null) summary.lastMessageDate = fromUnixSeconds(Number(row.last_message_date));
  return summary;
}
