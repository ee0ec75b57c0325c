import { expect, it } from "vitest";
import { SourceNotFoundError, type Source } from "../domain/index.js";
import { buildMessage, buildSource, describeEachDialect } from "./testing/index.js";

describeEachDialect("sources", (harness) => {
  it("stores every field of a source and reads it back", async () => {
    const source: Source = {
      peerId: -1002447843635n,
      kind: "channel",
      username: "GuzelArchive",
      usernames: ["guzel_alt", "guzel_old"],
      title: "ГУЗЕЛЬСКИЕ ПЕРЕЗАЛИВЫ",
      about: "Перезаливы и архив",
      memberCount: 1_100_000,
      memberCountApproximate: true,
      onlineCount: 362,
      photoUrl: "https://cdn.example/avatar.jpg",
      photoId: "5879612342316024101",
      verified: true,
      scam: false,
      fake: false,
      restricted: false,
      linkedChatId: -1009876543210n,
      counters: { photos: 12_000, videos: 3400, links: 900 },
    };
    const before = Date.now();
    const stored = await harness.store.upsertSource(source, "mtproto");

    expect(stored).toEqual({ ...source, id: stored.id, firstSeenAt: stored.firstSeenAt, collectedVia: "mtproto" });
    expect(stored.firstSeenAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(await harness.store.getSource("guzelarchive")).toEqual(stored);
  });

  it("matches a source seen on the web preview when MTProto later reports its peer id", async () => {
    const web = await harness.store.upsertSource(buildSource({ username: "DurovChannel", title: "Durov's Channel", memberCount: 1000 }), "web");
    const mtproto = await harness.store.upsertSource({ peerId: -1001006503122n, username: "durovchannel", about: "Thoughts" }, "mtproto");

    expect(mtproto.id).toBe(web.id);
    expect(mtproto).toMatchObject({ peerId: -1001006503122n, username: "durovchannel", title: "Durov's Channel", memberCount: 1000, about: "Thoughts", collectedVia: "mtproto" });
    expect(mtproto.firstSeenAt).toEqual(web.firstSeenAt);
  });

  it("matches by peer id first, so a renamed channel stays one source", async () => {
    const first = await harness.store.upsertSource({ peerId: -1001000000001n, username: "old_name", title: "News" }, "mtproto");
    const renamed = await harness.store.upsertSource({ peerId: -1001000000001n, username: "new_name" }, "mtproto");

    expect(renamed.id).toBe(first.id);
    expect(renamed.username).toBe("new_name");
    expect(await harness.store.findSource("old_name")).toBeUndefined();
    expect((await harness.store.listSources()).map((s) => s.id)).toEqual([first.id]);
  });

  it("does not merge a username now held by another peer into the old peer's source", async () => {
    const old = await harness.store.upsertSource({ peerId: -1001000000001n, username: "shared_name" }, "mtproto");
    const other = await harness.store.upsertSource({ peerId: -1001000000002n, username: "shared_name" }, "mtproto");
    expect(other.id).not.toBe(old.id);
  });

  it("matches sources without peer id and username (Desktop HTML exports) by exact title", async () => {
    const jimmeny = await harness.store.upsertSource({ title: "Jimmeny" }, "export");
    const named = await harness.store.upsertSource({ username: "jimmeny_channel", title: "Jimmeny" }, "web");
    const again = await harness.store.upsertSource({ title: "Jimmeny", kind: "user" }, "export");
    const other = await harness.store.upsertSource({ title: "jimmeny" }, "export");

    expect(named.id).not.toBe(jimmeny.id);
    expect(again.id).toBe(jimmeny.id);
    expect(again.kind).toBe("user");
    expect(other.id).not.toBe(jimmeny.id);
  });

  it("finds a source by username with or without @ in any case, by peer id and by row id", async () => {
    const stored = await harness.store.upsertSource({ peerId: -1001234567890n, username: "ClashReport", title: "Clash Report" }, "web");
    for (const ref of ["ClashReport", "@clashreport", " CLASHREPORT ", "-1001234567890", String(stored.id)]) {
      expect((await harness.store.findSource(ref))?.id).toBe(stored.id);
    }
    for (const ref of ["clash", "-1009999999999", "0", "99999999999999999999999", "t.me/unknown"]) {
      expect(await harness.store.findSource(ref)).toBeUndefined();
    }
    await expect(harness.store.getSource("@nobody_here")).rejects.toBeInstanceOf(SourceNotFoundError);
  });

  it("lists sources by username or title with message counts and their first and last message dates", async () => {
    const zulu = await harness.store.upsertSource({ username: "zulu_channel", title: "Zulu" }, "web");
    const alpha = await harness.store.upsertSource({ title: "alpha chat" }, "export");
    const empty = await harness.store.upsertSource({ username: "Mike_News" }, "web");
    const zuluMessages = [
      buildMessage({ date: new Date("2024-01-05T10:00:00Z") }),
      buildMessage({ date: new Date("2023-12-31T23:59:59Z") }),
    ];
    await harness.store.saveBatch({ sourceId: zulu.id, via: "web", messages: zuluMessages });
    await harness.store.saveBatch({ sourceId: zulu.id, via: "web", messages: [...zuluMessages, buildMessage({ date: new Date("2024-02-01T00:00:00Z") })] });
    await harness.store.saveBatch({ sourceId: alpha.id, via: "export", messages: [buildMessage({ date: new Date("2019-07-05T08:00:00Z") })] });

    const list = await harness.store.listSources();
    expect(list.map((s) => [s.id, s.messageCount, s.firstMessageDate?.toISOString(), s.lastMessageDate?.toISOString()])).toEqual([
      [alpha.id, 1, "2019-07-05T08:00:00.000Z", "2019-07-05T08:00:00.000Z"],
      [empty.id, 0, undefined, undefined],
      [zulu.id, 3, "2023-12-31T23:59:59.000Z", "2024-02-01T00:00:00.000Z"],
    ]);
    expect(list[2]!.lastCollectedAt).toBeInstanceOf(Date);
  });
});
