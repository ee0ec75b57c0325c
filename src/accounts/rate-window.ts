/**
 * A sliding-window rate limit: at most `limit` events in any `windowMs`, per key. Used to keep each
 * account's Telegram calls under the rates that do not trigger flood waits (e.g. 30
 * `contacts.resolveUsername` a minute).
 */
export class RateWindow {
  readonly #events = new Map<string, number[]>();

  /**
   * @param limit - events allowed per window
   * @param windowMs - window length in milliseconds
   */
  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Milliseconds until `key` may have another event at `nowMs` (0 = now). */
  delayMs(key: string, nowMs: number): number {
    const events = this.#recent(key, nowMs);
    return events.length < this.limit ? 0 : events[0]! + this.windowMs - nowMs;
  }

  /** Records an event of `key` at `nowMs`. */
  record(key: string, nowMs: number): void {
    const events = this.#recent(key, nowMs);
    events.push(nowMs);
    this.#events.set(key, events);
  }

  #recent(key: string, nowMs: number): number[] {
    const events = this.#events.get(key) ?? [];
    while (events.length > 0 && events[0]! <= nowMs - this.windowMs) events.shift();
    return events;
  }
}
