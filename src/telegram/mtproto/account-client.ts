/**
 * One Telegram account's connection: sign-in steps, log out, the session to keep, and channel reads.
 * The only object other rooms hold for an account (mtcute's client stays inside this folder).
 */
import type { TelegramClient } from "@mtcute/node";
import { MtprotoChannelClient } from "./channel-client.js";
import {
  logOut,
  sendLoginCode,
  signInBot,
  signInWithCode,
  signInWithPassword,
  type SignedIn,
  type SignInResult,
} from "./sign-in.js";
import { openTelegramClient, type OpenTelegramClientOptions } from "./telegram-client.js";

/** A connected account (signed in, or in the middle of signing in). Close it when done. */
export class TelegramAccountClient {
  /** Channel reads through this account. */
  readonly channels: MtprotoChannelClient;

  private constructor(
    private readonly client: TelegramClient,
    callTimeoutMs?: number,
  ) {
    this.channels = new MtprotoChannelClient(client, callTimeoutMs);
  }

  /**
   * Connects with a stored session, or without one to sign in. `callTimeoutMs` limits each channel
   * call (default `DEFAULT_CALL_TIMEOUT_MS`).
   *
   * @throws mtcute's error for a malformed session string
   */
  static async open(options: OpenTelegramClientOptions & { callTimeoutMs?: number }): Promise<TelegramAccountClient> {
    return new TelegramAccountClient(await openTelegramClient(options), options.callTimeoutMs);
  }

  /** `auth.sendCode`: Telegram sends a login code to the phone's Telegram apps (or by SMS). See `sendLoginCode`. */
  sendLoginCode(phone: string): ReturnType<typeof sendLoginCode> {
    return sendLoginCode(this.client, phone);
  }

  /** `auth.signIn` with the code; may ask for the 2FA password. See `signInWithCode`. */
  signInWithCode(step: Parameters<typeof signInWithCode>[1]): Promise<SignInResult> {
    return signInWithCode(this.client, step);
  }

  /** `auth.checkPassword` (SRP; the password never leaves this process). See `signInWithPassword`. */
  signInWithPassword(password: string): Promise<SignedIn> {
    return signInWithPassword(this.client, password);
  }

  /** `auth.importBotAuthorization`. See `signInBot`. */
  signInBot(token: string): Promise<SignedIn> {
    return signInBot(this.client, token);
  }

  /** `auth.logOut`: terminates this session on Telegram's side. */
  logOut(): Promise<void> {
    return logOut(this.client);
  }

  /** Disconnects (the session stays valid on Telegram's side). */
  close(): Promise<void> {
    return this.client.destroy();
  }
}
