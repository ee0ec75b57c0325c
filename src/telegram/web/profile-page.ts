/**
 * The landing page of a username, `t.me/<username>`: what Telegram shows anyone about a channel,
 * group, user or bot, and whether a channel has a public web preview.
 */
import { load, type CheerioAPI } from "cheerio";
import type { PeerKind, Source } from "../../domain/index.js";
import { plainText } from "./formatted-text.js";
import { parseShownCount, type ShownCount } from "./shown-values.js";

/** What a `t.me/<username>` landing page shows about an existing peer. */
export interface ProfilePage {
  /**
   * The peer: kind, title, username, description/bio (`about`), counts from `tgme_page_extra`
   * (subscribers or members as `memberCount`, `onlineCount`), photo URL, verified label.
   */
  source: Source;
  /** The page links to the channel's web preview ("Preview channel" → `t.me/s/<username>`). */
  hasPublicPreview: boolean;
}

/**
 * Reads a `t.me/<username>` landing page.
 *
 * The kind is read from what the page shows: a channel links to its preview or counts subscribers; a
 * group counts members and members online (public groups are supergroups, so `kind: "supergroup"`);
 * a bot has a "Start Bot" button or a username ending in "bot"; anything else with a title is a user.
 *
 * @returns `undefined` when no peer has the username (Telegram then shows a generic "Contact
 *   @username" page with no `tgme_page_title`)
 */
export function parseProfilePage(html: string): ProfilePage | undefined {
  const $ = load(html);
  const titleElement = $(".tgme_page_title").first();
  if (titleElement.length === 0) return undefined;
  const username = usernameOf($);
  const extra = $(".tgme_page_extra").first().text().trim();
  const counts = extraCounts(extra);
  const hasPublicPreview = username !== undefined && $(`a[href="/s/${username}"]`).length > 0;
  const description = $(".tgme_page_description").first();
  const photo = $("img.tgme_page_photo_image").first().attr("src");
  const source: Source = {
    kind: kindOf($, { username, extra, hasPublicPreview }),
    username,
    title: titleElement.text().trim() || undefined,
    about: description.length > 0 ? plainText(description).trim() : undefined,
    memberCount: counts.members?.value,
    memberCountApproximate: counts.members?.approximate,
    onlineCount: counts.online?.value,
    photoUrl: photo && !photo.startsWith("data:") ? photo : undefined,
    verified: titleElement.find(".verified-icon").length > 0,
  };
  return { source, hasPublicPreview };
}

/** The username from the page's `tg://resolve?domain=<username>` links. */
function usernameOf($: CheerioAPI): string | undefined {
  const link = $('a[href^="tg://resolve?"]').first().attr("href") ?? $('meta[property="al:android:url"]').attr("content");
  const match = /[?&]domain=([A-Za-z0-9_]+)/.exec(link ?? "");
  return match?.[1];
}

/** `"16 674 members, 362 online"`, `"5 012 subscribers"`, `"1.2M subscribers"` → counts by meaning. */
function extraCounts(extra: string): { members?: ShownCount; online?: ShownCount } {
  const counts: { members?: ShownCount; online?: ShownCount } = {};
  for (const part of extra.split(",")) {
    const match = /^(.+?)\s+(subscribers?|members?|online)$/i.exec(part.trim());
    if (!match) continue;
    const count = parseShownCount(match[1]!);
    if (/online/i.test(match[2]!)) counts.online = count;
    else counts.members = count;
  }
  return counts;
}

function kindOf($: CheerioAPI, page: { username?: string; extra: string; hasPublicPreview: boolean }): PeerKind {
  if (page.hasPublicPreview || /subscriber/i.test(page.extra)) return "channel";
  if (/member|online/i.test(page.extra)) return "supergroup";
  const action = $(".tgme_page_action").text();
  if (/start bot/i.test(action) || /bot$/i.test(page.username ?? "")) return "bot";
  return "user";
}
