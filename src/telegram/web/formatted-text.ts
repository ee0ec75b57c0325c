/**
 * Turns the HTML of a web-preview message text (`tgme_widget_message_text`) back into Telegram's
 * representation: plain text plus text entities with UTF-16 offsets.
 */
import type { Cheerio } from "cheerio";
import type { AnyNode, Element } from "domhandler";
import type { TextEntity, TextEntityType } from "../../domain/index.js";

/** Plain text and its entities, as in MTProto `message` + `entities`. */
export interface FormattedText {
  /** Text with `<br>` as `\n`, HTML entities decoded, emoji images as their emoji. */
  text: string;
  /** Entities ordered by offset, outer before inner; offsets and lengths in UTF-16 code units. */
  entities: TextEntity[];
}

/** HTML tags the web preview uses for one entity type each. */
const TAG_ENTITIES: Record<string, TextEntityType> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  u: "underline",
  ins: "underline",
  s: "strikethrough",
  strike: "strikethrough",
  del: "strikethrough",
  "tg-spoiler": "spoiler",
  code: "code",
  pre: "pre",
  blockquote: "blockquote",
};

/**
 * Reads the text and entities of a message text element.
 *
 * Links become `mention` (`@name` → `t.me/name`), `hashtag`/`cashtag` (`?q=%23…` search links),
 * `email`/`phone` (`mailto:`/`tel:`), `url` (an address Telegram detected in the text; the preview
 * opens it without the "Open this link?" prompt) or `text_link` (any other link, with its target).
 * `<i class="emoji">` images count as their emoji, with no italic; `<tg-emoji emoji-id>` is a
 * `custom_emoji` over its fallback emoji.
 */
export function formattedText(element: Cheerio<Element>): FormattedText {
  const builder = new TextBuilder();
  for (const node of element.toArray()) builder.children(node);
  return builder.result();
}

/** Plain text of an element: {@link formattedText} without the entities. */
export function plainText(element: Cheerio<Element>): string {
  return formattedText(element).text;
}

class TextBuilder {
  private text = "";
  private readonly entities: TextEntity[] = [];

  result(): FormattedText {
    return { text: this.text, entities: this.entities.filter((e) => e.length > 0) };
  }

  children(node: Element): void {
    for (const child of node.children) this.node(child);
  }

  private node(node: AnyNode): void {
    if (node.type === "text") {
      this.text += node.data;
      return;
    }
    if (node.type !== "tag") return;
    const element = node;
    const name = element.name.toLowerCase();
    const classes = (element.attribs.class ?? "").split(/\s+/);
    if (name === "br") {
      this.text += "\n";
    } else if (classes.includes("emoji")) {
      this.text += rawText(element);
    } else if (name === "tg-emoji") {
      this.wrap(element, { type: "custom_emoji", customEmojiId: element.attribs["emoji-id"] });
    } else if (name === "a") {
      this.wrap(element, linkEntity(element, textOf(element)));
    } else if (name === "pre") {
      this.wrap(element, { type: "pre", language: preLanguage(element) }, true);
    } else if (classes.includes("tg-spoiler")) {
      this.wrap(element, { type: "spoiler" });
    } else if (name in TAG_ENTITIES) {
      this.wrap(element, { type: TAG_ENTITIES[name]! });
    } else {
      this.children(element);
    }
  }

  /** Appends the children of `element` under one entity. `plain` drops entities nested inside (code in pre). */
  private wrap(element: Element, entity: Omit<TextEntity, "offset" | "length">, plain = false): void {
    const target: TextEntity = { ...entity, offset: this.text.length, length: 0 };
    this.entities.push(target);
    const nestedFrom = this.entities.length;
    this.children(element);
    if (plain) this.entities.splice(nestedFrom);
    target.length = this.text.length - target.offset;
  }
}

/** Text content of an element as the builder would append it (for classifying links). */
function textOf(element: Element): string {
  const inner = new TextBuilder();
  inner.children(element);
  return inner.result().text;
}

/** Concatenated text nodes under `node` (an emoji image holds its emoji in a `<b>` that is not bold). */
function rawText(node: AnyNode): string {
  if (node.type === "text") return node.data;
  return node.type === "tag" ? node.children.map(rawText).join("") : "";
}

function preLanguage(pre: Element): string | undefined {
  for (const child of pre.children) {
    if (child.type !== "tag") continue;
    const match = /(?:^|\s)language-(\S+)/.exec((child as Element).attribs.class ?? "");
    if (match) return match[1];
  }
  return undefined;
}

function linkEntity(anchor: Element, text: string): Omit<TextEntity, "offset" | "length"> {
  const href = anchor.attribs.href ?? "";
  if (href.startsWith("mailto:")) return { type: "email" };
  if (href.startsWith("tel:")) return { type: "phone" };
  if (/^\?q=/.test(href) && text.startsWith("#")) return { type: "hashtag" };
  if (/^\?q=/.test(href) && text.startsWith("$")) return { type: "cashtag" };
  if (text.startsWith("@") && sameUsername(href, text.slice(1))) return { type: "mention" };
  const prompts = (anchor.attribs.onclick ?? "").includes("confirm(");
  const bare = text.replace(/^https?:\/\//i, "").toLowerCase();
  if (!prompts && bare.length > 0 && href.toLowerCase().includes(bare)) return { type: "url", url: text };
  return { type: "text_link", url: href };
}

function sameUsername(href: string, username: string): boolean {
  const match = /^https?:\/\/(?:t|telegram)\.me\/([A-Za-z0-9_]+)\/?$/i.exec(href);
  return match !== null && match[1]!.toLowerCase() === username.toLowerCase();
}
