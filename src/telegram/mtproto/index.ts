/**
 * The MTProto adapter (the only importer of mtcute): clients per account, channel reads converted to
 * domain types, RPC errors translated to tgscope's error classes.
 */
export { openTelegramClient, DEFAULT_FLOOD_SLEEP_THRESHOLD_SECONDS } from "./telegram-client.js";
export type { OpenTelegramClientOptions, TelegramConnection } from "./telegram-client.js";
export { DEFAULT_CALL_TIMEOUT_MS, HISTORY_PAGE_SIZE, MtprotoChannelClient } from "./channel-client.js";
export { translateAccountError, translateRpcError } from "./rpc-errors.js";
export type { ChannelAccess, MtprotoHistoryPage, MtprotoRepliesPage, ResolvedChannel } from "./channel-client.js";
export { relayConnection } from "./relay-connection.js";
export { sendLoginCode, signInWithCode, signInWithPassword, signInBot, logOut } from "./sign-in.js";
export type { LoginCodeSent, PhoneCodeLogin, SignedIn, SignedInUser, SignInResult } from "./sign-in.js";
export { TelegramAccountClient } from "./account-client.js";
export type { DownloadMediaOptions } from "./channel-client.js";
