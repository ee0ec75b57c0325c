export * from "./time.js";
export * from "./logger.js";
export * from "./package-info.js";
export * from "./secret-box.js";
export * from "./master-key.js";
