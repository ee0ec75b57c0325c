export * from "./source-row.js";
export * from "./messages-query.js";
export * from "./account-row.js";
export * from "./account-requests.js";
export * from "./job-row.js";
export * from "./job-requests.js";
