import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../domain/index.js";
import { loadConfig } from "./config.js";

const emptyDir = () => mkdtempSync(path.join(tmpdir(), "tgscope-config-"));

describe("loadConfig", () => {
  it("defaults to SQLite in ./data and Telegram's real web base", () => {
    const cwd = emptyDir();
    const config = loadConfig({}, {}, cwd);
    expect(config.dataDir).toBe(path.join(cwd, "data"));
    expect(config.databaseUrl).toBe(`sqlite:${path.join(cwd, "data", "tgscope.db")}`);
    expect(config.webBaseUrl).toBe("https://t.me");
    expect(config.webDelayMs).toBe(1000);
    expect(config.port).toBe(8080);
    expect(config.logLevel).toBe("info");
    expect(config.floodSleepThresholdSeconds).toBe(10);
    expect(config.resolvePerMinute).toBe(30);
    expect(config.mtprotoRelayUrl).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("takes Telegram application credentials and refuses a relay that is not on loopback", () => {
    const config = loadConfig({ TGSCOPE_API_ID: "12345", TGSCOPE_API_HASH: "0123456789abcdef0123456789ABCDEF", TGSCOPE_MTPROTO_RELAY_URL: "http://127.0.0.1:4000" }, {}, emptyDir());
    expect([config.apiId, config.apiHash, config.mtprotoRelayUrl]).toEqual([12345, "0123456789abcdef0123456789ABCDEF", "http://127.0.0.1:4000"]);
    expect(() => loadConfig({ TGSCOPE_MTPROTO_RELAY_URL: "http://149.154.167.50:443" }, {}, emptyDir())).toThrow(/TGSCOPE_MTPROTO_RELAY_URL.*loopback/);
    expect(() => loadConfig({ TGSCOPE_API_HASH: "short" }, {}, emptyDir())).toThrow(/TGSCOPE_API_HASH.*my\.telegram\.org/);
  });

  it("reads .env, lets the real environment win, and lets flags win over both", () => {
    const cwd = emptyDir();
    writeFileSync(path.join(cwd, ".env"), "TGSCOPE_WEB_DELAY_MS=250\nTGSCOPE_PORT=9000\nTGSCOPE_DATA_DIR=/tmp/from-dotenv\n");
    const config = loadConfig({ TGSCOPE_PORT: "9100", UNRELATED: "x" }, { dataDir: "mine" }, cwd);
    expect(config.webDelayMs).toBe(250);
    expect(config.port).toBe(9100);
    expect(config.dataDir).toBe(path.join(cwd, "mine"));
  });

  it("accepts PostgreSQL URLs and strips a trailing slash of the web base", () => {
    const config = loadConfig(
      { TGSCOPE_DATABASE_URL: "postgres://u@127.0.0.1:5432/db", TGSCOPE_WEB_BASE_URL: "http://127.0.0.1:9999/" },
      {},
      emptyDir(),
    );
    expect(config.databaseUrl).toBe("postgres://u@127.0.0.1:5432/db");
    expect(config.webBaseUrl).toBe("http://127.0.0.1:9999");
  });

  it("passes TGSCOPE_MASTER_KEY through when it is a 32-byte key and rejects a short one with the fix", () => {
    expect(loadConfig({}, {}, emptyDir()).masterKey).toBeUndefined();
    const key = "ab".repeat(32);
    expect(loadConfig({ TGSCOPE_MASTER_KEY: key }, {}, emptyDir()).masterKey).toBe(key);
    const load = () => loadConfig({ TGSCOPE_MASTER_KEY: "ab".repeat(16) }, {}, emptyDir());
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/TGSCOPE_MASTER_KEY must be 32 bytes as 64 hex characters.*openssl rand -hex 32/);
  });

  it("names every invalid variable", () => {
    const load = () => loadConfig({ TGSCOPE_PORT: "eighty", TGSCOPE_WEB_BASE_URL: "not a url" }, {}, emptyDir());
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/TGSCOPE_PORT.*TGSCOPE_WEB_BASE_URL|TGSCOPE_WEB_BASE_URL.*TGSCOPE_PORT/);
    expect(() => loadConfig({ TGSCOPE_DATABASE_URL: "mysql://x" }, {}, emptyDir())).toThrow(/sqlite: or postgres/);
  });
});
