export * from "./web/index.js";
export * from "./desktop-export/index.js";
export * from "./mtproto/index.js";
