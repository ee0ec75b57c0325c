/** Time helpers; every duration carries its unit in its name. */

/**
 * Resolves after `ms` milliseconds, or rejects with the signal's reason as soon as `signal` aborts.
 */
export function sleepMs(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Unix seconds (Telegram's date unit) → `Date`. */
export function fromUnixSeconds(seconds: number): Date {
  return new Date(seconds * 1000);
}

/** `Date` → whole unix seconds. */
export function toUnixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
