// Message kinds and formatting that no recorded page in real/tme_s shows (voice notes, round videos,
// stickers, files, service messages, spoilers, code, hashtags …), in the markup t.me/s serves for them.
import { describe, expect, it } from "vitest";
import type { Message } from "../../domain/index.js";
import { parseChannelPage } from "./channel-page.js";

/** A t.me/s message widget of @testchannel around `bubble`, dated 2026-01-02 10:00 UTC. */
function widget(id: number, bubble: string, options: { widgetClass?: string; meta?: string } = {}): string {
  return (
    `<div class="tgme_widget_message_wrap js-widget_message_wrap"><div class="tgme_widget_message text_not_supported_wrap js-widget_message ${options.widgetClass ?? ""}" data-post="testchannel/${id}">` +
    `<div class="tgme_widget_message_bubble">${bubble}<div class="tgme_widget_message_footer compact js-message_footer"><div class="tgme_widget_message_info short js-message_info">` +
    `<span class="tgme_widget_message_views">1.2K</span><span class="copyonly"> views</span><span class="tgme_widget_message_meta">${options.meta ?? ""}` +
    `<a class="tgme_widget_message_date" href="https://t.me/testchannel/${id}"><time datetime="2026-01-02T10:00:00+00:00" class="time">10:00</time></a></span>` +
    `</div></div></div></div></div>`
  );
}

function parseOne(html: string): Message {
  const [message, ...rest] = parseChannelPage(`<section class="tgme_channel_history">${html}</section>`).messages;
  if (!message || rest.length > 0) throw new Error("expected exactly one message");
  return message;
}

describe("message widget media", () => {
  it("reads a voice note with its audio file and duration", () => {
    const message = parseOne(
      widget(
        10,
        `<a class="tgme_widget_message_voice_player js-message_voice_player" href="https://t.me/testchannel/10">` +
          `<audio class="tgme_widget_message_voice js-message_voice" src="https://cdn4.telesco.pe/file/voice.ogg" preload="none"></audio>` +
          `<time class="tgme_widget_message_voice_duration js-message_voice_duration">0:28</time></a>`,
      ),
    );
    expect(message.media).toEqual([{ kind: "voice", url: "https://cdn4.telesco.pe/file/voice.ogg", durationSeconds: 28 }]);
  });

  it("reads a round video", () => {
    const message = parseOne(
      widget(
        11,
        `<div class="tgme_widget_message_roundvideo_player js-message_roundvideo_player"><div class="tgme_widget_message_roundvideo_wrap">` +
          `<i class="tgme_widget_message_roundvideo_thumb" style="background-image:url('https://cdn4.telesco.pe/file/round.jpg')"></i>` +
          `<video class="tgme_widget_message_roundvideo js-message_roundvideo" src="https://cdn4.telesco.pe/file/round.mp4"></video></div>` +
          `<time class="tgme_widget_message_roundvideo_duration js-message_roundvideo_duration">1:02:03</time></div>`,
      ),
    );
    expect(message.media).toEqual([{ kind: "round_video", url: "https://cdn4.telesco.pe/file/round.mp4", durationSeconds: 3723 }]);
  });

  it("reads a sticker and a file with its shown size", () => {
    const sticker = parseOne(
      widget(
        12,
        `<div class="tgme_widget_message_sticker_wrap media_supported_cont" style="width:256px;"><a href="https://t.me/testchannel/12">` +
          `<i class="tgme_widget_message_sticker js-sticker_image" style="background-image:url('https://cdn4.telesco.pe/file/sticker.webp')"></i></a></div>`,
      ),
    );
    expect(sticker.media).toEqual([{ kind: "sticker", url: "https://cdn4.telesco.pe/file/sticker.webp" }]);
    const file = parseOne(
      widget(
        13,
        `<a class="tgme_widget_message_document_wrap" href="https://t.me/testchannel/13"><div class="tgme_widget_message_document_icon accent_bg"></div>` +
          `<div class="tgme_widget_message_document"><div class="tgme_widget_message_document_title accent_color" dir="auto">report.pdf</div>` +
          `<div class="tgme_widget_message_document_extra" dir="auto">1.5 MB</div></div></a>`,
      ),
    );
    expect(file.media).toEqual([{ kind: "document", title: "report.pdf", fileName: "report.pdf", sizeBytes: 1_572_864 }]);
  });
});

