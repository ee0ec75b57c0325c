/**
 * Configuration: the only reader of `process.env`. Loaded once at start, validated with messages that
 * say how to fix a value, frozen, and passed in.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseDotenv } from "dotenv";
import { z } from "zod";
import { ConfigError } from "../domain/index.js";
import { MasterKeyError, parseMasterKey } from "../lib/index.js";

const positiveInt = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

const schema = z.object({
  TGSCOPE_DATA_DIR: z.string().min(1).default("./data"),
  TGSCOPE_DATABASE_URL: z.string().optional(),
  TGSCOPE_WEB_BASE_URL: z.url({ message: "must be an http(s) URL such as https://t.me" }).default("https://t.me"),
  TGSCOPE_WEB_DELAY_MS: positiveInt(1000),
  TGSCOPE_WEB_TIMEOUT_MS: positiveInt(30_000),
  TGSCOPE_WEB_MAX_RETRIES: positiveInt(5),
  TGSCOPE_SQLITE_BUSY_TIMEOUT_MS: positiveInt(10_000),
  TGSCOPE_HOST: z.string().default("127.0.0.1"),
  TGSCOPE_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  TGSCOPE_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  TGSCOPE_MASTER_KEY: z.string().optional(),
  TGSCOPE_API_ID: z.coerce.number().int().positive({ message: "must be the numeric api_id from my.telegram.org" }).optional(),
  TGSCOPE_API_HASH: z.string().regex(/^[0-9a-f]{32}$/i, { message: "must be the 32-character api_hash from my.telegram.org" }).optional(),
  TGSCOPE_FLOOD_SLEEP_THRESHOLD_SECONDS: positiveInt(10),
  TGSCOPE_RESOLVE_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  TGSCOPE_RECHECK_DAYS: positiveInt(2),
  TGSCOPE_MTPROTO_RELAY_URL: z
    .url()
    .regex(/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\/?$/, { message: "must be a loopback URL such as http://127.0.0.1:4000 (it is for tests)" })
    .optional(),
});

/** Validated, frozen configuration. Durations in milliseconds, paths absolute. */
export interface Config {
  /** Directory for the SQLite database, media and keys (`TGSCOPE_DATA_DIR`, default `./data`). */
  readonly dataDir: string;
  /** `sqlite:<absolute path>` or a `postgres://` URL (`TGSCOPE_DATABASE_URL`, default `<dataDir>/tgscope.db`). */
  readonly databaseUrl: string;
  /** Base URL of Telegram's web pages (`TGSCOPE_WEB_BASE_URL`, default `https://t.me`), no trailing slash. */
  readonly webBaseUrl: string;
  /** Pause between two requests to the same host (`TGSCOPE_WEB_DELAY_MS`, default 1000). */
  readonly webDelayMs: number;
  /** Timeout of one web request (`TGSCOPE_WEB_TIMEOUT_MS`, default 30000). */
  readonly webTimeoutMs: number;
  /** Retries after a 429/5xx/network error, with exponential backoff (`TGSCOPE_WEB_MAX_RETRIES`, default 5). */
  readonly webMaxRetries: number;
  /** How long SQLite waits for a lock before failing (`TGSCOPE_SQLITE_BUSY_TIMEOUT_MS`, default 10000). */
  readonly sqliteBusyTimeoutMs: number;
  /** Interface `serve` listens on (`TGSCOPE_HOST`, default 127.0.0.1). */
  readonly host: string;
  /** Port `serve` listens on (`TGSCOPE_PORT`, default 8080). */
  readonly port: number;
  /** Log level (`TGSCOPE_LOG_LEVEL`, default `info` for the server and `warn` for other commands). */
  readonly logLevel: LogLevel;
  /**
   * AES-256-GCM master key for Telegram sessions and API hashes, as 64 hex characters or base64 of 32
   * bytes (`TGSCOPE_MASTER_KEY`); default: the 0600 key file `<dataDir>/master.key`, created on first use.
   */
  readonly masterKey?: string;
  /** Default application id for new Telegram accounts (`TGSCOPE_API_ID`, from my.telegram.org). */
  readonly apiId?: number;
  /** Default application hash for new Telegram accounts (`TGSCOPE_API_HASH`; a secret, never logged). */
  readonly apiHash?: string;
  /**
   * `FLOOD_WAIT`s up to this many seconds are slept through; longer ones park the account
   * (`TGSCOPE_FLOOD_SLEEP_THRESHOLD_SECONDS`, default 10).
   */
  readonly floodSleepThresholdSeconds: number;
  /** Most `contacts.resolveUsername` calls per account per minute (`TGSCOPE_RESOLVE_PER_MINUTE`, default 30). */
  readonly resolvePerMinute: number;
  /**
   * `collect --via mtproto` re-checks posts of this many recent days for edits and deletions
   * (`TGSCOPE_RECHECK_DAYS`, default 2; 0 = off).
   */
  readonly recheckDays: number;
  /**
   * Send MTProto calls to this loopback relay of a fake Telegram instead of Telegram's data centres
   * (`TGSCOPE_MTPROTO_RELAY_URL`; end-to-end tests only).
   */
  readonly mtprotoRelayUrl?: string;
}

