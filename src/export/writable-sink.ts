/**
 * Writes text chunks to a `Writable` with backpressure: after a `write` that returns `false`, waits
 * for `drain` (or an error, a close, or the abort signal) before the next chunk.
 */
import type { Writable } from "node:stream";
import { TgscopeError } from "../domain/index.js";

/** A `Writable` wrapped for awaited, byte-counted writes. Call {@link WritableSink.release} when done. */
export class WritableSink {
  /** UTF-8 bytes handed to the output so far. */
  bytes = 0;
  private failure: Error | undefined;
  private readonly onError = (error: Error): void => {
    this.failure ??= error;
  };

  constructor(
    private readonly output: Writable,
    private readonly signal?: AbortSignal,
  ) {
    output.on("error", this.onError);
  }

  /**
   * Writes `text` as UTF-8 and resolves once the output can take more.
   *
   * @throws the output's error, a {@link OutputClosedError} when it closed, or the signal's reason
   */
  async write(text: string): Promise<void> {
    this.check();
    if (text === "") return;
    const chunk = Buffer.from(text, "utf8");
    this.bytes += chunk.length;
    if (!this.output.write(chunk)) await this.drain();
  }

  /** Throws if the signal aborted or the output failed or closed. */
  check(): void {
    this.signal?.throwIfAborted();
    if (this.failure) throw this.failure;
    if (this.output.destroyed || this.output.writableEnded) throw new OutputClosedError();
  }

  /** Stops listening to the output's errors. */
  release(): void {
    this.output.off("error", this.onError);
  }

  private drain(): Promise<void> {
    const { output, signal } = this;
    return new Promise<void>((resolve, reject) => {
      const settle = (error?: unknown): void => {
        output.off("drain", onDrain);
        output.off("error", onFailure);
        output.off("close", onClose);
        signal?.removeEventListener("abort", onAbort);
        if (error === undefined) resolve();
        else reject(error);
      };
      const onDrain = (): void => settle();
      const onFailure = (error: Error): void => settle(error);
      const onClose = (): void => settle(this.failure ?? new OutputClosedError());
      const onAbort = (): void => settle(signal?.reason);
      output.on("drain", onDrain);
      output.on("error", onFailure);
      output.on("close", onClose);
      signal?.addEventListener("abort", onAbort, { once: true });
      try {
        this.check();
      } catch (error) {
        settle(error);
      }
    });
  }
}

/** The output stream was closed or ended before the export finished (e.g. the reader of a pipe went away). */
export class OutputClosedError extends TgscopeError {
  readonly code = "output_closed";
  constructor() {
    super("the output closed before the export finished; check that the file or pipe is still open");
    this.name = "OutputClosedError";
  }
}
