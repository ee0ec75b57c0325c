import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotAnExportError, TruncatedExportError } from "../../domain/index.js";
import { REAL_DIR } from "../testing/index.js";
import { scanDesktopExport } from "./index.js";
import { messageById, readWholeExport } from "./export-reading.fixture.js";

/** A page as Telegram Desktop writes it (`export_output_html.cpp`): header, then the history. */
function page(title: string, history: string): string {
  return `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8"/>
<title>Exported Data</title>
</head>
<body onload="CheckLocation();">
<div class="page_wrap">
 <div class="page_header">
  <div class="content">
   <div class="text bold">
${title}
   </div>
  </div>
 </div>
 <div class="page_body chat_page">
  <div class="history">
${history}
  </div>
 </div>
</div>
</body>
</html>
`;
}

const date = (title: string): string => `<div class="pull_right date details" title="${title}">00:00</div>`;

const PAGE_1 = page(
  "Night Owls",
  `
<div class="message service" id="message-1"><div class="body details">1 March 2024</div></div>
<div class="message service" id="message5"><div class="body details">Ann Lee created group &laquo;Night Owls&raquo;</div></div>
<div class="message default clearfix" id="message6">
 <div class="pull_left userpic_wrap"><div class="userpic userpic4"><div class="initials">AL</div></div></div>
 <div class="body">
  ${date("01.03.2024 23:30:00 UTC+03:00")}
  <div class="from_name">
Ann Lee via @gif
  </div>
  <div class="text">
Read <strong>this</strong>:<br>👉 <a href="https://example.org/a">the article</a> <a href="" onclick="return ShowHashtag(&quot;news&quot;)">#news</a> <a href="https://t.me/bob">@bob</a> <a href="https://example.org">https://example.org</a>
  </div>
  <span class="reactions">
   <span class="reaction active"><span class="emoji">❤</span><span class="userpics"><div class="userpic userpic1"></div></span><span class="count">3</span></span>
   <span class="reaction paid"><span class="emoji">⭐</span><span class="count">1</span></span>
   <span class="reaction"><span class="emoji"><a href = "stickers/e.webp">👋</a></span><span class="count">2</span></span>
  </span>
 </div>
</div>
<div class="message default clearfix joined" id="message7">
 <div class="body">
  ${date("01.03.2024 23:31:00 UTC+03:00")}
  <div class="reply_to details">
In reply to <a href="#go_to_message6" onclick="return GoToMessage(6)">this message</a>
  </div>
  <div class="media_wrap clearfix">
   <a class="photo_wrap clearfix pull_left" href="photos/photo_1@01-03-2024_23-31-00.jpg"><img class="photo" src="photos/photo_1@01-03-2024_23-31-00_thumb.jpg" style="width: 260px; height: 195px"/></a>
  </div>
  <div class="text">
Look
  </div>
 </div>
</div>
`,
);

const PAGE_2 = page(
  "Night Owls",
  `
<div class="message default clearfix joined" id="message8">
 <div class="body">
  ${date("01.03.2024 23:32:00 UTC+03:00")}
  <div class="media_wrap clearfix">
   <a class="video_file_wrap clearfix pull_left" href="video_files/clip.mp4"><div class="video_play_bg"><div class="video_play"></div></div><div class="video_duration">01:05</div><img class="video_file" src="video_files/clip.mp4_thumb.jpg"/></a>
  </div>
 </div>
</div>
<div class="message default clearfix" id="message9">
 <div class="pull_left userpic_wrap"><div class="userpic userpic2"><div class="initials">BS</div></div></div>
 <div class="body">
  ${date("02.03.2024 08:00:00 UTC+03:00")}
  <div class="from_name">
Bob Smith
  </div>
  <div class="pull_left forwarded userpic_wrap"><div class="userpic userpic3"><div class="initials">DN</div></div></div>
  <div class="forwarded body">
   <div class="from_name">
Daily News<span class="date details" title="01.03.2024 20:00:00 UTC+01:00"> 01.03.2024 20:00:00</span>
   </div>
   <div class="text">
Breaking
   </div>
   <div class="signature details">
Editor
   </div>
  </div>
 </div>
</div>
<div class="message default clearfix joined" id="message10">
 <div class="body">
  ${date("02.03.2024 08:00:01 UTC+03:00")}
  <div class="forwarded body">
   <div class="media_wrap clearfix">
    <div class="media clearfix pull_left media_photo"><div class="fill pull_left"></div><div class="body"><div class="title bold">Photo</div><div class="description">Not included, change data exporting settings to download.</div><div class="status details">1280x720, 193.4 KB</div></div></div>
   </div>
  </div>
 </div>
</div>
<div class="message service" id="message11"><div class="body details">Bob Smith pinned <a href="#go_to_message9" onclick="return GoToMessage(9)">this message</a></div></div>
`,
);

