/** Test doubles of the MTProto adapter: {@link FakeTelegram}. */
export { FakeTelegram, FAKE_API_HASH, FAKE_API_ID } from "./fake-telegram.js";
export type { FakeCall, FakeChannelInit, FakePost, ScriptedError } from "./fake-telegram.js";
