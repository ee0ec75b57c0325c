/**
 * mtcute's `RpcError`s → tgscope's error classes, so retry and reporting logic branches on classes,
 * never on Telegram's error texts.
 */
import { MtTimeoutError, tl } from "@mtcute/node";
import {
  AccountBannedError,
  ChannelPrivateError,
  FileReferenceExpiredError,
  FloodWaitError,
  InvalidChannelRefError,
  SessionRevokedError,
  TelegramRpcError,
  TelegramTimeoutError,
  UsernameNotFoundError,
} from "../../domain/index.js";

/**
 * tgscope's error for an mtcute `RpcError` of `method` about `peer`: account errors (see
 * {@link translateAccountError}), {@link FloodWaitError}, {@link UsernameNotFoundError},
 * {@link InvalidChannelRefError}, {@link ChannelPrivateError}, {@link FileReferenceExpiredError}, else
 * {@link TelegramRpcError}.
 * Errors that are not RPC errors pass through.
 */
export function translateRpcError(error: unknown, method: string, peer: string): unknown {
  if (error instanceof MtTimeoutError) return new TelegramTimeoutError(method, error.timeout, { cause: error });
  if (!tl.RpcError.is(error)) return error;
  const account = translateAccountError(error);
  if (account !== error) return account;
  const options = { cause: error };
  const text = error.text;
  // mtcute keeps the template (`FLOOD_WAIT_%d`) as the text and the number as `seconds`.
  if (/^(?:FLOOD_WAIT|FLOOD_PREMIUM_WAIT|SLOWMODE_WAIT)_(?:%d|\d+)$/.test(text)) {
    const seconds = (error as { seconds?: number }).seconds ?? Number(text.slice(text.lastIndexOf("_") + 1));
    return new FloodWaitError(method, seconds, new Date(), options);
  }
  switch (text) {
    case "USERNAME_NOT_OCCUPIED":
      return new UsernameNotFoundError(peer.replace(/^@/, ""), options);
    case "USERNAME_INVALID":
      return new InvalidChannelRefError(peer, options);
    case "CHANNEL_PRIVATE":
    case "CHANNEL_INVALID":
    case "CHANNEL_PUBLIC_GROUP_NA":
      return new ChannelPrivateError(peer, options);
    case "FILE_REFERENCE_EXPIRED":
      return new FileReferenceExpiredError(method, options);
    default:
      return new TelegramRpcError(method, error.code, text, options);
  }
}

/**
 * tgscope's error for an mtcute `RpcError` that means the account itself is unusable, from any method:
 * {@link AccountBannedError} (`PHONE_NUMBER_BANNED`, `USER_DEACTIVATED_BAN`, `USER_DEACTIVATED`) or
 * {@link SessionRevokedError} (`AUTH_KEY_UNREGISTERED`, `SESSION_REVOKED`, `SESSION_EXPIRED`). Every
 * other error is returned unchanged, for the caller's own translation.
 */
export function translateAccountError(error: unknown): unknown {
  if (!tl.RpcError.is(error)) return error;
  switch (error.text) {
    case "PHONE_NUMBER_BANNED":
    case "USER_DEACTIVATED_BAN":
    case "USER_DEACTIVATED":
      return new AccountBannedError(error.text, { cause: error });
    case "AUTH_KEY_UNREGISTERED":
    case "SESSION_REVOKED":
    case "SESSION_EXPIRED":
      return new SessionRevokedError(error.text, { cause: error });
    default:
      return error;
  }
}
