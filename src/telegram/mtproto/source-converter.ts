/**
 * MTProto `Channel` (+ `ChannelFull`) → domain {@link Source}.
 * Source: `chats` of `contacts.resolveUsername` / `channels.getChannels`, and `full_chat` of
 * `channels.getFullChannel`.
 */
import type { tl } from "@mtcute/node";
import type { Source } from "../../domain/index.js";
import { channelIdToPeerId, mainUsername } from "./peer-ids.js";

/** The source of a channel or supergroup; `full` adds the description, counts and linked chat. */
export function convertChannel(chat: tl.RawChannel, full?: tl.RawChannelFull): Source {
  const source: Source = {
    peerId: channelIdToPeerId(chat.id),
    kind: chat.megagroup || chat.gigagroup ? "supergroup" : "channel",
    title: chat.title,
    verified: chat.verified === true,
    scam: chat.scam === true,
    fake: chat.fake === true,
    restricted: chat.restricted === true,
  };
  if (chat.photo._ === "chatPhoto") source.photoId = chat.photo.photoId.toString();
  const username = mainUsername(chat);
  if (username !== undefined) source.username = username;
  const others = (chat.usernames ?? []).filter((u) => u.active && u.username !== username).map((u) => u.username);
  if (others.length > 0) source.usernames = others;
  const members = full?.participantsCount ?? chat.participantsCount;
  if (members !== undefined) source.memberCount = members;
  if (full === undefined) return source;
  if (full.about) source.about = full.about;
  if (full.onlineCount !== undefined) source.onlineCount = full.onlineCount;
  if (full.linkedChatId !== undefined) source.linkedChatId = channelIdToPeerId(full.linkedChatId);
  return source;
}
