/**
 * Composition root: configuration → store → adapters → services. The CLI and the server get their
 * dependencies from here; nothing else constructs adapters.
 */
import { mkdirSync } from "node:fs";
import type { Config } from "./config/index.js";
import { AccountPool, TelegramAccounts } from "./accounts/index.js";
import { SecretBox, createLogger, loadMasterKey, type Logger } from "./lib/index.js";
import { openStore, type Store } from "./store/index.js";
import { TelegramWebClient, relayConnection } from "./telegram/index.js";

/** Everything a process role (CLI command, server) works with. Close it when done. */
export interface Services {
  readonly config: Config;
  readonly logger: Logger;
  readonly store: Store;
  /** Web preview client (`t.me/s/<channel>`, `t.me/<username>`), polite per host. */
  readonly web: TelegramWebClient;
  /** Telegram accounts (sign-in, sealed sessions); the master key is loaded on first use. */
  readonly accounts: TelegramAccounts;
  /** Lends signed-in accounts to MTProto work (rates, flood parking); connects on first use. */
  readonly pool: AccountPool;
  close(): Promise<void>;
}

/**
 * Opens the store (creating the data directory and running migrations) and builds the adapters.
 *
 * @param logger - defaults to a pino logger at `config.logLevel` writing to stderr
 * @throws the database driver's error when the database cannot be opened
 */
export async function openServices(config: Config, logger: Logger = createLogger(config.logLevel)): Promise<Services> {
  mkdirSync(config.dataDir, { recursive: true });
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    sqliteBusyTimeoutMs: config.sqliteBusyTimeoutMs,
    logger,
  });
  const web = new TelegramWebClient({
    baseUrl: config.webBaseUrl,
    delayMs: config.webDelayMs,
    timeoutMs: config.webTimeoutMs,
    maxRetries: config.webMaxRetries,
    logger,
  });
  let secrets: SecretBox | undefined;
  const relayUrl = config.mtprotoRelayUrl;
  const accounts = new TelegramAccounts({
    store,
    secrets: () => (secrets ??= new SecretBox(loadMasterKey({ configuredKey: config.masterKey, dataDir: config.dataDir }))),
    floodSleepThresholdSeconds: config.floodSleepThresholdSeconds,
    ...(relayUrl !== undefined ? { connection: (label: string) => relayConnection(relayUrl, label) } : {}),
  });
  const pool = new AccountPool({ store, accounts, resolvePerMinute: config.resolvePerMinute, logger });
  return {
    config,
    logger,
    store,
    web,
    accounts,
    pool,
    close: async () => {
      await pool.close();
      await accounts.close();
      await store.close();
    },
  };
}
