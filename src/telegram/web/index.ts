export { parseChannelPage, type ChannelPage } from "./channel-page.js";
export { parseProfilePage, type ProfilePage } from "./profile-page.js";
