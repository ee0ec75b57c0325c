/**
 * Values as Telegram's web preview prints them: rounded counters ("1.2K"), durations ("1:23"), file
 * sizes ("1.4 MB"), CSS background images and `t.me` links.
 */

/** A number read from the page, with whether it was rounded for display. */
export interface ShownCount {
  value: number;
  /** True for a rounded form such as `1.2K` or `11.1M`; false for digits such as `935` or `2 805`. */
  approximate: boolean;
}

const MULTIPLIERS: Record<string, number> = { K: 1e3, M: 1e6, B: 1e9 };

/**
 * Reads a counter as the web preview prints it: views, subscribers, members, poll voters, reactions.
 *
 * `"1.1M"` → 1 100 000 (approximate), `"5.09K"` → 5 090 (approximate), `"2 805"` → 2 805 (exact; any
 * space, including no-break and thin spaces, groups digits), `"935"` → 935 (exact).
 *
 * @returns `undefined` when the text holds no number
 */
export function parseShownCount(shown: string): ShownCount | undefined {
  const match = /^(\d+(?:[.,]\d+)?)\s*([KMB])?$/i.exec(shown.replace(/[\s\u00a0\u2009\u202f]/g, ""));
  if (!match) return undefined;
  const suffix = match[2]?.toUpperCase();
  const number = Number(match[1]!.replace(",", "."));
  if (suffix === undefined) return { value: Math.round(number), approximate: false };
  return { value: Math.round(number * MULTIPLIERS[suffix]!), approximate: true };
}

/** Reads a media duration such as `0:06`, `1:45` or `1:02:03` into whole seconds. */
export function parseDurationSeconds(shown: string): number | undefined {
  const match = /^(?:(\d+):)?(\d{1,2}):(\d{2})$/.exec(shown.trim());
  if (!match) return undefined;
  return Number(match[1] ?? 0) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

const SIZE_UNITS: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

/**
 * Reads a file size as the web preview prints it (`"160.4 MB"`, `"512 KB"`) into bytes. Telegram's
 * units are binary (1 KB = 1024 B); the result is as precise as the rounded text.
 */
export function parseSizeBytes(shown: string): number | undefined {
  const match = /^(\d+(?:[.,]\d+)?)\s*(B|KB|MB|GB)$/i.exec(shown.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]!.replace(",", ".")) * SIZE_UNITS[match[2]!.toUpperCase()]!);
}

/** The URL of a CSS `background-image:url('…')` in an inline style, as used for photos and thumbnails. */
export function backgroundImageUrl(style: string | undefined): string | undefined {
  const match = /background-image\s*:\s*url\(\s*(['"]?)(.+?)\1\s*\)/.exec(style ?? "");
  return match?.[2];
}

/** A `t.me/<username>[/<post id>]` link split into its parts. */
export interface TmeLink {
  username: string;
  messageId?: number;
}

/**
 * Splits a link to a Telegram channel or post (`https://t.me/meduza_news/89905`,
 * `https://t.me/ClashReport/93430?single`, `https://t.me/s/name/5`).
 *
 * @returns `undefined` for any other link, including private `t.me/c/…` posts
 */
export function parseTmeLink(href: string | undefined): TmeLink | undefined {
  if (!href) return undefined;
  let url: URL;
  try {
    url = new URL(href, "https://t.me");
  } catch {
    return undefined;
  }
  if (!/^(?:www\.)?(?:t|telegram)\.me$/i.test(url.hostname)) return undefined;
  const parts = url.pathname.split("/").filter((p) => p.length > 0);
  if (parts[0] === "s") parts.shift();
  const [username, post] = parts;
  if (!username || !/^[A-Za-z][A-Za-z0-9_]{2,31}$/.test(username)) return undefined;
  if (post === undefined) return { username };
  return /^\d+$/.test(post) ? { username, messageId: Number(post) } : undefined;
}

/** The `<username>` and `<id>` of a widget's `data-post="<username>/<id>"`. */
export function parseDataPost(dataPost: string | undefined): { username: string; messageId: number } | undefined {
  const match = /^([A-Za-z0-9_]+)\/(\d+)$/.exec(dataPost ?? "");
  return match ? { username: match[1]!, messageId: Number(match[2]) } : undefined;
}
