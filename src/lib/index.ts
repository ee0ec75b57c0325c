export * from "./time.js";
export * from "./logger.js";
export * from "./package-info.js";
