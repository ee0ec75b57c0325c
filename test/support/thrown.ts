/** The error `fn` throws, to assert on its class and fields; fails when it throws none. */
export function thrownBy(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error("expected an error");
}
