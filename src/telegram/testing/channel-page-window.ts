/**
 * Cuts a recorded `t.me/s/<channel>` page down to what Telegram would serve for `?before=N` and a
 * smaller page size, rewriting the real HTML.
 */
import { load } from "cheerio";

/** Which part of a recorded page to serve. */
export interface ChannelPageWindow {
  /** Only widgets whose `data-post` id is below this (`?before=N`). */
  before?: number;
  /** At most this many widgets, the newest of those eligible; all when absent. */
  pageSize?: number;
  /** Hide widgets whose id is above this, as if the channel had not posted them yet. */
  newestId?: number;
}

/**
 * Serves a window of a recorded channel page.
 *
 * Keeps the newest `pageSize` message widgets with id < `before` (albums stay whole: a widget is one
 * unit) and points the `tme_messages_more` cursor (`data-before`, `href`) at the smallest id shown,
 * adding the cursor if the page had none; the cursor is removed when no older widget remains in the
 * recording. Widgets above `newestId` are dropped first. Without any option the page is returned untouched.
 */
export function channelPageWindow(html: string, window: ChannelPageWindow): string {
  if (window.before === undefined && window.pageSize === undefined && window.newestId === undefined) return html;
  const $ = load(html);
  const wraps = $(".tgme_widget_message_wrap")
    .toArray()
    .flatMap((element) => {
      const post = /^(\w+)\/(\d+)$/.exec($(element).find(".tgme_widget_message[data-post]").attr("data-post") ?? "");
      return post ? [{ element, username: post[1]!, id: Number(post[2]) }] : [];
    });
  const posted = wraps.filter((wrap) => window.newestId === undefined || wrap.id <= window.newestId);
  for (const wrap of wraps) if (!posted.includes(wrap)) $(wrap.element).remove();
  const eligible = posted.filter((wrap) => window.before === undefined || wrap.id < window.before);
  const shown = window.pageSize === undefined ? eligible : eligible.slice(Math.max(0, eligible.length - window.pageSize));
  for (const wrap of posted) if (!shown.includes(wrap)) $(wrap.element).remove();

  const oldest = shown.length === 0 ? undefined : shown.reduce((min, wrap) => (wrap.id < min.id ? wrap : min));
  const cursor = $(".tme_messages_more[data-before]").first();
  if (!oldest || !wraps.some((wrap) => wrap.id < oldest.id)) {
    cursor.closest(".js-messages_more_wrap").remove();
    cursor.remove();
  } else if (cursor.length > 0) {
    cursor.attr("data-before", String(oldest.id)).attr("href", `/s/${oldest.username}?before=${oldest.id}`);
  } else {
    $(shown[0]!.element).before(
      `<div class="tgme_widget_message_centered js-messages_more_wrap"><a href="/s/${oldest.username}?before=${oldest.id}" class="tme_messages_more js-messages_more" data-before="${oldest.id}"></a></div>`,
    );
  }
  return $.html();
}
