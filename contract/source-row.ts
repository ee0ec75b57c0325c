/**
 * The flat source record of `tgscope sources --json` and `GET /api/sources`.
 */
import type { SourceSummary } from "../src/store/index.js";

/** A source as the CLI and the API show it. Dates are ISO 8601 UTC; peer ids decimal strings. */
export interface SourceRow {
  id: number;
  peer_id: string | null;
  kind: string | null;
  username: string | null;
  title: string | null;
  about: string | null;
  member_count: number | null;
  member_count_approximate: boolean;
  verified: boolean;
  photo_url: string | null;
  /** MTProto id of the current profile photo (changes when the photo does). */
  photo_id: string | null;
  message_count: number;
  first_message_date: string | null;
  last_message_date: string | null;
  first_seen_at: string;
  last_collected_at: string | null;
  collected_via: string;
  /** `https://t.me/<username>` when the source has a username. */
  url: string | null;
}

/** Maps an archived source with statistics to its {@link SourceRow}. */
export function toSourceRow(s: SourceSummary): SourceRow {
  return {
    id: s.id,
    peer_id: s.peerId?.toString() ?? null,
    kind: s.kind ?? null,
    username: s.username ?? null,
    title: s.title ?? null,
    about: s.about ?? null,
    member_count: s.memberCount ?? null,
    member_count_approximate: s.memberCountApproximate ?? false,
    verified: s.verified ?? false,
    photo_url: s.photoUrl ?? null,
    photo_id: s.photoId ?? null,
    message_count: s.messageCount,
    first_message_date: s.firstMessageDate?.toISOString() ?? null,
    last_message_date: s.lastMessageDate?.toISOString() ?? null,
    first_seen_at: s.firstSeenAt.toISOString(),
    last_collected_at: s.lastCollectedAt?.toISOString() ?? null,
    collected_via: s.collectedVia,
    url: s.username ? `https://t.me/${s.username}` : null,
  };
}
