import { expect, it } from "vitest";
import { AccountExistsError, AccountNotFoundError } from "../domain/index.js";
import type { NewAccount } from "./store.js";
import { describeEachDialect } from "./testing/index.js";

const MIN_INT64 = -9_223_372_036_854_775_808n;
const MAX_INT64 = 9_223_372_036_854_775_807n;
const CHANNEL = -1_001_036_240_821n;

function buildAccount(overrides: Partial<NewAccount> = {}): NewAccount {
  return { kind: "user", label: "+15550000001", apiId: 123456, apiHashSealed: "sealed:api-hash", ...overrides };
}

describeEachDialect("accounts", (harness) => {
  it("creates a pending account and reads it back by id, label and username", async () => {
    const before = Date.now();
    const user = await harness.store.createAccount(buildAccount());
    const bot = await harness.store.createAccount(
      buildAccount({ kind: "bot", label: "ArchiveBot", state: "active", sessionSealed: "sealed:session", telegramUserId: 7_000_000_001n, username: "ArchiveBot" }),
    );

    expect(user).toEqual({
      id: user.id,
      kind: "user",
      label: "+15550000001",
      apiId: 123456,
      apiHashSealed: "sealed:api-hash",
      state: "pending",
      createdAt: user.createdAt,
      updatedAt: user.createdAt,
    });
    expect(user.createdAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(bot).toMatchObject({ kind: "bot", state: "active", sessionSealed: "sealed:session", telegramUserId: 7_000_000_001n, username: "ArchiveBot" });
    expect(await harness.store.listAccounts()).toEqual([user, bot]);

    for (const ref of [user.id, String(user.id), "+15550000001", "15550000001", " +15550000001 "]) {
      expect(await harness.store.findAccount(ref)).toEqual(user);
    }
    for (const ref of [bot.id, "ArchiveBot", "@archivebot", "ARCHIVEBOT"]) {
      expect(await harness.store.findAccount(ref)).toEqual(bot);
    }
    for (const ref of [0, -1, 1.5, 2 ** 31, 9999, "9999", "", "@", "+15550000002", "otherbot", "99999999999999999999"]) {
      expect(await harness.store.findAccount(ref)).toBeUndefined();
    }
  });

  it("finds an account by its Telegram username when the label is its phone number", async () => {
    const user = await harness.store.createAccount(buildAccount());
    await harness.store.updateAccount(user.id, { username: "analyst_one", telegramUserId: 5_000_000_001n });

    expect((await harness.store.findAccount("@Analyst_One"))?.id).toBe(user.id);
  });

  it("refuses a taken label, ignoring case and a leading @ or +, and writes nothing", async () => {
    const first = await harness.store.createAccount(buildAccount({ kind: "bot", label: "ArchiveBot" }));
    await harness.store.createAccount(buildAccount({ label: "+15550000001" }));

    for (const label of ["ArchiveBot", "archivebot", "@ArchiveBot", "15550000001", "+15550000001"]) {
      const attempt = harness.store.createAccount(buildAccount({ label, apiHashSealed: "sealed:other" }));
      await expect(attempt).rejects.toBeInstanceOf(AccountExistsError);
      await expect(attempt).rejects.toMatchObject({ code: "account_exists", label });
      await expect(attempt).rejects.toThrow(`tgscope accounts remove ${label}`);
    }
    const accounts = await harness.store.listAccounts();
    expect(accounts).toHaveLength(2);
    expect(accounts[0]).toEqual(first);
    expect(accounts.every((account) => account.apiHashSealed === "sealed:api-hash")).toBe(true);
  });

  it("updates the fields given, clears those given as undefined and keeps the rest", async () => {
    const created = await harness.store.createAccount(buildAccount());
    const floodWaitUntil = new Date("2031-05-06T07:08:09.123Z");

    const update = {
      state: "flood_wait",
      sessionSealed: "sealed:session",
      telegramUserId: 5_000_000_001n,
      username: "analyst_one",
      floodWaitUntil,
      lastError: "FLOOD_WAIT_3600 on messages.getHistory",
    } as const;
    const signedIn = await harness.store.updateAccount(created.id, update);
    expect(signedIn).toEqual({ ...created, ...update, updatedAt: signedIn.updatedAt });
    expect(signedIn.floodWaitUntil?.getTime()).toBe(floodWaitUntil.getTime());
    expect(signedIn.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
    expect(await harness.store.findAccount(created.id)).toEqual(signedIn);

    const cleared = await harness.store.updateAccount(created.id, { state: "active", floodWaitUntil: undefined, lastError: undefined });
    expect(cleared).toEqual({ ...signedIn, state: "active", floodWaitUntil: undefined, lastError: undefined, updatedAt: cleared.updatedAt });
    expect(cleared).not.toHaveProperty("floodWaitUntil");
    expect(cleared).not.toHaveProperty("lastError");

    const loggedOut = await harness.store.updateAccount(created.id, { state: "logged_out", sessionSealed: undefined });
    expect(loggedOut).not.toHaveProperty("sessionSealed");
    expect(loggedOut).toMatchObject({ state: "logged_out", username: "analyst_one", telegramUserId: 5_000_000_001n, apiHashSealed: "sealed:api-hash" });

    const unchanged = await harness.store.updateAccount(created.id, { state: undefined });
    expect(unchanged.state).toBe("logged_out");
  });

  it("throws AccountNotFoundError when updating an unknown account", async () => {
    for (const id of [9999, 0, 2 ** 31]) {
      const attempt = harness.store.updateAccount(id, { state: "active" });
      await expect(attempt).rejects.toBeInstanceOf(AccountNotFoundError);
      await expect(attempt).rejects.toMatchObject({ code: "account_not_found" });
    }
    await expect(harness.store.rememberAccessHash({ accountId: 9999, peerId: CHANNEL, accessHash: 1n })).rejects.toBeInstanceOf(AccountNotFoundError);
  });

  it("removes an account with its access hashes, leaving other accounts alone", async () => {
    const alice = await harness.store.createAccount(buildAccount({ label: "+15550000001" }));
    const bob = await harness.store.createAccount(buildAccount({ label: "+15550000002" }));
    await harness.store.rememberAccessHash({ accountId: alice.id, peerId: CHANNEL, accessHash: 11n });
    await harness.store.rememberAccessHash({ accountId: bob.id, peerId: CHANNEL, accessHash: 22n });

    expect(await harness.store.removeAccount(alice.id)).toBe(true);
    expect(await harness.store.removeAccount(alice.id)).toBe(false);
    expect(await harness.store.removeAccount(2 ** 31)).toBe(false);
    expect(await harness.store.listAccounts()).toEqual([bob]);
    expect(await harness.store.findAccessHash(alice.id, CHANNEL)).toBeUndefined();
    expect(await harness.store.findAccessHash(bob.id, CHANNEL)).toBe(22n);

    // The label is free again.
    const again = await harness.store.createAccount(buildAccount({ label: "+15550000001" }));
    expect(again.id).not.toBe(alice.id);
    expect(await harness.store.findAccessHash(again.id, CHANNEL)).toBeUndefined();
  });

  it("upserts, finds and forgets access hashes, keeping full signed 64-bit values", async () => {
    const account = await harness.store.createAccount(buildAccount());
    const user = 5_000_000_001n;
    expect(await harness.store.findAccessHash(account.id, CHANNEL)).toBeUndefined();

    await harness.store.rememberAccessHash({ accountId: account.id, peerId: CHANNEL, accessHash: MIN_INT64 });
    await harness.store.rememberAccessHash({ accountId: account.id, peerId: user, accessHash: MAX_INT64 });
    expect(await harness.store.findAccessHash(account.id, CHANNEL)).toBe(MIN_INT64);
    expect(await harness.store.findAccessHash(account.id, user)).toBe(MAX_INT64);

    await harness.store.rememberAccessHash({ accountId: account.id, peerId: CHANNEL, accessHash: 0n });
    expect(await harness.store.findAccessHash(account.id, CHANNEL)).toBe(0n);
    await harness.store.rememberAccessHash({ accountId: account.id, peerId: CHANNEL, accessHash: -4_611_686_018_427_387_905n });
    expect(await harness.store.findAccessHash(account.id, CHANNEL)).toBe(-4_611_686_018_427_387_905n);

    await harness.store.forgetAccessHash(account.id, CHANNEL);
    await harness.store.forgetAccessHash(account.id, CHANNEL);
    expect(await harness.store.findAccessHash(account.id, CHANNEL)).toBeUndefined();
    expect(await harness.store.findAccessHash(account.id, user)).toBe(MAX_INT64);
  });

  it("keeps access hashes per account: one account's hash is never returned for another", async () => {
    const alice = await harness.store.createAccount(buildAccount({ label: "+15550000001" }));
    const bob = await harness.store.createAccount(buildAccount({ label: "+15550000002" }));

    await harness.store.rememberAccessHash({ accountId: alice.id, peerId: CHANNEL, accessHash: MAX_INT64 });
    expect(await harness.store.findAccessHash(bob.id, CHANNEL)).toBeUndefined();

    await harness.store.rememberAccessHash({ accountId: bob.id, peerId: CHANNEL, accessHash: MIN_INT64 });
    expect(await harness.store.findAccessHash(alice.id, CHANNEL)).toBe(MAX_INT64);
    expect(await harness.store.findAccessHash(bob.id, CHANNEL)).toBe(MIN_INT64);

    await harness.store.forgetAccessHash(bob.id, CHANNEL);
    expect(await harness.store.findAccessHash(alice.id, CHANNEL)).toBe(MAX_INT64);
    expect(await harness.store.findAccessHash(bob.id, CHANNEL)).toBeUndefined();
  });
});
