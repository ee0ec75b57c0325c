export {
  startRecordedPagesServer,
  type RecordedPagesServer,
  type RecordedPagesServerOptions,
  type RecordedRequest,
  type ScriptedFailure,
} from "./recorded-pages-server.js";
export { channelPageWindow, type ChannelPageWindow } from "./channel-page-window.js";
export { NONEXISTENT_PROFILE_PAGE, REAL_CHANNEL_PAGES, REAL_DIR, REAL_PROFILE_PAGES, type RealPage } from "./real-pages.js";
