/** Test doubles of the MTProto adapter: {@link FakeTelegram}. */
export { FakeTelegram, FAKE_API_HASH, FAKE_API_ID } from "./fake-telegram.js";
export type { FakeCall, FakeChannelInit, FakePost, ScriptedError } from "./fake-telegram.js";
export { startFakeTelegramRelay } from "./relay-server.js";
export type { FakeTelegramRelay } from "./relay-server.js";
export { FakeAuth, FAKE_LOGIN_CODE } from "./fake-auth.js";
export type { FakeBotInit, FakeUserInit } from "./fake-auth.js";
export { FakeFiles } from "./fake-files.js";
export type { FakeDocumentInit, FakeFileRef, FakePhotoInit } from "./fake-files.js";
export { FakeRpcError } from "./fake-rpc.js";
export type { FakeHandler } from "./fake-rpc.js";
