/**
 * A Telegram peer that tgscope archives or observes.
 */

/** What kind of peer a source is. `group` is a basic (legacy) group; `supergroup` a megagroup channel. */
export type PeerKind = "channel" | "supergroup" | "group" | "user" | "bot";

/** How a message or source reached the archive. */
export type CollectedVia = "mtproto" | "web" | "export";

/**
 * A Telegram peer as an adapter sees it.
 *
 * Sources: MTProto `channels.getFullChannel`/`users.getFullUser`; the web preview header of
 * `t.me/s/<name>` and the `t.me/<name>` landing page; the top of a Desktop export `result.json`.
 * Fields an adapter cannot see are `undefined`.
 */
export interface Source {
  /**
   * Bot-API-style peer id: users and bots positive, basic groups negative, channels and supergroups
   * `-100…` (e.g. channel 2447843635 → `-1002447843635n`). Unknown on the web preview.
   */
  peerId?: bigint;
  /** Kind of peer; `undefined` when the adapter cannot tell. */
  kind?: PeerKind;
  /** Main public username without `@`, as Telegram spells it (case kept). */
  username?: string;
  /** Additional (collectible) usernames. */
  usernames?: string[];
  /** Title of a channel/group, or first + last name of a user. */
  title?: string;
  /** Description of a channel/group or bio of a user (plain text). */
  about?: string;
  /** Subscribers (channel) or members (group). */
  memberCount?: number;
  /** True when `memberCount` was read from a rounded form such as `1.1M`. */
  memberCountApproximate?: boolean;
  /** Members online, shown on group landing pages ("362 online"). */
  onlineCount?: number;
  /** URL of the profile photo as served by Telegram (web adapters). */
  photoUrl?: string;
  /** MTProto id of the current profile photo (`chatPhoto.photo_id`); it changes when the photo does. */
  photoId?: string;
  verified?: boolean;
  scam?: boolean;
  fake?: boolean;
  restricted?: boolean;
  /** Peer id of the linked discussion group (channels) or channel (discussion groups). */
  linkedChatId?: bigint;
  /** Counters shown on the web preview header, e.g. `{ photos: 12000, videos: 3400, links: 900 }`. */
  counters?: Record<string, number>;
}

/** Converts an MTProto channel id (positive, as in `channel2447843635`) to the Bot-API peer id `-1002447843635`. */
export function channelPeerId(channelId: bigint | number): bigint {
  return -1_000_000_000_000n - BigInt(channelId);
}

/**
 * The MTProto channel id of a Bot-API channel peer id (`-1002447843635` → `2447843635`), or
 * `undefined` for a user or basic-group id.
 */
export function channelIdOfPeerId(peerId: bigint): number | undefined {
  const channelId = -peerId - 1_000_000_000_000n;
  return channelId > 0n ? Number(channelId) : undefined;
}
