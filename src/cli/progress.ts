/**
 * Progress display: a bar on an interactive terminal, plain log lines otherwise (CI, pipes, files).
 */
import { SingleBar, Presets } from "cli-progress";

/** A progress display for one task. */
export interface Progress {
  /** Updates the display; `total` may grow or become known later. */
  update(done: number, total: number | undefined, detail: string): void;
  /** Ends the display, with a summary line when given (none after a failure: the error line says it). */
  stop(summary?: string): void;
}

/**
 * Creates a progress display on `stream` (stderr by default, so stdout stays clean for data).
 *
 * @param label - what is being done, e.g. `@meduzalive`
 * @param minLogIntervalMs - in plain mode, at most one line per this many milliseconds (default 2000)
 */
export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr, minLogIntervalMs = 2000): Progress {
  if (stream.isTTY) return new BarProgress(label, stream);
  return new LineProgress(label, stream, minLogIntervalMs);
}

class BarProgress implements Progress {
  private readonly bar: SingleBar;
  private started = false;

  constructor(
    label: string,
    private readonly stream: NodeJS.WriteStream,
  ) {
    this.bar = new SingleBar(
      { format: `${label} [{bar}] {percentage}% | {value}/{total} | {detail}`, stream, hideCursor: true, etaBuffer: 20 },
      Presets.shades_classic,
    );
  }

  update(done: number, total: number | undefined, detail: string): void {
    const t = Math.max(total ?? done, done, 1);
    if (!this.started) {
      this.bar.start(t, done, { detail });
      this.started = true;
    }
    this.bar.setTotal(t);
    this.bar.update(done, { detail });
  }

  stop(summary?: string): void {
    if (this.started) this.bar.stop();
    if (summary !== undefined) this.stream.write(`${summary}\n`);
  }
}

class LineProgress implements Progress {
  private lastAt = 0;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream,
    private readonly minLogIntervalMs: number,
  ) {}

  update(done: number, total: number | undefined, detail: string): void {
    const now = Date.now();
    if (now - this.lastAt < this.minLogIntervalMs) return;
    this.lastAt = now;
    const of = total === undefined ? "" : `/${total}`;
    this.stream.write(`${this.label}: ${done}${of} ${detail}\n`);
  }

  stop(summary?: string): void {
    if (summary !== undefined) this.stream.write(`${summary}\n`);
  }
}
