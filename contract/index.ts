export * from "./source-row.js";
export * from "./messages-query.js";
