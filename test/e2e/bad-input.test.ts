/**
 * Bad input through the real CLI: one line on stderr, exit code 2, and the archive left as it was.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRecordedPagesServer, type RecordedPagesServer } from "../../src/telegram/testing/index.js";
import { REAL, cliEnv, runTgscope, snapshotArchive, tempDataDir } from "../support/cli.js";

let server: RecordedPagesServer;
let env: NodeJS.ProcessEnv;
let dataDir: string;
let archive: Awaited<ReturnType<typeof snapshotArchive>>;
const scratch = mkdtempSync(path.join(tmpdir(), "tgscope-bad-"));

beforeAll(async () => {
  server = await startRecordedPagesServer();
  dataDir = tempDataDir();
  env = cliEnv({ TGSCOPE_DATA_DIR: dataDir, TGSCOPE_WEB_BASE_URL: server.baseUrl });
  expect((await runTgscope(["collect", "data_secrets"], env)).code).toBe(0);
  expect((await runTgscope(["import", path.join(REAL, "desktop_export/langchain-ai__langchain__result.json")], env)).code).toBe(0);
  archive = await snapshotArchive(dataDir);
  expect(archive.messages).toHaveLength(9);
});
afterAll(() => server?.close());

const truncated = (): string => {
  const file = path.join(scratch, "result.json");
  const real = readFileSync(path.join(REAL, "desktop_export/AiratFaiz__pachumarchive__result.json"));
  writeFileSync(file, real.subarray(0, Math.floor(real.length * 0.6)));
  return file;
};
const notAnExport = (): string => {
  const file = path.join(scratch, "package.json");
  writeFileSync(file, JSON.stringify({ name: "something", version: "1.0.0", messages: "no" }));
  return file;
};

describe("bad input", () => {
  it.each([
    ["an unknown username", () => ["collect", "zzqwx_no_such_channel"], /@zzqwx_no_such_channel does not exist on Telegram/],
    ["an invalid username", () => ["collect", "a b"], /is not a Telegram channel reference/],
    ["a private invite link", () => ["collect", "https://t.me/+AbCdEfGhIjK"], /t\.me\/\+AbCdEfGhIjK has no public web preview \(a private invite link\)/],
    ["a group without channel preview", () => ["collect", "tdlibchat"], /@tdlibchat has no public web preview \(a group\)/],
    ["a JSON file that is not an export", () => ["import", notAnExport()], /is not a Telegram Desktop export/],
    ["a truncated result.json", () => ["import", truncated()], /is truncated or corrupt/],
    ["a missing file", () => ["import", path.join(scratch, "nothing-here.json")], /nothing-here\.json/],
    ["a malformed search query", () => ["search", '"unbalanced'], /quote is not closed/],
    ["a malformed export query", () => ["export", "--format", "csv", "--query", "OR", "-o", path.join(scratch, "x.csv")], /OR needs a term/],
    ["an unknown source filter", () => ["search", "ai", "--source", "nobody_knows_me"], /source "nobody_knows_me" is not in the archive/],
    ["a bad date", () => ["search", "ai", "--from", "last tuesday"], /--from: "last tuesday" is not a date/],
    ["an unknown export format", () => ["export", "--format", "pdf", "-o", path.join(scratch, "x.pdf")], /"pdf" is not supported/],
  ])("%s: one line, exit 2, archive unchanged", async (_name, args, message) => {
    const run = await runTgscope(args(), env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(await snapshotArchive(dataDir)).toEqual(archive);
  });

  it("answers an unknown command with usage help and exit 2", async () => {
    const run = await runTgscope(["colect", "durov"], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown command 'colect'/);
  });
});
