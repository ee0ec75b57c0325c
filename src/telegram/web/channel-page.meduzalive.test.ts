// The complete newest page of t.me/s/meduzalive as captured (real/tme_s/LyoSU__hortay-android__meduzalive-real.html).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Message } from "../../domain/index.js";
import { REAL_DIR } from "../testing/index.js";
import { parseChannelPage } from "./channel-page.js";

const page = parseChannelPage(readFileSync(path.join(REAL_DIR, "tme_s/LyoSU__hortay-android__meduzalive-real.html"), "utf8"));
const byId = (id: number): Message => {
  const message = page.messages.find((m) => m.messageId === id);
  if (!message) throw new Error(`no message ${id}`);
  return message;
};

describe("t.me/s/meduzalive", () => {
  it("reads the channel header", () => {
    expect(page.source).toEqual({
      kind: "channel",
      title: "Медуза — LIVE",
      username: "meduzalive",
      verified: true,
      about:
        "Главный телеграм-канал «Медузы». Для связи: @m_needs_you\n\nПриложение для iOS https://mdza.io/JtSJ9t50Ww4\nИ для Android https://mdza.io/IQkzDh0RHw4",
      photoUrl: expect.stringMatching(/^https:\/\/cdn4\.telesco\.pe\/file\/ha0Yp6tLBk03uCj7-.*\.jpg$/),
      memberCount: 1_100_000,
      memberCountApproximate: true,
      counters: { photos: 24_800, videos: 5_090, files: 39, links: 109_000 },
    });
  });

  it("has the cursor to older posts", () => {
    expect(page.before).toBe(141878);
  });

  it("emits 17 posts plus the 3 further album items, ascending", () => {
    expect(page.messages.map((m) => m.messageId)).toEqual([
      141878, 141879, 141880, 141881, 141882, 141883, 141884, 141885, 141886, 141887, 141888, 141889, 141890, 141891,
      141892, 141893, 141894, 141895, 141896, 141897,
    ]);
    expect(byId(141878).date.toISOString()).toBe("2026-05-05T12:54:01.000Z");
    expect(byId(141896).date.toISOString()).toBe("2026-05-05T16:30:01.000Z");
  });

  it("reads the rounded view counts of every post", () => {
    const views = page.messages.filter((m) => m.views !== undefined).map((m) => [m.messageId, m.views, m.viewsApproximate]);
    expect(views).toEqual([
      [141878, 104_000, true],
      [141879, 100_000, true],
      [141880, 96_900, true],
      [141881, 91_700, true],
      [141882, 87_400, true],
      [141883, 78_000, true],
      [141884, 70_700, true],
      [141885, 66_500, true],
      [141886, 66_600, true],
      [141887, 67_700, true],
      [141888, 67_600, true],
      [141889, 60_200, true],
      [141890, 54_900, true],
      [141893, 43_300, true],
      [141894, 42_200, true],
      [141895, 31_700, true],
      [141896, 23_200, true],
    ]);
  });

  it("finds the 6 forwarded posts and their original channels and posts", () => {
    const forwards = page.messages.filter((m) => m.forward).map((m) => [m.messageId, m.forward]);
    expect(forwards).toEqual([
      [141878, { fromName: "Медуза — все новости", fromUsername: "meduza_news", originalPostId: 89905 }],
      [141882, { fromName: "Медуза — все новости", fromUsername: "meduza_news", originalPostId: 89907 }],
      [141884, { fromName: "Медуза — Books", fromUsername: "meduza_books", originalPostId: 227 }],
      [141885, { fromName: "Медуза — все новости", fromUsername: "meduza_news", originalPostId: 89909 }],
      [141889, { fromName: "Медуза — все новости", fromUsername: "meduza_news", originalPostId: 89911 }],
      [141893, { fromName: "Plot", fromUsername: "plottwist_m", originalPostId: 3599 }],
    ]);
  });

  it("reads the 3 replies with the replied post, its author and its quoted start", () => {
    const replies = page.messages.filter((m) => m.replyTo).map((m) => [m.messageId, m.replyTo?.messageId, m.replyTo?.authorName]);
    expect(replies).toEqual([
      [141883, 141875, "Медуза — LIVE"],
      [141886, 141811, "Медуза — LIVE"],
      [141888, 141887, "Медуза — LIVE"],
    ]);
    expect(byId(141883).replyTo?.quoteText).toMatch(/^Шатдаун ко Дню Победы\. Что известно к этой минуте {2}✹ Москва и Петербург 5 мая/);
    expect(byId(141883).replyTo?.peerUsername).toBeUndefined();
  });

  it("splits the two photo albums into one message per photo, the caption on the post's own id", () => {
    const albums = page.messages.filter((m) => m.groupedId).map((m) => [m.messageId, m.groupedId, m.media.map((x) => x.kind)]);
    expect(albums).toEqual([
      [141890, "141890", ["photo"]],
      [141891, "141890", ["photo"]],
      [141892, "141890", ["photo"]],
      [141896, "141896", ["photo"]],
      [141897, "141896", ["photo"]],
    ]);
    expect(byId(141890).text).toMatch(/^Войска РФ сбросили корректируемые авиабомбы на предприятия Запорожья\. 12 человек погибли\n\n/);
    expect(byId(141891)).toMatchObject({ text: "", entities: [], reactions: [], edited: false });
    expect(byId(141891).views).toBeUndefined();
    expect(byId(141891).date).toEqual(byId(141890).date);
    expect(byId(141897).text).toBe("");
    expect(byId(141896).text).toMatch(/^Пять человек погибли, девять получили ранения при обстреле Краматорска\n\n/);
    expect(new Set(page.messages.filter((m) => m.groupedId).map((m) => m.media[0]?.url)).size).toBe(5);
  });

  it("counts the media: 6 photos, 2 audio files, 8 link previews", () => {
    const kinds = page.messages.flatMap((m) => m.media.map((x) => x.kind));
    expect(kinds.filter((k) => k === "photo")).toHaveLength(6);
    expect(kinds.filter((k) => k === "webpage")).toHaveLength(8);
    expect(page.messages.flatMap((m) => m.media.filter((x) => x.kind === "audio").map((x) => [m.messageId, x.title, x.performer]))).toEqual([
      [141879, "Чудо-технология из Кремниевой долины?", "Радио Медуза"],
      [141888, "Заговор элит против Путина", "Meduza.Что случилось"],
    ]);
    expect(byId(141884).media[0]?.url).toMatch(/^https:\/\/cdn4\.telesco\.pe\/file\/m0Ams0j3xFCpT2zDFes8gBp-hYf/);
  });

  it("reads link previews, one with a 2:32 video", () => {
    expect(byId(141878).media).toEqual([
      {
        kind: "webpage",
        webpage: {
          url: "https://meduza.io/news/2026/05/05/pravitelstvo-rf-utverdilo-kompleks-mer-po-profilaktike-destruktivnogo-povedeniya-molodezhi-v-chisle-prochego-aktiviziruyut-rabotu-kiberdruzhin/snippets/tg",
          siteName: "Meduza",
          title:
            "Правительство РФ\u00a0утвердило комплекс мер «по\u00a0профилактике деструктивного поведения молодежи». В\u00a0числе прочего, «активизируют» работу…",
        },
      },
    ]);
    const trailer = byId(141893).media[0];
    expect(trailer).toMatchObject({
      kind: "webpage",
      durationSeconds: 152,
      webpage: { url: "https://www.youtube.com/watch?v=f_bKjZeJBBI", siteName: "YouTube", title: "The Odyssey | Official New Trailer" },
    });
    expect(trailer?.webpage?.description).toMatch(/^The Odyssey - In Theaters 7 17 26\n\nChristopher Nolan’s next film, .* IMAX® film technology/);
    expect(byId(141887).media[0]?.webpage?.description).toMatch(/^Выпуск с Екатериной Шульман https:\/\/youtu\.be\/qiYqFOXvSPA \n\n🖤 Поддержите «Медузу»/);
  });

  it("flags only 141886 as edited", () => {
    expect(page.messages.filter((m) => m.edited).map((m) => m.messageId)).toEqual([141886]);
  });

  it("reads a full text with its bold headline and mention", () => {
    const message = byId(141880);
    expect(message.text).toBe(
      "В Крыму отменили парад на 9 Мая и шествие «Бессмертного полка»\n\n" +
        "Глава аннексированного полуострова Сергей Аксенов объяснил это решение «соображениями безопасности». \n\n" +
        "Ранее парад на День Победы отменили в Воронеже, Великом Новгороде и Чувашии. В Москве парад впервые с 2007 года пройдет без военной технике, а территорию Кремля закроют для посетителей.\n\n" +
        "@meduzalive",
    );
    expect(message.entities).toEqual([
      { type: "bold", offset: 0, length: 62 },
      { type: "mention", offset: 354, length: 11 },
    ]);
  });

  it("reads a link inside bold text as overlapping text_link and bold entities", () => {
    const message = byId(141881);
    expect(message.text).toHaveLength(867);
    expect(message.entities).toEqual([
      { type: "bold", offset: 0, length: 15 },
      {
        type: "text_link",
        offset: 15,
        length: 5,
        url: "https://bit.ly/meduzamirror#/news/2026/05/05/velikobritaniya-vvela-sanktsii-protiv-teh-kto-verbuet-inostrantsev-na-proizvodstvo-shahedov-v-tatarstane?utm_source=tg_live&amp;utm_medium=post_ru",
      },
      { type: "bold", offset: 15, length: 5 },
      { type: "bold", offset: 20, length: 65 },
      {
        type: "text_link",
        offset: 676,
        length: 12,
        url: "https://bit.ly/meduzamirror#/feature/2025/08/22/v-yuar-rassleduyut-verbovku-zhitelnits-strany-na-rabotu-v-ekonomicheskoy-zone-alabuga-v-tatarstane?utm_source=tg_live&amp;utm_medium=post_ru",
      },
      { type: "mention", offset: 856, length: 11 },
    ]);
    expect(message.text.slice(15, 20)).toBe("ввела");
  });

  it("keeps a caption without entities plain and a bold italic update label", () => {
    expect(byId(141888).text).toBe(
      "Разведка европейской страны передала журналистам информацию о том, что, по ее данным, Путин опасается покушения на себя и переворота, который могут начать российские элиты. Переворот якобы реально возможен. Чему можно верить в этих данных? Аудиоверсия нового выпуска «Что случилось».",
    );
    expect(byId(141888).entities).toEqual([]);
    const update = byId(141890).entities.filter((e) => e.offset === 339);
    expect(update).toEqual([
      { type: "bold", offset: 339, length: 11 },
      { type: "italic", offset: 339, length: 11 },
    ]);
    expect(byId(141890).text.slice(339, 350)).toBe("Обновление.");
  });

  it("shows no reactions, buttons or service messages", () => {
    expect(page.messages.every((m) => m.reactions.length === 0 && m.buttons === undefined && m.service === undefined)).toBe(true);
  });
});
