export * from "./errors.js";
export * from "./source.js";
export * from "./media.js";
export * from "./message.js";
export * from "./channel-ref.js";
export * from "./search-query.js";
export * from "./message-facts.js";
export * from "./user-date.js";