/** Log levels, as pino names them. */
export type LogLevel = NonNullable<z.infer<typeof schema>["TGSCOPE_LOG_LEVEL"]>;

/** Values given on the command line; they win over the environment. */
export interface ConfigOverrides {
  dataDir?: string;
  port?: number;
  /** Log level when `TGSCOPE_LOG_LEVEL` is not set (default `info`). */
  defaultLogLevel?: LogLevel;
}

/**
 * Loads configuration from `env` and, for variables `env` lacks, from a `.env` file in `cwd`.
 *
 * @throws {ConfigError} naming every invalid variable and what it should look like
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: ConfigOverrides = {},
  cwd = process.cwd(),
): Config {
  const dotenvPath = path.join(cwd, ".env");
  const fromFile = existsSync(dotenvPath) ? parseDotenv(readFileSync(dotenvPath)) : {};
  const parsed = schema.safeParse({ ...fromFile, ...pickTgscope(env) });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ");
    throw new ConfigError(`invalid configuration: ${problems}; fix the variable in the environment or .env`);
  }
  const v = parsed.data;
  const dataDir = path.resolve(cwd, overrides.dataDir ?? v.TGSCOPE_DATA_DIR);
  const databaseUrl = v.TGSCOPE_DATABASE_URL ?? `sqlite:${path.join(dataDir, "tgscope.db")}`;
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(databaseUrl)) {
    throw new ConfigError(
      "TGSCOPE_DATABASE_URL must start with sqlite: or postgres:// (e.g. postgres://user@127.0.0.1:5432/tgscope)",
    );
  }
  if (v.TGSCOPE_MASTER_KEY !== undefined) checkMasterKey(v.TGSCOPE_MASTER_KEY);
  return Object.freeze({
    dataDir,
    databaseUrl,
    webBaseUrl: v.TGSCOPE_WEB_BASE_URL.replace(/\/+$/, ""),
    webDelayMs: v.TGSCOPE_WEB_DELAY_MS,
    webTimeoutMs: v.TGSCOPE_WEB_TIMEOUT_MS,
    webMaxRetries: v.TGSCOPE_WEB_MAX_RETRIES,
    sqliteBusyTimeoutMs: v.TGSCOPE_SQLITE_BUSY_TIMEOUT_MS,
    host: v.TGSCOPE_HOST,
    port: overrides.port ?? v.TGSCOPE_PORT,
    logLevel: v.TGSCOPE_LOG_LEVEL ?? overrides.defaultLogLevel ?? "info",
    masterKey: v.TGSCOPE_MASTER_KEY,
    apiId: v.TGSCOPE_API_ID,
    apiHash: v.TGSCOPE_API_HASH,
    floodSleepThresholdSeconds: v.TGSCOPE_FLOOD_SLEEP_THRESHOLD_SECONDS,
    resolvePerMinute: v.TGSCOPE_RESOLVE_PER_MINUTE,
    recheckDays: v.TGSCOPE_RECHECK_DAYS,
    mtprotoRelayUrl: v.TGSCOPE_MTPROTO_RELAY_URL,
  });
}

/** Rejects a malformed master key at start rather than when the first secret is sealed. */
function checkMasterKey(key: string): void {
  try {
    parseMasterKey(key);
  } catch (error) {
    if (!(error instanceof MasterKeyError)) throw error;
    throw new ConfigError(error.message, { cause: error });
  }
}

function pickTgscope(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (k.startsWith("TGSCOPE_") && v !== undefined && v !== "") out[k] = v;
  return out;
}
