import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { SecretBox, SecretDecryptionError } from "./secret-box.js";
import { thrownBy } from "../../test/support/thrown.js";

const session = "1BVtsOKABu2Yk3aF-session-string-ünïcødé";
const box = new SecretBox(randomBytes(32));

/** Replaces the character at `index` with a different character allowed at that place. */
function withCharReplaced(token: string, index: number): string {
  const replacement = token[index] === "A" ? "B" : "A";
  return token.slice(0, index) + replacement + token.slice(index + 1);
}

describe("SecretBox", () => {
  it("round-trips text and bytes, with and without associated data", () => {
    expect(box.openText(box.seal(session))).toBe(session);
    expect(box.openText(box.seal(""))).toBe("");
    const bytes = new Uint8Array(randomBytes(300));
    expect(Buffer.compare(box.open(box.seal(bytes)), bytes)).toBe(0);
    expect(box.openText(box.seal(session, "42"), "42")).toBe(session);
  });

  it("writes v1.<12-byte IV>.<ciphertext + 16-byte tag> in base64url, without the plaintext", () => {
    const token = box.seal(session);
    const [version, iv, sealed, ...rest] = token.split(".");
    expect(version).toBe("v1");
    expect(rest).toEqual([]);
    expect(Buffer.from(iv ?? "", "base64url")).toHaveLength(12);
    expect(Buffer.from(sealed ?? "", "base64url")).toHaveLength(Buffer.byteLength(session) + 16);
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(token).not.toContain("session");
  });

  it("seals the same text differently each time (fresh IV)", () => {
    const first = box.seal(session);
    const second = box.seal(session);
    expect(first).not.toBe(second);
    expect(first.split(".")[1]).not.toBe(second.split(".")[1]);
    expect(box.openText(second)).toBe(session);
  });

  it("refuses a token with any one character changed", () => {
    const token = box.seal("api-hash-0123456789abcdef", "7");
    for (let i = 0; i < token.length; i++) {
      const tampered = withCharReplaced(token, i);
      expect(() => box.open(tampered, "7"), `character ${i}`).toThrow(SecretDecryptionError);
    }
  });

  it("refuses a token sealed under another key, naming the likely cause and the fix", () => {
    const token = box.seal(session);
    const other = new SecretBox(randomBytes(32));
    const open = () => other.openText(token);
    expect(open).toThrow(SecretDecryptionError);
    expect(open).toThrow(/master key differs.*restore the original key file.*TGSCOPE_MASTER_KEY/);
    const error = thrownBy(open);
    expect(error).toMatchObject({ code: "secret_decryption", reason: "rejected", name: "SecretDecryptionError" });
    expect(error.message).not.toContain(session);
    expect(error.message).not.toContain(token);
  });

  it("refuses a token opened with other or missing associated data (copied to another row)", () => {
    const token = box.seal(session, "1");
    expect(() => box.open(token, "2")).toThrow(SecretDecryptionError);
    expect(() => box.open(token)).toThrow(SecretDecryptionError);
    expect(() => box.open(box.seal(session), "1")).toThrow(SecretDecryptionError);
  });

  it("refuses malformed tokens as damaged values", () => {
    const token = box.seal(session);
    const [, iv, sealed] = token.split(".");
    for (const bad of [
      "",
      session,
      `v2.${iv}.${sealed}`,
      `v1.${iv}`,
      `v1.${iv}.${sealed}.x`,
      `v1.${iv}.${sealed}=`,
      `v1.${iv}.`,
      `v1.${iv}.${Buffer.alloc(15).toString("base64url")}`,
      `v1.${Buffer.alloc(16).toString("base64url")}.${sealed}`,
      `v1.${iv}.${sealed?.replace(/.$/, "+")}`,
    ]) {
      expect(thrownBy(() => box.open(bad)), JSON.stringify(bad)).toMatchObject({ reason: "malformed" });
    }
  });

  it("needs a 32-byte key and never shows it", () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(RangeError);
    const key = Buffer.alloc(32, 0xab);
    const shown = inspect(new SecretBox(key), { showHidden: true, depth: 5 }) + JSON.stringify(new SecretBox(key));
    expect(shown).not.toContain("abab");
    expect(shown).not.toContain(key.toString("base64"));
  });

  it("keeps working after the caller overwrites its key buffer", () => {
    const key = randomBytes(32);
    const own = new SecretBox(key);
    const token = own.seal(session);
    key.fill(0);
    expect(own.openText(token)).toBe(session);
  });
});
