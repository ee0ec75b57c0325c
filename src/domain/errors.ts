/**
 * Error classes shared by every room of tgscope.
 *
 * Each error has a stable `code` (snake_case, safe to show and to branch on) and carries the context a
 * user needs to act. Errors that mean "the input is wrong" extend {@link BadInputError}: the CLI maps
 * them to exit code 2 and the API to HTTP 400/404; every other error is a runtime failure (exit 1,
 * HTTP 5xx). Only `api/` and `cli/` translate errors into HTTP statuses or exit codes.
 */

/** Base class of every error tgscope throws on purpose. */
export abstract class TgscopeError extends Error {
  /** Stable machine-readable code, e.g. `"username_not_occupied"`. */
  abstract readonly code: string;
}

/** The user gave input that cannot be used: a bad argument, file, query or reference. */
export abstract class BadInputError extends TgscopeError {}

/** A channel reference (`name`, `@name`, `t.me/name`, `https://t.me/s/name`, `t.me/name/123`) that cannot be parsed. */
export class InvalidChannelRefError extends BadInputError {
  readonly code = "invalid_channel_ref";
  constructor(readonly ref: string, options?: ErrorOptions) {
    super(
      `"${ref}" is not a Telegram channel reference; use a username (5–32 letters, digits or _), @name, t.me/name or https://t.me/s/name`,
      options,
    );
    this.name = "InvalidChannelRefError";
  }
}

/** No Telegram peer has this username (`t.me/<name>` shows a generic contact page; MTProto `USERNAME_NOT_OCCUPIED`). */
export class UsernameNotFoundError extends BadInputError {
  readonly code = "username_not_occupied";
  constructor(readonly username: string, options?: ErrorOptions) {
    super(`@${username} does not exist on Telegram; check the spelling of the username`, options);
    this.name = "UsernameNotFoundError";
  }
}

/**
 * The peer exists but its messages cannot be read this way: a private channel, a group, a user or bot,
 * or a channel whose owner disabled the public web preview (`t.me/s/<name>` redirects to `t.me/<name>`).
 */
export class ChannelNotPublicError extends BadInputError {
  readonly code = "channel_not_public";
  /**
   * @param channel - how to name the peer to the user: `@name`, or the invite link of a private chat
   * @param reason - what it is, e.g. "a group", "a private invite link"
   */
  constructor(readonly channel: string, readonly reason: string, options?: ErrorOptions) {
    super(`${channel} has no public web preview (${reason}); collect it with --via mtproto from an account that can read it`, options);
    this.name = "ChannelNotPublicError";
  }
}

/** A file given to `tgscope import` is not a Telegram Desktop export. */
export class NotAnExportError extends BadInputError {
  readonly code = "not_an_export";
  constructor(readonly path: string, readonly reason: string, options?: ErrorOptions) {
    super(`${path} is not a Telegram Desktop export (${reason}); pick result.json or messages.html from the export folder`, options);
    this.name = "NotAnExportError";
  }
}

/** A Telegram Desktop export file ends before its JSON/HTML is complete (a cut download or copy). */
export class TruncatedExportError extends BadInputError {
  readonly code = "export_truncated";
  constructor(readonly path: string, readonly reason: string, options?: ErrorOptions) {
    super(`${path} is truncated or corrupt (${reason}); export the chat again from Telegram Desktop`, options);
    this.name = "TruncatedExportError";
  }
}

/** A full-text search query that does not follow the query syntax (e.g. an unbalanced quote). */
export class SearchQuerySyntaxError extends BadInputError {
  readonly code = "query_syntax";
  constructor(readonly query: string, readonly reason: string, options?: ErrorOptions) {
    super(
      `search query ${JSON.stringify(query)} is invalid: ${reason}; use words, "exact phrases", -excluded words and OR`,
      options,
    );
    this.name = "SearchQuerySyntaxError";
  }
}

/** An option or argument has a value that cannot be used (a bad date, a negative limit, …). */
export class InvalidOptionError extends BadInputError {
  readonly code = "invalid_option";
  constructor(readonly option: string, message: string, options?: ErrorOptions) {
    super(`${option}: ${message}`, options);
    this.name = "InvalidOptionError";
  }
}

