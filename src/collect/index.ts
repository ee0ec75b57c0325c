export * from "./history-cursor.js";
export * from "./history.collector.js";
export * from "./web.collector.js";
export * from "./export.importer.js";
export * from "./mtproto.collector.js";
export * from "./channel-address.js";
export * from "./discovery.js";
export * from "./media.downloader.js";
