/**
 * Message text of a Desktop HTML export (`<div class="text">`, written by `export_output_html.cpp`,
 * `FormatText`) → plain text and {@link TextEntity}s with UTF-16 offsets.
 */
import type { Cheerio } from "cheerio";
import type { AnyNode, Element } from "domhandler";
import type { TextEntity, TextEntityType } from "../../domain/index.js";
import type { ExportText } from "./json-text.js";

/** Tags Desktop writes for one entity type each. */
const TAG_ENTITIES: Record<string, TextEntityType> = {
  strong: "bold",
  em: "italic",
  u: "underline",
  s: "strikethrough",
  code: "code",
  pre: "pre",
  blockquote: "blockquote",
};

/** `onclick` handlers of Desktop's `<a href="">` links → entity types. */
const ONCLICK_ENTITIES: [RegExp, TextEntityType][] = [
  [/ShowHashtag\(/, "hashtag"],
  [/ShowCashtag\(/, "cashtag"],
  [/ShowBotCommand\(/, "bot_command"],
  [/ShowMentionName\(/, "mention_name"],
];

type EntityShape = Omit<TextEntity, "offset" | "length">;

/**
 * Reads a text element. `<br>` is a line break; the whitespace Desktop (or a prettifier) puts around
 * the text inside the `div` is trimmed. Links become `hashtag`/`cashtag`/`bot_command`/`mention_name`
 * (by their `onclick`), `email`/`phone` (`mailto:`/`tel:`), `mention` (`@name` → `…/name`), `url`
 * (the link text is the address) or `text_link` (with its target); `span.spoiler` is a spoiler.
 */
export function textFromHtml(element: Cheerio<Element>): ExportText {
  const builder = new TextBuilder();
  for (const node of element.toArray()) builder.children(node);
  return builder.trimmed();
}

class TextBuilder {
  private text = "";
  private readonly entities: TextEntity[] = [];

  trimmed(): ExportText {
    const start = this.text.length - this.text.trimStart().length;
    const text = this.text.trim();
    const entities: TextEntity[] = [];
    for (const entity of this.entities) {
      const offset = Math.max(0, entity.offset - start);
      const end = Math.min(text.length, entity.offset - start + entity.length);
      if (end > offset) entities.push({ ...entity, offset, length: end - offset });
    }
    return { text, entities };
  }

  children(element: Element): void {
    for (const child of element.children) this.node(child);
  }

  private node(node: AnyNode): void {
    if (node.type === "text") {
      this.text += node.data;
      return;
    }
    if (node.type !== "tag") return;
    const name = node.name.toLowerCase();
    const classes = (node.attribs.class ?? "").split(/\s+/);
    if (name === "br") this.text += "\n";
    else if (name === "a") this.wrap(node, linkEntity(node, rawText(node)));
    else if (classes.includes("spoiler")) this.wrap(node, { type: "spoiler" });
    else if (name in TAG_ENTITIES) this.wrap(node, { type: TAG_ENTITIES[name]! });
    else this.children(node);
  }

  private wrap(element: Element, shape: EntityShape): void {
    const entity: TextEntity = { ...shape, offset: this.text.length, length: 0 };
    this.entities.push(entity);
    this.children(element);
    entity.length = this.text.length - entity.offset;
    if (entity.length === 0) this.entities.splice(this.entities.indexOf(entity), 1);
  }
}

function rawText(node: AnyNode): string {
  if (node.type === "text") return node.data;
  if (node.type !== "tag") return "";
  return node.name.toLowerCase() === "br" ? "\n" : node.children.map(rawText).join("");
}

function linkEntity(anchor: Element, text: string): EntityShape {
  const onclick = anchor.attribs.onclick ?? "";
  for (const [pattern, type] of ONCLICK_ENTITIES) if (pattern.test(onclick)) return { type };
  const href = anchor.attribs.href ?? "";
  if (href.startsWith("mailto:")) return { type: "email" };
  if (href.startsWith("tel:")) return { type: "phone" };
  if (text.startsWith("@") && href.toLowerCase().endsWith(`/${text.slice(1).toLowerCase()}`)) return { type: "mention" };
  if (href === text) return { type: "url", url: text };
  return { type: "text_link", url: href };
}
