/**
 * Structured logging (pino) with secrets redacted wherever they appear in a logged object.
 */
import { pino, type Logger, type LevelWithSilent } from "pino";

export type { Logger };

/** Paths whose values are replaced by `[redacted]` in every log line. */
const REDACTED_PATHS = [
  "password",
  "*.password",
  "apiHash",
  "*.apiHash",
  "session",
  "*.session",
  "masterKey",
  "*.masterKey",
  "phone",
  "*.phone",
  "token",
  "*.token",
  "headers.authorization",
  "headers.cookie",
  "req.headers.authorization",
  "req.headers.cookie",
];

/**
 * Creates the process logger.
 *
 * @param level - pino level, `silent` to disable
 * @param destination - file descriptor to write JSON lines to (default 2, stderr, so stdout stays
 *   clean for CLI output such as `search --json`)
 */
export function createLogger(level: LevelWithSilent, destination = 2): Logger {
  return pino(
    { level, redact: { paths: REDACTED_PATHS, censor: "[redacted]" } },
    pino.destination({ fd: destination, sync: true }),
  );
}
