/**
 * Reader of a Desktop HTML export of one chat: `messages.html`, `messages2.html` … (Desktop writes
 * 1000 messages per page, so each page is parsed whole with cheerio, one page at a time).
 */
import { readFile } from "node:fs/promises";
import { load } from "cheerio";
import { NotAnExportError, TruncatedExportError, type Source } from "../../domain/index.js";
import { messagesFromHtmlPage, type HtmlPageState } from "./html-message.js";
import type { ReaderEvent } from "./reader-event.js";

/**
 * Streams one chat spread over `files` (in page order). The chat event comes from the first page's
 * header (`page_header` title); the HTML has no peer id or chat type, so the source has only a title.
 *
 * @throws {NotAnExportError} when a page has no `page_wrap` and `history` blocks
 * @throws {TruncatedExportError} when a page does not end with `</html>` or a message has no date
 */
export async function* readHtmlExport(files: string[]): AsyncGenerator<ReaderEvent> {
  const state: HtmlPageState = {};
  for (const [index, path] of files.entries()) {
    const html = await readFile(path, "utf8");
    if (!html.includes("page_wrap")) throw new NotAnExportError(path, "an HTML page without Desktop's page_wrap block");
    if (!/<\/html>\s*$/i.test(html.slice(-1024))) throw new TruncatedExportError(path, "the HTML page does not end with </html>");
    const $ = load(html);
    if ($(".page_wrap .history").length === 0) throw new NotAnExportError(path, "an HTML page without a message history");
    if (index === 0) {
      const source: Source = {};
      const title = $(".page_header .text.bold").first().text().replace(/\s+/g, " ").trim();
      if (title) source.title = title;
      yield { kind: "chat", chatIndex: 0, source };
    }
    for (const message of messagesFromHtmlPage($, state, path)) yield { kind: "message", chatIndex: 0, message };
  }
}
