// The recorded t.me/<username> landing pages (real/tme_profile/*.html, see SOURCES.md).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REAL_DIR } from "../testing/index.js";
import { parseProfilePage } from "./profile-page.js";

const read = (file: string) => parseProfilePage(readFileSync(path.join(REAL_DIR, "tme_profile", file), "utf8"));

describe("t.me/<username> landing pages", () => {
  it("reads the 2021 channel page of @unlimitedhangout", () => {
    expect(read("microlinkhq__metascraper__channel.html")).toEqual({
      hasPublicPreview: true,
      source: {
        kind: "channel",
        username: "unlimitedhangout",
        title: "Unlimited Hangout",
        about: "Investigative Journalist Whitney Webb\nhttps://unlimitedhangout.com/",
        memberCount: 2_805,
        memberCountApproximate: false,
        photoUrl: expect.stringMatching(/^https:\/\/cdn1\.telesco\.pe\/file\/c5IC57RIrbwsSZG-fm_Zn/),
        verified: false,
      },
    });
  });

  it("reads the 2024 channel page of @DiaboxApp", () => {
    expect(read("microlinkhq__metascraper__no-iframe.html")).toEqual({
      hasPublicPreview: true,
      source: {
        kind: "channel",
        username: "DiaboxApp",
        title: "DiaBox",
        about: "DiaBox App Official Channel",
        memberCount: 5_012,
        memberCountApproximate: false,
        photoUrl: expect.stringMatching(/^https:\/\/cdn5\.cdn-telegram\.org\/file\/vMz2W6HTXFaQGHu/),
        verified: false,
      },
    });
  });

  it("reads the public group @tdlibchat with members online and no photo", () => {
    const page = read("warodan__telegram-research__A18-landing-tdlibchat.html");
    expect(page).toEqual({
      hasPublicPreview: false,
      source: {
        kind: "supergroup",
        username: "tdlibchat",
        title: "TDLib chat",
        memberCount: 16_674,
        memberCountApproximate: false,
        onlineCount: 362,
        verified: false,
      },
    });
    expect(page?.source.photoUrl).toBeUndefined();
    expect(page?.source.about).toBeUndefined();
  });

  it("finds no peer on the page of a username nobody has", () => {
    expect(read("warodan__telegram-research__C02-landing-nonexistent.html")).toBeUndefined();
  });
});
