/**
 * The real Telegram pages captured in `../shared/real/` (see its `SOURCES.md`), listed with the
 * username each one belongs to.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { load } from "cheerio";

/** One captured page and the username it shows. */
export interface RealPage {
  /** Absolute path of the HTML file. */
  file: string;
  /** Username as the page spells it (e.g. `ClashReport`, `meduzalive`). */
  username: string;
}

/** The project root: the nearest folder above this module holding `package.json`. */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir;
}

/** `<project root>/../shared/real`: the captured pages and exports. */
export const REAL_DIR = path.resolve(projectRoot(), "../shared/real");

function htmlFiles(folder: string): string[] {
  const dir = path.join(REAL_DIR, folder);
  return readdirSync(dir)
    .filter((name) => name.endsWith(".html"))
    .sort()
    .map((name) => path.join(dir, name));
}

/** The channel of a `t.me/s` page: its header's `@username`, else its first widget's `data-post`. */
function channelUsername(file: string): string {
  const $ = load(readFileSync(file, "utf8"));
  const header = $(".tgme_channel_info_header_username").first().text().trim().replace(/^@/, "");
  const username = header || ($(".tgme_widget_message[data-post]").first().attr("data-post") ?? "").split("/")[0];
  if (!username) throw new Error(`${file} names no channel`);
  return username;
}

/** The username of a landing page (`tg://resolve?domain=<username>`). */
function landingUsername(html: string): string | undefined {
  return /tg:\/\/resolve\?domain=([A-Za-z0-9_]+)/.exec(html)?.[1];
}

/** Every `real/tme_s/*.html` page with the channel it shows, in file-name order. */
export const REAL_CHANNEL_PAGES: readonly RealPage[] = htmlFiles("tme_s").map((file) => ({ file, username: channelUsername(file) }));

const profileFiles = htmlFiles("tme_profile").map((file) => ({ file, html: readFileSync(file, "utf8") }));

/** Every `real/tme_profile/*.html` landing page of an existing peer, with its username. */
export const REAL_PROFILE_PAGES: readonly RealPage[] = profileFiles
  .filter(({ html }) => html.includes("tgme_page_title"))
  .map(({ file, html }) => ({ file, username: landingUsername(html) ?? "" }));

/** The landing page Telegram shows for a username nobody has (C02 in SOURCES.md), with that username. */
export const NONEXISTENT_PROFILE_PAGE: RealPage = ((): RealPage => {
  const page = profileFiles.find(({ html }) => !html.includes("tgme_page_title"));
  if (!page) throw new Error(`no landing page of a non-existent username in ${REAL_DIR}/tme_profile`);
  return { file: page.file, username: landingUsername(page.html) ?? "" };
})();
