/** Pieces shared by the parts of {@link FakeTelegram}: how a handler answers and fails. */

/** Answers one MTProto request for `account` with a TL object (or throws {@link FakeRpcError}). */
export type FakeHandler = (request: never, account: string) => object | Promise<object>;

/** An RPC error the fake answers, e.g. `new FakeRpcError(400, "PHONE_CODE_INVALID")`. */
export class FakeRpcError extends Error {
  constructor(
    readonly errorCode: number,
    readonly errorMessage: string,
  ) {
    super(errorMessage);
  }
}
