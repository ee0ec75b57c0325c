export { buildApi, type ApiServices } from "./app.js";
export { STATUS_BY_ERROR_CODE, toHttpError, type ErrorBody, type HttpError } from "./errors.js";
