export { buildApi, type ApiServices } from "./app.js";
export { toHttpError, type ErrorBody } from "./errors.js";
