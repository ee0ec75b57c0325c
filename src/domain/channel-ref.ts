/**
 * Channel references as users type them: `name`, `@name`, `t.me/name`, `https://t.me/s/name`,
 * `t.me/name/123`, `telegram.me/name`, or a Bot-API peer id (`-1001234567890`).
 */
import { InvalidChannelRefError } from "./errors.js";

/** A parsed channel reference: a public username (with an optional post id) or a numeric peer id. */
export type ChannelRef =
  | { kind: "username"; username: string; messageId?: number }
  | { kind: "peer_id"; peerId: bigint }
  | { kind: "invite"; hash: string };

const USERNAME = /^[A-Za-z][A-Za-z0-9_]{3,31}$/;
const LINK = /^(?:https?:\/\/)?(?:www\.)?(?:t\.me|telegram\.me|telegram\.dog)\/(.*)$/i;
/** Paths of t.me that are Telegram features, not usernames. */
const RESERVED = new Set(["joinchat", "addstickers", "addemoji", "share", "proxy", "socks", "login", "iv", "c", "s"]);

/**
 * Parses a channel reference.
 *
 * @param input - what the user typed, surrounding whitespace ignored
 * @returns the username (case kept) and optional post id, a peer id, or the hash of a private invite
 *   link (`t.me/+…`, `t.me/joinchat/…`), which adapters without an account reject as not public
 * @throws {InvalidChannelRefError} for anything else
 */
export function parseChannelRef(input: string): ChannelRef {
  const ref = input.trim();
  if (/^-?\d{1,19}$/.test(ref)) return { kind: "peer_id", peerId: BigInt(ref) };
  if (ref.startsWith("@")) return usernameRef(ref, ref.slice(1));
  const link = LINK.exec(ref);
  if (!link) return usernameRef(ref, ref);
  const path = (link[1] ?? "").split(/[?#]/)[0] ?? "";
  const parts = path.split("/").filter((p) => p.length > 0);
  if (parts[0] === "s") parts.shift();
  const [name, post] = parts;
  if (name?.startsWith("+") && name.length > 1) return { kind: "invite", hash: name.slice(1) };
  if (name?.toLowerCase() === "joinchat" && parts[1]) return { kind: "invite", hash: parts[1] };
  if (name === undefined || RESERVED.has(name.toLowerCase())) {
    throw new InvalidChannelRefError(input);
  }
  if (post === undefined) return usernameRef(input, name);
  if (!/^\d+$/.test(post) || parts.length > 2) throw new InvalidChannelRefError(input);
  return { ...usernameRef(input, name), messageId: Number(post) };
}

function usernameRef(input: string, name: string): { kind: "username"; username: string } {
  if (!USERNAME.test(name) || name.endsWith("_")) throw new InvalidChannelRefError(input);
  return { kind: "username", username: name };
}

/** Canonical form of a username for lookups and uniqueness: lower case, no `@`. */
export function normalizeUsername(username: string): string {
  return username.replace(/^@/, "").toLowerCase();
}

/** Like {@link parseChannelRef}, but `undefined` for text that is not a channel reference. */
export function tryParseChannelRef(input: string): ChannelRef | undefined {
  try {
    return parseChannelRef(input);
  } catch (error) {
    if (error instanceof InvalidChannelRefError) return undefined;
    throw error;
  }
}
