/**
 * Secrets at rest: AES-256-GCM (node:crypto) sealing of Telegram session strings and API hashes into
 * self-describing text tokens that fit a TEXT column.
 */
import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from "node:crypto";

const TOKEN_VERSION = "v1";
const CIPHER = "aes-256-gcm";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * A sealed secret cannot be opened: the master key differs from the one that sealed it, the token is
 * damaged or not a token at all, or it was sealed for another row (different associated data).
 * The message never contains the token, the plaintext or the key.
 */
export class SecretDecryptionError extends Error {
  readonly code = "secret_decryption";
  /**
   * @param reason - `malformed`: the stored value is not a well-formed `v1.` token;
   *   `rejected`: the token is well-formed but GCM authentication failed (wrong key, tampered bytes
   *   or other associated data)
   */
  constructor(readonly reason: "malformed" | "rejected", options?: ErrorOptions) {
    const what =
      reason === "malformed"
        ? "a stored secret is not a valid encrypted value (the stored value is damaged)"
        : "a stored secret cannot be decrypted: the master key differs from the one used to encrypt it, or the stored value is damaged";
    super(
      `${what}; restore the original key file <data dir>/master.key or TGSCOPE_MASTER_KEY, ` +
        "or, if that key is lost, log the Telegram account in again",
      options,
    );
    this.name = "SecretDecryptionError";
  }
}

/**
 * Seals and opens secrets with AES-256-GCM under one 32-byte master key.
 *
 * A token is `v1.<iv>.<ciphertext+tag>`: the version, a fresh random 12-byte IV and the ciphertext
 * followed by its 16-byte GCM tag, both base64url without padding. The optional associated data (for
 * example the account row id) is authenticated but not stored: a token copied to another row fails to
 * open. The key is held in a `KeyObject`, so it never shows up in `util.inspect` or JSON.
 *
 * @example
 * ```ts
 * const box = new SecretBox(loadMasterKey({ dataDir }));
 * const token = box.seal(sessionString, String(accountId));
 * const session = box.openText(token, String(accountId));
 * ```
 */
export class SecretBox {
  readonly #key: KeyObject;

  /**
   * @param key - the master key, exactly 32 bytes (see `loadMasterKey`); copied, so later changes to
   *   the caller's buffer have no effect
   * @throws {RangeError} if `key` is not 32 bytes long
   */
  constructor(key: Uint8Array) {
    if (key.byteLength !== KEY_BYTES) {
      throw new RangeError(`an AES-256-GCM key is ${KEY_BYTES} bytes, got ${key.byteLength}`);
    }
    this.#key = createSecretKey(Buffer.from(key));
  }

  /**
   * Encrypts `plaintext` (a string is encoded as UTF-8) under a fresh random IV, so sealing the same
   * value twice gives two different tokens.
   *
   * @param associatedData - bound into the GCM tag as UTF-8 (e.g. the account row id); `open` must be
   *   given the same value. Omitted and `""` are equivalent.
   * @returns `v1.<base64url 12-byte IV>.<base64url ciphertext + 16-byte tag>`, ASCII only
   */
  seal(plaintext: string | Uint8Array, associatedData?: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, this.#key, iv, { authTagLength: TAG_BYTES });
    if (associatedData !== undefined) cipher.setAAD(Buffer.from(associatedData, "utf8"));
    const data = typeof plaintext === "string" ? Buffer.from(plaintext, "utf8") : plaintext;
    const sealed = Buffer.concat([cipher.update(data), cipher.final(), cipher.getAuthTag()]);
    return `${TOKEN_VERSION}.${iv.toString("base64url")}.${sealed.toString("base64url")}`;
  }

  /**
   * Decrypts and authenticates a token made by {@link SecretBox.seal}.
   *
   * @param associatedData - the value given to `seal`, if any
   * @returns the plaintext bytes
   * @throws {SecretDecryptionError} for a malformed token (`reason` `malformed`), or a wrong key,
   *   tampered token or other associated data (`reason` `rejected`)
   */
  open(token: string, associatedData?: string): Buffer {
    const { iv, ciphertext, tag } = parseToken(token);
    const decipher = createDecipheriv(CIPHER, this.#key, iv, { authTagLength: TAG_BYTES });
    if (associatedData !== undefined) decipher.setAAD(Buffer.from(associatedData, "utf8"));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    } catch (error) {
      throw new SecretDecryptionError("rejected", { cause: error });
    }
  }

  /**
   * Like {@link SecretBox.open}, decoding the plaintext as UTF-8.
   *
   * @throws {SecretDecryptionError} as `open`
   */
  openText(token: string, associatedData?: string): string {
    return this.open(token, associatedData).toString("utf8");
  }
}

/** Splits a token into its parts, accepting only canonical base64url so that no character is ignored. */
function parseToken(token: string): { iv: Buffer; ciphertext: Buffer; tag: Buffer } {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== TOKEN_VERSION) throw new SecretDecryptionError("malformed");
  const iv = decodeBase64url(parts[1] ?? "");
  const sealed = decodeBase64url(parts[2] ?? "");
  if (iv?.length !== IV_BYTES || sealed === undefined || sealed.length < TAG_BYTES) {
    throw new SecretDecryptionError("malformed");
  }
  return {
    iv,
    ciphertext: sealed.subarray(0, sealed.length - TAG_BYTES),
    tag: sealed.subarray(sealed.length - TAG_BYTES),
  };
}

function decodeBase64url(text: string): Buffer | undefined {
  if (!BASE64URL.test(text)) return undefined;
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? bytes : undefined;
}
