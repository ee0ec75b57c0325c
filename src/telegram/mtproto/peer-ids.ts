/**
 * MTProto peers ↔ Bot-API peer ids (the form tgscope stores): users positive, basic groups negative,
 * channels and supergroups `-100…`.
 */
import type { tl } from "@mtcute/node";
import { channelPeerId } from "../../domain/index.js";

/** Bot-API peer id of an MTProto `Peer` (`peerUser`, `peerChat`, `peerChannel`). */
export function botApiPeerId(peer: tl.TypePeer): bigint {
  switch (peer._) {
    case "peerUser":
      return BigInt(peer.userId);
    case "peerChat":
      return -BigInt(peer.chatId);
    case "peerChannel":
      return channelPeerId(peer.channelId);
  }
}

/** Bot-API peer id of a channel or supergroup id as MTProto gives it (`channel.id`, `linked_chat_id`). */
export function channelIdToPeerId(channelId: number): bigint {
  return channelPeerId(channelId);
}

/**
 * Names and usernames of the chats and users that came with an MTProto answer (`chats`, `users`),
 * to name the peers a message refers to (forward origin, sender, via bot).
 */
export class PeerDirectory {
  readonly #peers = new Map<bigint, { name?: string; username?: string }>();

  constructor(chats: readonly tl.TypeChat[], users: readonly tl.TypeUser[]) {
    for (const chat of chats) {
      if (chat._ === "channel" || chat._ === "channelForbidden") {
        this.#peers.set(channelPeerId(chat.id), { name: chat.title, username: chat._ === "channel" ? mainUsername(chat) : undefined });
      } else if (chat._ === "chat" || chat._ === "chatForbidden") {
        this.#peers.set(-BigInt(chat.id), { name: chat.title });
      }
    }
    for (const user of users) {
      if (user._ !== "user") continue;
      const name = [user.firstName, user.lastName].filter(Boolean).join(" ") || undefined;
      this.#peers.set(BigInt(user.id), { name, username: mainUsername(user) });
    }
  }

  /** Display name (title, or first + last name) of a peer by Bot-API id, when it came with the answer. */
  name(peerId: bigint): string | undefined {
    return this.#peers.get(peerId)?.name;
  }

  /** Main public username of a peer by Bot-API id, when it has one and came with the answer. */
  username(peerId: bigint): string | undefined {
    return this.#peers.get(peerId)?.username;
  }
}

/** The main username of a channel or user: `username`, else the first active collectible one. */
export function mainUsername(peer: { username?: string; usernames?: tl.TypeUsername[] }): string | undefined {
  return peer.username ?? peer.usernames?.find((u) => u.active)?.username;
}
