import { describe, expect, it } from "vitest";
import { backgroundImageUrl, parseDurationSeconds, parseShownCount, parseSizeBytes, parseTmeLink } from "./shown-values.js";

describe("shown values", () => {
  it("reads counters as the preview prints them", () => {
    expect(parseShownCount("1.1M")).toEqual({ value: 1_100_000, approximate: true });
    expect(parseShownCount("11.1M")).toEqual({ value: 11_100_000, approximate: true });
    expect(parseShownCount("5.09K")).toEqual({ value: 5_090, approximate: true });
    expect(parseShownCount("2 805")).toEqual({ value: 2_805, approximate: false });
    expect(parseShownCount("16\u00a0674")).toEqual({ value: 16_674, approximate: false });
    expect(parseShownCount("935")).toEqual({ value: 935, approximate: false });
    expect(parseShownCount("views")).toBeUndefined();
  });

  it("reads durations and sizes", () => {
    expect(parseDurationSeconds("0:06")).toBe(6);
    expect(parseDurationSeconds("2:32")).toBe(152);
    expect(parseDurationSeconds("1:02:03")).toBe(3723);
    expect(parseDurationSeconds("GIF")).toBeUndefined();
    expect(parseSizeBytes("512 KB")).toBe(524_288);
    expect(parseSizeBytes("1.4 GB")).toBe(1_503_238_554);
  });

  it("reads background images and t.me links", () => {
    expect(backgroundImageUrl("width:800px;background-image:url('https://cdn4.telesco.pe/file/a.jpg')")).toBe("https://cdn4.telesco.pe/file/a.jpg");
    expect(parseTmeLink("https://t.me/ClashReport/93430?single")).toEqual({ username: "ClashReport", messageId: 93430 });
    expect(parseTmeLink("https://t.me/meduza_news")).toEqual({ username: "meduza_news" });
    expect(parseTmeLink("https://t.me/c/1234/5")).toBeUndefined();
    expect(parseTmeLink("https://example.org/a/1")).toBeUndefined();
  });
});
