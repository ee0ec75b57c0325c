/**
 * `tgscope import` of every real Telegram Desktop export, then `export` in every format.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REAL, cliEnv, exportAll, runTgscope, tempDataDir } from "../support/cli.js";

const EXPORTS: [file: string, chat: string, messages: number][] = [
  ["AiratFaiz__pachumarchive__result.json", "ГУЗЕЛЬСКИЕ ПЕРЕЗАЛИВЫ", 3],
  ["langchain-ai__langchain__messages.html", "Jimmeny Marvelton", 4],
  ["langchain-ai__langchain__result.json", "Jimmeny", 4],
  ["langchain-ai__langchain__telegram.json", "Grace ðŸ§¤", 3],
  ["mlomb__chat-analytics__DM_2A_7M.json", "Bob", 8],
];

describe.each(EXPORTS)("import %s", (file, chat, count) => {
  it("stores every message once, and importing again adds nothing", async () => {
    const env = cliEnv({ TGSCOPE_DATA_DIR: tempDataDir() });
    const first = await runTgscope(["import", path.join(REAL, "desktop_export", file)], env);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(`${count} new, 0 updated, 0 unchanged`);
    const rows = await exportAll(env);
    expect(rows).toHaveLength(count);
    expect(new Set(rows.map((r) => r.message_id)).size).toBe(count);
    expect(rows.every((r) => r.source === chat && r.collected_via === "export")).toBe(true);

    const again = await runTgscope(["import", path.join(REAL, "desktop_export", file)], env);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`0 new, 0 updated, ${count} unchanged`);
    expect(await exportAll(env)).toEqual(rows);
  });
});

describe("import a channel export and export it", () => {
  it("keeps texts, edits, media and reactions, in CSV, TSV and JSONL", async () => {
    const dataDir = tempDataDir();
    const env = cliEnv({ TGSCOPE_DATA_DIR: dataDir });
    expect((await runTgscope(["import", path.join(REAL, "desktop_export/AiratFaiz__pachumarchive__result.json")], env)).code).toBe(0);
    const rows = await exportAll(env);
    expect(rows[0]).toMatchObject({
      message_id: 3854,
      date: "2026-06-17T12:24:01Z",
      edit_date: "2026-06-17T12:29:24Z",
      edited: true,
      source_peer_id: "-1002447843635",
      media_kinds: ["photo"],
      hashtags: ["кинострим"],
      urls: expect.arrayContaining(["https://www.twitch.tv/guz3lka", "https://boosty.to/guzelka_games", "http://t.me/papapachuca"]),
    });
    expect(String(rows[0]!.text)).toMatch(/^Пила 3D \(2010\)\n🤪 - 6\/10/);

    for (const format of ["csv", "tsv"] as const) {
      const out = path.join(dataDir, `all.${format}`);
      const run = await runTgscope(["export", "--format", format, "--query", "пила", "-o", out], env);
      expect(run.code).toBe(0);
      expect(run.stderr).toContain(`1 message(s) written to ${out}`);
      const [header, ...lines] = readFileSync(out, "utf8").trimEnd().split("\n");
      const sep = format === "csv" ? "," : "\t";
      expect(header!.split(sep).slice(0, 7)).toEqual(["source", "message_id", "date", "text", "views", "forwarded_from", "url"]);
      expect(lines.join("\n")).toContain("3854");
    }
  });
});
