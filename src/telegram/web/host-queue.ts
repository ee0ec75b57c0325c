/**
 * One task at a time per host, in arrival order: the politeness rule for Telegram's web pages.
 */

/** Runs tasks for the same host one after another (FIFO); tasks for different hosts run independently. */
export class HostQueue {
  private readonly tails = new Map<string, Promise<void>>();

  /**
   * Runs `task` once every earlier task for `host` has settled.
   *
   * @throws the signal's reason when `signal` aborts while the task waits its turn (the task then
   *   never runs and the queue moves on); otherwise whatever `task` throws
   */
  async run<T>(host: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const previous = this.tails.get(host) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => done);
    this.tails.set(host, tail);
    try {
      await untilSettledOrAborted(previous, signal);
      return await task();
    } finally {
      release();
      void tail.then(() => {
        if (this.tails.get(host) === tail) this.tails.delete(host);
      });
    }
  }
}

/** Resolves when `promise` settles, or rejects with the signal's reason as soon as `signal` aborts. */
function untilSettledOrAborted(promise: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    void promise.finally(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    });
  });
}