describe("message widget headers and footer", () => {
  it("reads a service message as a service action with empty text", () => {
    const message = parseOne(
      widget(1, `<div class="tgme_widget_message_text js-message_text" dir="auto">Channel created</div>`, { widgetClass: "service_message" }),
    );
    expect(message).toMatchObject({ messageId: 1, text: "", entities: [], service: { type: "channel_create", text: "Channel created" } });
  });

  it("reads the post author signature next to the edited label", () => {
    const message = parseOne(
      widget(20, `<div class="tgme_widget_message_text js-message_text" dir="auto">Hi</div>`, {
        meta: `<span class="tgme_widget_message_from_author" dir="auto">Alex Smith</span>,&nbsp;edited&nbsp;`,
      }),
    );
    expect(message).toMatchObject({ postAuthor: "Alex Smith", edited: true, views: 1_200, viewsApproximate: true });
  });

  it("reads a forward from a hidden user and a reply to another channel's photo", () => {
    const message = parseOne(
      widget(
        21,
        `<div class="tgme_widget_message_forwarded_from accent_color">Forwarded from&nbsp;<span class="tgme_widget_message_forwarded_from_name">John Doe</span></div>` +
          `<a class="tgme_widget_message_reply" href="https://t.me/otherchannel/55"><div class="tgme_widget_message_author accent_color">` +
          `<span class="tgme_widget_message_author_name" dir="auto">Other Channel</span></div><div class="tgme_widget_message_metatext">Photo</div></a>` +
          `<div class="tgme_widget_message_text js-message_text" dir="auto">Look</div>`,
      ),
    );
    expect(message.forward).toEqual({ fromName: "John Doe" });
    expect(message.replyTo).toEqual({ messageId: 55, peerUsername: "otherchannel", authorName: "Other Channel", quoteText: "Photo" });
    expect(message.text).toBe("Look");
  });
});

describe("message text entities", () => {
  it("reads underline, strikethrough, spoiler, code, pre with language, hashtag, cashtag, e-mail and phone", () => {
    const message = parseOne(
      widget(
        30,
        `<div class="tgme_widget_message_text js-message_text" dir="auto"><u>under</u> <s>struck</s> <tg-spoiler>hidden</tg-spoiler> <code>x = 1</code><br>` +
          `<pre><code class="language-python">print(1)</code></pre><a href="?q=%23news">#news</a> <a href="?q=%24TON">$TON</a> ` +
          `<a href="mailto:desk@example.org">desk@example.org</a> <a href="tel:+4912345">+4912345</a> <a href="https://t.me/durov" target="_blank">@durov</a></div>`,
      ),
    );
    expect(message.text).toBe("under struck hidden x = 1\nprint(1)#news $TON desk@example.org +4912345 @durov");
    expect(message.entities).toEqual([
      { type: "underline", offset: 0, length: 5 },
      { type: "strikethrough", offset: 6, length: 6 },
      { type: "spoiler", offset: 13, length: 6 },
      { type: "code", offset: 20, length: 5 },
      { type: "pre", offset: 26, length: 8, language: "python" },
      { type: "hashtag", offset: 34, length: 5 },
      { type: "cashtag", offset: 40, length: 4 },
      { type: "email", offset: 45, length: 16 },
      { type: "phone", offset: 62, length: 8 },
      { type: "mention", offset: 71, length: 6 },
    ]);
  });

  it("counts offsets in UTF-16 code units after emoji outside the BMP", () => {
    const message = parseOne(
      widget(
        31,
        `<div class="tgme_widget_message_text js-message_text" dir="auto"><i class="emoji" style="background-image:url('//telegram.org/img/emoji/40/F09F9A80.png')"><b>🚀</b></i> <b>Launch</b></div>`,
      ),
    );
    expect(message.text).toBe("🚀 Launch");
    expect(message.entities).toEqual([{ type: "bold", offset: 3, length: 6 }]);
  });
});