const PAGE_10 = page(
  "Night Owls",
  `
<div class="message default clearfix" id="message12">
 <div class="pull_left userpic_wrap"><div class="userpic userpic4"><div class="initials">AL</div></div></div>
 <div class="body">
  ${date("02.03.2024 09:00:00 UTC+03:00")}
  <div class="from_name">Ann Lee</div>
  <div class="media_wrap clearfix">
   <div class="media clearfix pull_left media_call success"><div class="fill pull_left"></div><div class="body"><div class="title bold">Bob Smith</div><div class="status details">Incoming (56 seconds)</div></div></div>
  </div>
 </div>
</div>
<div class="message default clearfix joined" id="message13">
 <div class="body">
  ${date("02.03.2024 09:01:00 UTC+03:00")}
  <div class="media_wrap clearfix">
   <div class="media_poll"><div class="question bold">Tea?</div><div class="details">Anonymous poll</div><div class="answer">- Yes <span class="details">2 votes, chosen vote</span></div><div class="answer">- No <span class="details">1 vote</span></div><div class="total details	">3 votes</div></div>
  </div>
 </div>
</div>
`,
);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "tgscope-html-"));
  await writeFile(path.join(dir, "messages.html"), PAGE_1);
  await writeFile(path.join(dir, "messages2.html"), PAGE_2);
  await writeFile(path.join(dir, "messages10.html"), PAGE_10);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});


describe("HTML export folder with several pages", () => {
  it("reads messages.html, messages2.html, messages10.html in page order as one chat", async () => {
    const scan = await scanDesktopExport(dir);
    expect(scan).toEqual({
      format: "html",
      files: ["messages.html", "messages2.html", "messages10.html"].map((name) => path.join(dir, name)),
      chats: 1,
      messages: 9,
    });
    const { sources, messages } = await readWholeExport(dir);
    expect(sources).toEqual([{ title: "Night Owls" }]);
    expect(messages.map((m) => m.messageId)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13]);
  });

  it("reads text with line breaks and entities, the sender, via bot, UTC date and reactions", async () => {
    const message = messageById((await readWholeExport(dir)).messages, 6);
    expect(message.date.toISOString()).toBe("2024-03-01T20:30:00.000Z");
    expect(message.sender).toEqual({ name: "Ann Lee" });
    expect(message.viaBot).toBe("gif");
    expect(message.text).toBe("Read this:\n👉 the article #news @bob https://example.org");
    expect(message.entities).toEqual([
      { type: "bold", offset: 5, length: 4 },
      { type: "text_link", offset: 14, length: 11, url: "https://example.org/a" },
      { type: "hashtag", offset: 26, length: 5 },
      { type: "mention", offset: 32, length: 4 },
      { type: "url", offset: 37, length: 19, url: "https://example.org" },
    ]);
    expect(message.reactions).toEqual([{ emoji: "❤", count: 3 }, { paid: true, count: 1 }, { customEmojiId: "stickers/e.webp", count: 2 }]);
  });

  it("gives joined messages the sender before them, also across pages", async () => {
    const { messages } = await readWholeExport(dir);
    expect(messageById(messages, 7).sender).toEqual({ name: "Ann Lee" });
    expect(messageById(messages, 8).sender).toEqual({ name: "Ann Lee" });
  });

  it("reads replies, photos and videos", async () => {
    const { messages } = await readWholeExport(dir);
    expect(messageById(messages, 7).replyTo).toEqual({ messageId: 6 });
    expect(messageById(messages, 7).media).toEqual([{ kind: "photo", fileName: "photos/photo_1@01-03-2024_23-31-00.jpg" }]);
    expect(messageById(messages, 8).media).toEqual([{ kind: "video", fileName: "video_files/clip.mp4", durationSeconds: 65 }]);
  });

  it("reads forwards with the original date and signature; a joined forward repeats the header", async () => {
    const { messages } = await readWholeExport(dir);
    const forward = { fromName: "Daily News", originalDate: new Date("2024-03-01T19:00:00.000Z") };
    expect(messageById(messages, 9)).toMatchObject({ sender: { name: "Bob Smith" }, text: "Breaking", postAuthor: "Editor", forward });
    expect(messageById(messages, 10).forward).toEqual(forward);
    expect(messageById(messages, 10).media).toEqual([{ kind: "photo", width: 1280, height: 720 }]);
  });

  it("reads service messages, dated by the message before them, and phone calls", async () => {
    const { messages } = await readWholeExport(dir);
    expect(messageById(messages, 5)).toMatchObject({ date: new Date("2024-03-01T00:00:00.000Z"), service: { type: "other", text: "Ann Lee created group «Night Owls»" } });
    expect(messageById(messages, 11)).toMatchObject({
      date: new Date("2024-03-02T05:00:01.000Z"),
      service: { type: "other", text: "Bob Smith pinned this message", details: { message_id: 9 } },
    });
    expect(messageById(messages, 12).service).toEqual({ type: "phone_call", text: "Incoming (56 seconds)", details: { duration_seconds: 56 } });
  });

  it("reads polls", async () => {
    const poll = messageById((await readWholeExport(dir)).messages, 13);
    expect(poll.media).toEqual([
      { kind: "poll", poll: { question: "Tea?", options: [{ text: "Yes", voters: 2 }, { text: "No", voters: 1 }], totalVoters: 3, closed: false } },
    ]);
  });
});

describe("bad HTML input", () => {
  it("rejects an HTML page that is not a Desktop export", async () => {
    const file = path.join(dir, "index.html");
    await writeFile(file, "<!DOCTYPE html><html><body><p>Hello</p></body></html>");
    await expect(scanDesktopExport(file)).rejects.toBeInstanceOf(NotAnExportError);
  });

  it("rejects a cut copy of the real messages.html", async () => {
    const bytes = await readFile(path.join(REAL_DIR, "desktop_export", "langchain-ai__langchain__messages.html"));
    const file = path.join(dir, "cut.html");
    await writeFile(file, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    await expect(scanDesktopExport(file)).rejects.toBeInstanceOf(TruncatedExportError);
  });
});
