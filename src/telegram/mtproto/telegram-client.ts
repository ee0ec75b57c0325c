/**
 * Builds mtcute clients. The MTProto connection is the seam tests replace: a {@link TelegramConnection}
 * swaps the socket transport and answers calls from the last network middleware (see
 * `testing/fake-telegram.ts`), while mtcute's own flood waiter, error mapping and peer cache still run.
 */
import { MemoryStorage, TelegramClient, networkMiddlewares, type RpcCallMiddleware, type TelegramTransport } from "@mtcute/node";

/** Replaces the network below mtcute's middlewares (tests, or a proxy transport). */
export interface TelegramConnection {
  transport: TelegramTransport;
  /** Runs after mtcute's own middlewares (flood waiter, internal errors); may answer without calling `next`. */
  middleware?: RpcCallMiddleware;
  /**
   * Auth key (256 bytes) of a connection that is already authorised for the primary data centre
   * (test doubles, relays): a client without a session uses it instead of a key exchange.
   */
  authKey?: Uint8Array;
}

/** How to open one account's client. */
export interface OpenTelegramClientOptions {
  /** Application id from my.telegram.org. */
  apiId: number;
  /** Application hash from my.telegram.org (a secret: never logged). */
  apiHash: string;
  /** mtcute session string of a signed-in account (`exportSession()`); absent before sign-in. */
  session?: string;
  /**
   * `FLOOD_WAIT`s up to this many seconds are slept through inside mtcute; longer ones surface as
   * errors so the account pool can move the work to another account. Default 10.
   */
  floodSleepThresholdSeconds?: number;
  /** Network replacement; default: mtcute's TCP transport to Telegram's data centres. */
  connection?: TelegramConnection;
}

/** Data centre a new client starts on (mtcute's default). */
const PRIMARY_DC = 2;

/** Default automatic flood sleep, in seconds (mtcute's own default). */
export const DEFAULT_FLOOD_SLEEP_THRESHOLD_SECONDS = 10;

/**
 * Opens a client with an in-memory mtcute storage (tgscope keeps sessions and the peer cache in its own
 * store) and updates disabled (follow mode polls `messages.getHistory`).
 *
 * @throws mtcute's errors when the session string is malformed
 */
export async function openTelegramClient(options: OpenTelegramClientOptions): Promise<TelegramClient> {
  const maxWait = (options.floodSleepThresholdSeconds ?? DEFAULT_FLOOD_SLEEP_THRESHOLD_SECONDS) * 1000;
  const middlewares = [...networkMiddlewares.basic({ floodWaiter: { maxWait } })];
  if (options.connection?.middleware) middlewares.push(options.connection.middleware);
  const storage = new MemoryStorage();
  if (options.session === undefined && options.connection?.authKey) await storage.authKeys.set(PRIMARY_DC, options.connection.authKey);
  const client = new TelegramClient({
    apiId: options.apiId,
    apiHash: options.apiHash,
    storage,
    disableUpdates: true,
    logLevel: 0,
    network: { middlewares },
    ...(options.connection ? { transport: options.connection.transport } : {}),
  });
  if (options.session !== undefined) await client.importSession(options.session);
  return client;
}