/** A source named in a query or command is not in the archive. */
export class SourceNotFoundError extends BadInputError {
  readonly code = "source_not_found";
  constructor(readonly source: string, options?: ErrorOptions) {
    super(`source "${source}" is not in the archive; run \`tgscope sources\` to list archived sources`, options);
    this.name = "SourceNotFoundError";
  }
}

/** Configuration (environment, `.env`, flags) is invalid. */
export class ConfigError extends BadInputError {
  readonly code = "config_invalid";
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ConfigError";
  }
}

/** A web page of Telegram could not be fetched after all retries (network error, repeated 5xx/429). */
export class TelegramWebError extends TgscopeError {
  readonly code = "telegram_web_unavailable";
  constructor(readonly url: string, readonly status: number | undefined, message: string, options?: ErrorOptions) {
    super(`${message} (${url}${status === undefined ? "" : `, HTTP ${status}`}); try again later or raise TGSCOPE_WEB_DELAY_MS`, options);
    this.name = "TelegramWebError";
  }
}

/** MTProto `CHANNEL_PRIVATE`/`CHANNEL_INVALID`: the account cannot read this channel or group. */
export class ChannelPrivateError extends BadInputError {
  readonly code = "channel_private";
  /** @param channel - how to name the peer to the user, e.g. `@name` or a peer id */
  constructor(readonly channel: string, options?: ErrorOptions) {
    super(`${channel} is private or this account was banned from it; join it with the account first, or collect it with an account that can read it`, options);
    this.name = "ChannelPrivateError";
  }
}

/**
 * Telegram asked to wait (`FLOOD_WAIT_N`, `FLOOD_PREMIUM_WAIT_N`) longer than the client sleeps by
 * itself. The account pool parks the account until {@link FloodWaitError.until} and moves the work on.
 */
export class FloodWaitError extends TgscopeError {
  readonly code = "flood_wait";
  /** When the wait ends. */
  readonly until: Date;
  /**
   * @param method - the MTProto method that was refused, e.g. `messages.getHistory`
   * @param retryAfterSeconds - the `N` of `FLOOD_WAIT_N`
   * @param now - the clock to count from (default: the current time)
   */
  constructor(readonly method: string, readonly retryAfterSeconds: number, now = new Date(), options?: ErrorOptions) {
    super(`Telegram asks to wait ${retryAfterSeconds} s before calling ${method} again with this account; tgscope moves the work to another account or retries later`, options);
    this.name = "FloodWaitError";
    this.until = new Date(now.getTime() + retryAfterSeconds * 1000);
  }
}

/** Any other error Telegram answered to an MTProto call (after mtcute's own retries). */
export class TelegramRpcError extends TgscopeError {
  readonly code = "telegram_rpc";
  /**
   * @param method - the MTProto method, e.g. `channels.getFullChannel`
   * @param errorCode - the RPC error code (400, 403, 406, 500 …)
   * @param errorMessage - Telegram's error text, e.g. `CHAT_ADMIN_REQUIRED`
   */
  constructor(readonly method: string, readonly errorCode: number, readonly errorMessage: string, options?: ErrorOptions) {
    super(`Telegram answered ${errorCode} ${errorMessage} to ${method}`, options);
    this.name = "TelegramRpcError";
  }
}

/** `tgscope accounts add` for a label (phone number or bot username) that another stored account already has. */
export class AccountExistsError extends BadInputError {
  readonly code = "account_exists";
  /** @param label - the label as given: a phone number in international form or a bot username */
  constructor(readonly label: string, options?: ErrorOptions) {
    super(`an account labelled "${label}" already exists; remove it first with \`tgscope accounts remove ${label}\`, then add it again`, options);
    this.name = "AccountExistsError";
  }
}

