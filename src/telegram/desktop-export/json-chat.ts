/**
 * The header of a chat in a Desktop `result.json` (`name`, `type`, `id`; `export_output_json.cpp`,
 * `writeDialogStart`) → domain {@link Source}.
 */
import { channelPeerId, type PeerKind, type Source } from "../../domain/index.js";

/** The scalar fields Desktop writes before a chat's `messages`: `id` is kept as written (digits). */
export interface ChatHeader {
  name?: string;
  type?: string;
  id?: string;
}

/** Desktop's dialog types → our peer kinds. `replies` (the Replies service chat) and unknown types have none. */
const PEER_KINDS: Record<string, PeerKind> = {
  public_channel: "channel",
  private_channel: "channel",
  public_supergroup: "supergroup",
  private_supergroup: "supergroup",
  private_group: "group",
  personal_chat: "user",
  bot_chat: "bot",
  saved_messages: "user",
};

/**
 * Builds the source of a chat. The bare `id` becomes a Bot-API peer id by kind: channels and
 * supergroups `-100…`, basic groups negative, users and bots positive; without a kind the peer id is
 * left out because its sign cannot be told. Saved Messages have no `name`, so no title.
 */
export function sourceFromChatHeader(header: ChatHeader): Source {
  const source: Source = {};
  const kind = header.type === undefined ? undefined : PEER_KINDS[header.type];
  if (kind) source.kind = kind;
  if (header.name !== undefined) source.title = header.name;
  if (kind && header.id !== undefined && /^\d+$/.test(header.id)) {
    const id = BigInt(header.id);
    source.peerId = kind === "channel" || kind === "supergroup" ? channelPeerId(id) : kind === "group" ? -id : id;
  }
  return source;
}
