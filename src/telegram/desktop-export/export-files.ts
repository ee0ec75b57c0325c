/**
 * Finds the files of a Telegram Desktop export from what the user pointed at, and tells JSON from
 * HTML by the first bytes (not by the file name).
 */
import { open, readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { NotAnExportError } from "../../domain/index.js";

/** The files to read, in order, and their format. */
export interface ExportFiles {
  format: "json" | "html";
  /** Absolute paths: one `result.json`, or the HTML pages in page order. */
  files: string[];
}

const HTML_PAGE = /^messages(\d*)\.html$/;
const SNIFF_BYTES = 1024;

/** First meaningful byte of a file: `{` (JSON object), `<` (HTML) or something else. */
async function sniff(path: string): Promise<"json" | "html"> {
  const handle = await open(path, "r");
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(SNIFF_BYTES), 0, SNIFF_BYTES, 0);
    const head = buffer.subarray(0, bytesRead).toString("utf8").replace(/^\uFEFF/, "").trimStart();
    if (head.startsWith("{")) return "json";
    if (head.startsWith("<")) return "html";
    throw new NotAnExportError(path, head.length === 0 ? "the file is empty" : "neither a JSON object nor an HTML page");
  } finally {
    await handle.close();
  }
}

/** `messages.html` is page 1, `messagesN.html` page N. */
function pageNumber(name: string): number {
  return Number(HTML_PAGE.exec(name)?.[1] || 1);
}

/**
 * Resolves an export path: a file is read as it is (`result.json`, any JSON, one `messages*.html`
 * page); a folder means its `result.json`, else all its `messages*.html` pages in page order
 * (messages.html, messages2.html, … messages10.html).
 *
 * @throws {NotAnExportError} when the path does not exist, the folder holds no export, or the file is
 *   neither a JSON object nor HTML
 */
export async function resolveExportFiles(path: string): Promise<ExportFiles> {
  const absolute = resolve(path);
  const info = await stat(absolute).catch((error: unknown) => {
    throw new NotAnExportError(path, "no such file or folder", { cause: error });
  });
  if (!info.isDirectory()) return { format: await sniff(absolute), files: [absolute] };
  const names = await readdir(absolute);
  if (names.includes("result.json")) {
    const file = join(absolute, "result.json");
    return { format: await sniff(file), files: [file] };
  }
  const pages = names.filter((name) => HTML_PAGE.test(name)).sort((a, b) => pageNumber(a) - pageNumber(b));
  if (pages.length === 0) throw new NotAnExportError(path, "a folder without result.json or messages.html");
  return { format: "html", files: pages.map((name) => join(absolute, name)) };
}
