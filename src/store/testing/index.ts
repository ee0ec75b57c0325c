/** Test helpers for the store: per-dialect harness and factories. */
export { TEST_POSTGRES_URL, describeEachDialect, describePostgres, type DialectHarness } from "./dialects.js";
export { buildFullMessage, buildMessage, buildSource } from "./message-factory.js";
