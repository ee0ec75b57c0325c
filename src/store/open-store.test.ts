import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { InvalidOptionError } from "../domain/index.js";
import { openStore } from "./index.js";
import { TEST_POSTGRES_URL, buildMessage, buildSource, describeEachDialect } from "./testing/index.js";

describeEachDialect("openStore", (harness) => {
  it("opens an existing archive again without migrating it twice and sees its data", async () => {
    const { id } = await harness.store.upsertSource(buildSource(), "web");
    await harness.store.saveBatch({ sourceId: id, messages: [buildMessage({ text: "persisted" })], via: "web" });

    const again = await harness.openAnother();

    expect(again.dialect).toBe(harness.dialect);
    expect((await again.searchMessages({ text: "persisted" })).items.map((m) => m.text)).toEqual(["persisted"]);
  });
});

describe("openStore options", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("creates the directory of a new SQLite archive", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tgscope-open-"));
    dirs.push(dir);
    const file = path.join(dir, "nested", "deeper", "tgscope.db");
    const store = await openStore({ databaseUrl: `sqlite:${file}` });
    await store.close();
    expect(existsSync(file)).toBe(true);
  });

  it("opens an in-memory SQLite archive", async () => {
    const store = await openStore({ databaseUrl: "sqlite::memory:" });
    expect(store.dialect).toBe("sqlite");
    expect(await store.countMessages({})).toBe(0);
    await store.close();
  });

  it("rejects a database URL of another kind, without echoing its password", async () => {
    const error = await openStore({ databaseUrl: "mysql://root:hunter2@127.0.0.1/tgscope" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as Error).message).not.toContain("hunter2");
  });

  it("rejects a PostgreSQL schema name that is not a plain identifier", async () => {
    await expect(openStore({ databaseUrl: TEST_POSTGRES_URL, postgresSchema: "x; drop table sources" })).rejects.toBeInstanceOf(InvalidOptionError);
  });
});