/** A stored Telegram account named by row id (or reference) does not exist. */
export class AccountNotFoundError extends BadInputError {
  readonly code = "account_not_found";
  /** @param account - the reference as given: a row id, label or username */
  constructor(readonly account: string | number, options?: ErrorOptions) {
    super(`account ${typeof account === "number" ? `#${account}` : `"${account}"`} does not exist; run \`tgscope accounts list\` to see the stored accounts`, options);
    this.name = "AccountNotFoundError";
  }
}

/** MTProto `PHONE_NUMBER_INVALID`/`PHONE_NUMBER_UNOCCUPIED`: the phone number cannot sign in to Telegram. */
export class PhoneNumberInvalidError extends BadInputError {
  readonly code = "phone_number_invalid";
  /**
   * @param reason - `malformed`: not a phone number in international form; `unoccupied`: no Telegram
   * account uses it (tgscope does not sign up new accounts)
   */
  constructor(readonly reason: "malformed" | "unoccupied" = "malformed", options?: ErrorOptions) {
    super(
      reason === "unoccupied"
        ? "no Telegram account uses this phone number; create the account in an official Telegram app first, then add it again"
        : "the phone number is not valid; give it in international form with the country code, e.g. +15550001111",
      options,
    );
    this.name = "PhoneNumberInvalidError";
  }
}

/** MTProto `PHONE_CODE_INVALID`/`PHONE_CODE_EMPTY`: the login code does not match the one Telegram sent. */
export class PhoneCodeInvalidError extends BadInputError {
  readonly code = "phone_code_invalid";
  constructor(options?: ErrorOptions) {
    super("the login code is wrong; check the code Telegram sent (in the Telegram app, or by SMS) and enter it again", options);
    this.name = "PhoneCodeInvalidError";
  }
}

/** MTProto `PHONE_CODE_EXPIRED`: the login code is too old, already used, or was requested on another connection. */
export class PhoneCodeExpiredError extends BadInputError {
  readonly code = "phone_code_expired";
  constructor(options?: ErrorOptions) {
    super("the login code has expired; ask Telegram for a new code and enter that one", options);
    this.name = "PhoneCodeExpiredError";
  }
}

/** MTProto `PASSWORD_HASH_INVALID`: the two-step verification (cloud) password is wrong. */
export class PasswordInvalidError extends BadInputError {
  readonly code = "password_invalid";
  constructor(options?: ErrorOptions) {
    super("the two-step verification password is wrong; enter the account's cloud password again (Telegram shows its hint)", options);
    this.name = "PasswordInvalidError";
  }
}

/** MTProto `ACCESS_TOKEN_INVALID`/`ACCESS_TOKEN_EXPIRED`: the bot token is unknown or was revoked. */
export class BotTokenInvalidError extends BadInputError {
  readonly code = "bot_token_invalid";
  constructor(options?: ErrorOptions) {
    super("the bot token is invalid or was revoked; copy the bot's current token from @BotFather (/token) and try again", options);
    this.name = "BotTokenInvalidError";
  }
}

/** MTProto `PHONE_NUMBER_BANNED`/`USER_DEACTIVATED_BAN`/`USER_DEACTIVATED`: Telegram banned or deleted the account. */
export class AccountBannedError extends TgscopeError {
  readonly code = "account_banned";
  /** @param errorMessage - Telegram's error text, e.g. `USER_DEACTIVATED_BAN` */
  constructor(readonly errorMessage: string, options?: ErrorOptions) {
    super(`Telegram banned or deleted this account (${errorMessage}); it cannot be used any more: remove it with \`tgscope accounts remove\` and add another one`, options);
    this.name = "AccountBannedError";
  }
}

/** MTProto `AUTH_KEY_UNREGISTERED`/`SESSION_REVOKED`/`SESSION_EXPIRED`: the account's session was logged out or terminated. */
export class SessionRevokedError extends TgscopeError {
  readonly code = "session_revoked";
  /** @param errorMessage - Telegram's error text, e.g. `AUTH_KEY_UNREGISTERED` */
  constructor(readonly errorMessage: string, options?: ErrorOptions) {
    super(`the account's Telegram session is no longer valid (${errorMessage}: logged out, or terminated from another device); sign in again with \`tgscope accounts add\``, options);
    this.name = "SessionRevokedError";
  }
}

/** No sign-in is waiting under this id: it finished, failed, expired, or the server restarted. */
export class SignInNotFoundError extends BadInputError {
  readonly code = "sign_in_not_found";
  constructor(readonly signInId: string, options?: ErrorOptions) {
    super(`no sign-in in progress with id ${signInId} (it ended, expired or the server restarted); start the sign-in again`, options);
    this.name = "SignInNotFoundError";
  }
}

/** The account exists but cannot call Telegram: it is logged out, banned, or never finished signing in. */
export class AccountUnusableError extends BadInputError {
  readonly code = "account_unusable";
  /** @param state - the account's state, e.g. `logged_out` */
  constructor(readonly label: string, readonly state: string, options?: ErrorOptions) {
    super(`account ${label} is ${state.replace("_", " ")}; sign it in again with \`tgscope accounts add\``, options);
    this.name = "AccountUnusableError";
  }
}

/** No Telegram account can do MTProto work: none was added, or every one is logged out or banned. */
export class NoAccountError extends BadInputError {
  readonly code = "no_account";
  /** @param stored - how many accounts exist (none of them usable) */
  constructor(readonly stored: number, options?: ErrorOptions) {
    super(
      stored === 0
        ? "no Telegram account: add one with `tgscope accounts add` (MTProto needs a signed-in account)"
        : `none of the ${stored} Telegram accounts is signed in (logged out or banned): see \`tgscope accounts list\` and sign one in with \`tgscope accounts add\``,
      options,
    );
    this.name = "NoAccountError";
  }
}

/**
 * MTProto `FILE_REFERENCE_EXPIRED`: the file reference taken from a message is too old (Telegram
 * renews them). Read the message again (`channels.getMessages`) for a fresh reference and retry.
 */
export class FileReferenceExpiredError extends TgscopeError {
  readonly code = "file_reference_expired";
  /** @param method - the MTProto method that was refused, e.g. `upload.getFile` */
  constructor(readonly method: string, options?: ErrorOptions) {
    super(`Telegram answered FILE_REFERENCE_EXPIRED to ${method}; read the message again (channels.getMessages) for a fresh file reference and retry`, options);
    this.name = "FileReferenceExpiredError";
  }
}

/**
 * A media file tgscope wanted to download is no longer on Telegram as archived: the message was
 * deleted, has no photo or document at that position, or its file was replaced by an edit.
 */
export class MediaUnavailableError extends TgscopeError {
  readonly code = "media_unavailable";
  /**
   * @param channel - how to name the channel to the user, e.g. `channel 1036240821`
   * @param reason - `message_deleted`, `no_file` (no photo or document there) or `file_changed`
   */
  constructor(
    readonly channel: string,
    readonly messageId: number,
    readonly position: number,
    readonly reason: "message_deleted" | "no_file" | "file_changed",
    options?: ErrorOptions,
  ) {
    const why = {
      message_deleted: "the message was deleted",
      no_file: "the message has no photo or document there",
      file_changed: "an edit replaced the file; collect the channel again with a re-check to archive the edit",
    }[reason];
    super(`media ${position} of message ${messageId} in ${channel} cannot be downloaded: ${why}`, options);
    this.name = "MediaUnavailableError";
  }
}

/** An MTProto call got no answer in time (network trouble, an overloaded data centre); retried with backoff. */
export class TelegramTimeoutError extends TgscopeError {
  readonly code = "telegram_timeout";
  /**
   * @param method - the MTProto method, e.g. `messages.getHistory`
   * @param timeoutMs - the time limit that passed, in milliseconds
   */
  constructor(readonly method: string, readonly timeoutMs: number | undefined, options?: ErrorOptions) {
    super(`Telegram did not answer ${method} within ${timeoutMs === undefined ? "the time limit" : `${Math.round(timeoutMs / 1000)} s`}; check the network, tgscope retries with backoff`, options);
    this.name = "TelegramTimeoutError";
  }
}
