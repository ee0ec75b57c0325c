export * from "./time.js";
export * from "./logger.js";
