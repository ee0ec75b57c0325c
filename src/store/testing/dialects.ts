/**
 * Runs store tests against every dialect: SQLite in a temporary directory and PostgreSQL in a fresh
 * schema (dropped afterwards) at `TGSCOPE_TEST_POSTGRES_URL` (default
 * `postgres://postgres@127.0.0.1:5432/test`). When PostgreSQL is unreachable its tests are skipped
 * with the reason printed, or fail when `CI` is set.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, beforeEach, describe } from "vitest";
import { openStore, type OpenStoreOptions } from "../open-store.js";
import type { Store } from "../store.js";

/** PostgreSQL server the tests use. */
export const TEST_POSTGRES_URL = process.env.TGSCOPE_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** A fresh archive for one test, on one dialect. */
export interface DialectHarness {
  readonly dialect: "sqlite" | "postgres";
  /** The test's store (opened before each test, closed after it). */
  readonly store: Store;
  /** Options that open the same archive again, e.g. from another process. */
  readonly options: OpenStoreOptions;
  /** Opens another store on the same archive; closed after the test. */
  openAnother(overrides?: Partial<OpenStoreOptions>): Promise<Store>;
}

/** `undefined` when the test PostgreSQL answers, else why not. */
const postgresProblem = await probePostgres();

/**
 * Declares `body`'s tests once per dialect, each test with a fresh archive in `harness.store`.
 */
export function describeEachDialect(name: string, body: (harness: DialectHarness) => void): void {
  describe(`${name} [sqlite]`, () => body(harness("sqlite")));
  describePostgres(name, () => body(harness("postgres")));
}

/**
 * Declares tests that need the PostgreSQL at {@link TEST_POSTGRES_URL}. When it is unreachable they
 * fail under CI (`CI` set) and are skipped elsewhere, with the reason printed.
 */
export function describePostgres(name: string, body: () => void): void {
  if (postgresProblem !== undefined && !process.env.CI) {
    console.warn(`PostgreSQL tests of "${name}" skipped: ${postgresProblem}`);
    describe.skip(`${name} [postgres] (${postgresProblem})`, body);
    return;
  }
  describe(`${name} [postgres]`, () => {
    beforeEach(() => {
      if (postgresProblem !== undefined) {
        throw new Error(`PostgreSQL is required when CI is set but ${postgresProblem}; start it or set TGSCOPE_TEST_POSTGRES_URL`);
      }
    });
    body();
  });
}

function harness(dialect: "sqlite" | "postgres"): DialectHarness {
  let current: { store: Store; options: OpenStoreOptions; cleanup: () => Promise<void> } | undefined;
  const others: Store[] = [];
  beforeEach(async () => {
    current = dialect === "sqlite" ? await openSqlite() : await openPostgres();
  });
  afterEach(async () => {
    for (const store of others.splice(0)) await store.close();
    await current?.cleanup();
    current = undefined;
  });
  const active = () => {
    if (current === undefined) throw new Error("the store exists only inside a test");
    return current;
  };
  return {
    dialect,
    get store() {
      return active().store;
    },
    get options() {
      return active().options;
    },
    async openAnother(overrides = {}) {
      const store = await openStore({ ...active().options, ...overrides });
      others.push(store);
      return store;
    },
  };
}

async function openSqlite() {
  const dir = mkdtempSync(path.join(tmpdir(), "tgscope-store-"));
  const options: OpenStoreOptions = { databaseUrl: `sqlite:${path.join(dir, "archive.db")}` };
  const store = await openStore(options);
  return {
    store,
    options,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openPostgres() {
  const schema = `test_${randomBytes(6).toString("hex")}`;
  const options: OpenStoreOptions = { databaseUrl: TEST_POSTGRES_URL, postgresSchema: schema };
  const store = await openStore(options);
  return {
    store,
    options,
    cleanup: async () => {
      await store.close();
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`drop schema ${schema} cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

/** `undefined` when PostgreSQL answers, else why not. */
async function probePostgres(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (error) {
    return `${TEST_POSTGRES_URL.replace(/\/\/[^@/]*@/, "//…@")} is unreachable (${(error as Error).message})`;
  }
  await client.end();
  return undefined;
}
