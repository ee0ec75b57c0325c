/**
 * The master key of secrets at rest: given as `TGSCOPE_MASTER_KEY`, or kept in the key file
 * `<dataDir>/master.key` (mode 0600), which is created on first use.
 */
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, fstatSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import path from "node:path";

const KEY_BYTES = 32;
const KEY_FILE_NAME = "master.key";
const HEX_KEY = /^[0-9a-fA-F]{64}$/;
/** 32 bytes are 43 base64 characters (plus one `=` of padding), in either alphabet. */
const BASE64_KEY = /^(?:[A-Za-z0-9+/]{43}|[A-Za-z0-9_-]{43})=?$/;
const KEY_FILE_CONTENT = /^([0-9a-fA-F]{64})\r?\n?$/;
const isWindows = process.platform === "win32";

/**
 * The master key cannot be used: `TGSCOPE_MASTER_KEY` is not a 32-byte key, or the key file is
 * malformed, readable by other users or cannot be read or created. The message says how to fix it and
 * never contains the key.
 */
export class MasterKeyError extends Error {
  readonly code = "master_key";
  /**
   * @param keyFilePath - the key file concerned, absent when the configured key is at fault
   */
  constructor(message: string, readonly keyFilePath?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "MasterKeyError";
  }
}

/** Where {@link loadMasterKey} finds the master key. */
export interface MasterKeyOptions {
  /** The configured key (`TGSCOPE_MASTER_KEY`): 64 hex characters, or base64/base64url of 32 bytes. */
  configuredKey?: string;
  /** Data directory holding the key file `master.key` when no key is configured; created if missing. */
  dataDir: string;
}

/**
 * Decodes a configured master key: 64 hex characters, or base64 or base64url of exactly 32 bytes
 * (surrounding whitespace ignored).
 *
 * @returns the 32-byte key
 * @throws {MasterKeyError} if `text` is neither
 */
export function parseMasterKey(text: string): Buffer {
  const key = text.trim();
  if (HEX_KEY.test(key)) return Buffer.from(key, "hex");
  if (BASE64_KEY.test(key)) return Buffer.from(key, "base64");
  throw new MasterKeyError(
    "TGSCOPE_MASTER_KEY must be 32 bytes as 64 hex characters or as base64 " +
      "(generate one with `openssl rand -hex 32`)",
  );
}

/**
 * Returns the 32-byte master key for {@link SecretBox}.
 *
 * With `configuredKey`, that key. Otherwise the key in `<dataDir>/master.key` (64 hex characters and an
 * optional newline); when the file does not exist, a new random key is written to it with mode 0600
 * (through a 0600 temporary file linked into place, so a process starting at the same time either
 * wins or reads the winner's key, and nobody ever reads a half-written file).
 *
 * @throws {MasterKeyError} if `configuredKey` is not a 32-byte key; if the key file is readable or
 *   writable by group or others (not checked on Windows), malformed, or cannot be read or created
 */
export function loadMasterKey(options: MasterKeyOptions): Buffer {
  if (options.configuredKey !== undefined) return parseMasterKey(options.configuredKey);
  const file = path.resolve(options.dataDir, KEY_FILE_NAME);
  return findKeyFile(file) ?? createKeyFile(path.dirname(file), file) ?? getKeyFile(file);
}

/** Reads the key file; `undefined` if it does not exist. */
function findKeyFile(file: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return undefined;
    if (errnoCode(error) === "ENOTDIR") {
      throw new MasterKeyError(
        `the data dir ${path.dirname(file)} is not a directory; choose another data dir or set TGSCOPE_MASTER_KEY`,
        file,
        { cause: error },
      );
    }
    throw new MasterKeyError(
      `cannot read the master key file ${file} (${errnoCode(error)}); make it readable by the user running tgscope`,
      file,
      { cause: error },
    );
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      throw new MasterKeyError(`the master key file ${file} is not a regular file; move it away or restore the key file`, file);
    }
    if (!isWindows && (stat.mode & 0o077) !== 0) {
      throw new MasterKeyError(
        `the master key file ${file} is accessible to other users (mode ${(stat.mode & 0o777).toString(8)}); run \`chmod 600 ${file}\``,
        file,
      );
    }
    const hex = KEY_FILE_CONTENT.exec(readFileSync(fd, "utf8"))?.[1];
    if (hex === undefined) {
      throw new MasterKeyError(
        `the master key file ${file} is malformed: it must hold 64 hex characters (32 bytes) and an optional newline; ` +
          "restore it from a backup (a new key cannot decrypt secrets stored with the old one)",
        file,
      );
    }
    return Buffer.from(hex, "hex");
  } finally {
    closeSync(fd);
  }
}

/** Like {@link findKeyFile}, for a file known to exist. */
function getKeyFile(file: string): Buffer {
  const key = findKeyFile(file);
  if (key === undefined) {
    throw new MasterKeyError(`the master key file ${file} was deleted while tgscope started; start tgscope again`, file);
  }
  return key;
}

/**
 * Writes a new random key to `file` unless it exists.
 *
 * @returns the new key, or `undefined` if another process created `file` first
 */
function createKeyFile(dir: string, file: string): Buffer | undefined {
  const key = randomBytes(KEY_BYTES);
  const temp = path.join(dir, `.${KEY_FILE_NAME}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const fd = openSync(temp, "wx", 0o600);
    try {
      writeSync(fd, `${key.toString("hex")}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // link(2), unlike rename(2), never replaces an existing file: it fails with EEXIST instead.
    linkSync(temp, file);
    syncDirectory(dir);
    return key;
  } catch (error) {
    // EEXIST with `file` present comes from link(2): another process won the race; read its key.
    if (errnoCode(error) === "EEXIST" && existsSync(file)) return undefined;
    throw new MasterKeyError(
      `cannot create the master key file ${file} (${errnoCode(error)}); make ${dir} writable by the user running tgscope, ` +
        "or set TGSCOPE_MASTER_KEY",
      file,
      { cause: error },
    );
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Makes the new directory entry durable, so a crash cannot lose a key already used to seal secrets. */
function syncDirectory(dir: string): void {
  if (isWindows) return;
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function errnoCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? "unknown error";
}
