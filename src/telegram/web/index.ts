export { parseChannelPage, type ChannelPage } from "./channel-page.js";
export { parseProfilePage, type ProfilePage } from "./profile-page.js";
export {
  TelegramWebClient,
  type ChannelPageOptions,
  type TelegramWebClientConfig,
  type WebRequestOptions,
} from "./web-client.js";
export { parsePostPage, type PostPage } from "./post-page.js";
