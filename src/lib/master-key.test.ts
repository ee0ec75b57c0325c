import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { loadMasterKey, MasterKeyError, parseMasterKey } from "./master-key.js";
import { SecretBox } from "./secret-box.js";
import { thrownBy } from "../../test/support/thrown.js";

const onWindows = process.platform === "win32";
const tempDir = () => mkdtempSync(path.join(tmpdir(), "tgscope-master-key-"));
const modeOf = (file: string) => statSync(file).mode & 0o777;
const hexKey = "00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF";


describe("loadMasterKey with a configured key", () => {
  it("accepts 64 hex characters and base64 or base64url of 32 bytes, without touching the data dir", () => {
    const dataDir = path.join(tempDir(), "data");
    const bytes = Buffer.from(hexKey, "hex");
    expect(loadMasterKey({ configuredKey: hexKey, dataDir }).equals(bytes)).toBe(true);
    expect(loadMasterKey({ configuredKey: ` ${hexKey}\n`, dataDir }).equals(bytes)).toBe(true);
    const random = randomBytes(32);
    for (const text of [random.toString("base64"), random.toString("base64").replace(/=$/, ""), random.toString("base64url")]) {
      expect(loadMasterKey({ configuredKey: text, dataDir }).equals(random), text).toBe(true);
    }
    expect(existsSync(dataDir)).toBe(false);
  });

  it("rejects a key that is not 32 bytes with a message saying how to make one, without echoing it", () => {
    const dataDir = tempDir();
    for (const configuredKey of [hexKey.slice(2), randomBytes(16).toString("base64"), randomBytes(33).toString("base64"), `${hexKey.slice(1)}g`, ""]) {
      const error = thrownBy(() => loadMasterKey({ configuredKey, dataDir }));
      expect(error).toBeInstanceOf(MasterKeyError);
      expect(error).toMatchObject({ code: "master_key", name: "MasterKeyError" });
      expect(error.message).toMatch(/TGSCOPE_MASTER_KEY must be 32 bytes as 64 hex characters.*openssl rand -hex 32/);
      if (configuredKey !== "") expect(error.message).not.toContain(configuredKey);
    }
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it("parseMasterKey decodes the same forms as loadMasterKey", () => {
    expect(parseMasterKey(hexKey).toString("hex")).toBe(hexKey.toLowerCase());
    expect(() => parseMasterKey("short")).toThrow(MasterKeyError);
  });
});

describe("loadMasterKey with the key file", () => {
  it("creates <dataDir>/master.key with mode 0600 (and a missing data dir), then reuses it", () => {
    const dataDir = path.join(tempDir(), "nested", "data");
    const first = loadMasterKey({ dataDir });
    const file = path.join(dataDir, "master.key");
    expect(first).toHaveLength(32);
    expect(readFileSync(file, "utf8")).toBe(`${first.toString("hex")}\n`);
    if (!onWindows) expect(modeOf(file)).toBe(0o600);
    expect(readdirSync(dataDir)).toEqual(["master.key"]);

    const second = loadMasterKey({ dataDir });
    expect(second.equals(first)).toBe(true);
    const token = new SecretBox(first).seal("session");
    expect(new SecretBox(second).openText(token)).toBe("session");
    expect(loadMasterKey({ dataDir: tempDir() }).equals(first)).toBe(false);
  });

  it("reads a key file written by hand, with or without a final newline", () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, "master.key");
    writeFileSync(file, hexKey, { mode: 0o600 });
    expect(loadMasterKey({ dataDir }).toString("hex")).toBe(hexKey.toLowerCase());
    writeFileSync(file, `${hexKey}\r\n`, { mode: 0o600 });
    expect(loadMasterKey({ dataDir }).toString("hex")).toBe(hexKey.toLowerCase());
  });

  it.skipIf(onWindows)("refuses a key file readable by others, saying to chmod 600 it", () => {
    const dataDir = tempDir();
    loadMasterKey({ dataDir });
    const file = path.join(dataDir, "master.key");
    for (const mode of [0o644, 0o640, 0o604, 0o620]) {
      chmodSync(file, mode);
      const error = thrownBy(() => loadMasterKey({ dataDir }));
      expect(error).toBeInstanceOf(MasterKeyError);
      expect(error).toMatchObject({ keyFilePath: file });
      expect(error.message).toContain(`chmod 600 ${file}`);
      expect(error.message).not.toContain(readFileSync(file, "utf8").trim());
    }
    chmodSync(file, 0o600);
    expect(loadMasterKey({ dataDir })).toHaveLength(32);
  });

  it("refuses a malformed key file, naming it, and never replaces it", () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, "master.key");
    for (const content of ["", hexKey.slice(2), `${hexKey}\n\n`, `${hexKey} extra`, randomBytes(32).toString("base64")]) {
      writeFileSync(file, content, { mode: 0o600 });
      const error = thrownBy(() => loadMasterKey({ dataDir }));
      expect(error, JSON.stringify(content)).toBeInstanceOf(MasterKeyError);
      expect(error.message).toContain(`master key file ${file} is malformed`);
      expect(readFileSync(file, "utf8")).toBe(content);
    }
  });

  it.skipIf(onWindows)("says how to fix a data dir that is not a directory", () => {
    const parent = tempDir();
    const dataDir = path.join(parent, "not-a-dir");
    writeFileSync(dataDir, "a file where the data dir should be");
    const error = thrownBy(() => loadMasterKey({ dataDir }));
    expect(error).toBeInstanceOf(MasterKeyError);
    expect(error.message).toContain(`the data dir ${dataDir} is not a directory; choose another data dir or set TGSCOPE_MASTER_KEY`);
  });

  it("gives processes starting together one and the same key", async () => {
    const dataDir = path.join(tempDir(), "data");
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
    const compiled = pathToFileURL(path.join(root, "dist/src/lib/master-key.js")).href;
    const script = `import { loadMasterKey } from ${JSON.stringify(compiled)};
      process.stdout.write(loadMasterKey({ dataDir: ${JSON.stringify(dataDir)} }).toString("hex"));`;
    const run = promisify(execFile);
    const outputs = await Promise.all(
      Array.from({ length: 8 }, () => run(process.execPath, ["--input-type=module", "-e", script])),
    );
    const keys = new Set(outputs.map((o) => o.stdout));
    expect(keys.size).toBe(1);
    expect(readFileSync(path.join(dataDir, "master.key"), "utf8")).toBe(`${[...keys][0]}\n`);
    expect(readdirSync(dataDir)).toEqual(["master.key"]);
  });
});
