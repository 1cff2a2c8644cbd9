/**
 * A clock the test moves: localtenant reads it for every `iat`/`exp`, code and session expiry, and key
 * rotation, so expiry tests need no waiting. Give `clock.now` to your API's validator too (the guard's `clock`
 * option) to move both sides together.
 */
export interface TestClock {
  /** The current time in Unix milliseconds. */
  now(): number;
  /** Moves the clock forward by `ms` milliseconds (or a negative amount back). */
  advance(ms: number): void;
  /** Sets the clock to a moment. */
  set(at: Date | number): void;
  /** Follows the real time again (the offset is dropped). */
  reset(): void;
}

/** A clock that follows `Date.now()` plus an offset the test changes. */
export function createTestClock(): TestClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms) {
      offset += ms;
    },
    set(at) {
      offset = (typeof at === 'number' ? at : at.getTime()) - Date.now();
    },
    reset() {
      offset = 0;
    },
  };
}
