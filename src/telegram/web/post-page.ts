/**
 * Single-post pages: the embedded widget `t.me/<channel>/<id>?embed=1` and the post's landing page
 * `t.me/<channel>/<id>`.
 */
import { load } from "cheerio";
import type { Message } from "../../domain/index.js";
import { parseMessageWidget } from "./message-widget.js";

/** What a single-post page shows. */
export type PostPage =
  /** The embed widget of a post: its message(s), one per album item (see `parseChannelPage`). */
  | { kind: "post"; username: string; messages: Message[] }
  /** The embed says the post does not exist (`tgme_widget_message_error`, e.g. "Post not found"). */
  | { kind: "not_found"; error: string }
  /**
   * The landing page of a post, which shows only its `og:` summary (and embeds the widget in an
   * iframe): the channel title, the text without formatting and the first image. It has no date.
   */
  | { kind: "summary"; username: string; messageId: number; channelTitle?: string; text: string; imageUrl?: string };

/**
 * Reads a single-post page.
 *
 * @returns `undefined` for a page that is neither (e.g. a channel landing page)
 */
export function parsePostPage(html: string): PostPage | undefined {
  const $ = load(html);
  const element = $(".tgme_widget_message[data-post]").first();
  const widget = element.length > 0 ? parseMessageWidget($, element) : undefined;
  if (widget) return { kind: "post", username: widget.username, messages: widget.messages };
  const error = $(".tgme_widget_message_error").first().text().trim();
  if (error) return { kind: "not_found", error };
  const meta = (property: string): string | undefined => $(`meta[property="${property}"]`).attr("content") || undefined;
  const link = /^tg:\/\/resolve\?domain=([A-Za-z0-9_]+)&post=(\d+)$/.exec(meta("al:android:url") ?? "");
  if (!link) return undefined;
  return {
    kind: "summary",
    username: link[1]!,
    messageId: Number(link[2]),
    channelTitle: meta("og:title"),
    text: (meta("og:description") ?? "").trim(),
    imageUrl: meta("og:image"),
  };
}
