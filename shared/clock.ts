/**
 * The clock is configuration, not a fork in the code: production reads the system time, tests and
 * demos can pin it (GRIDWATCH_NOW) and it then runs forward from that instant.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that always says the same instant (unit tests), or can be moved by hand. */
export function fixedClock(at: Date | string): Clock & { set(at: Date | string): void; advance(ms: number): void } {
  let current = new Date(at);
  return {
    now: () => new Date(current),
    set: (next) => {
      current = new Date(next);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

/** A clock that starts at `start` and moves with real time from there. */
export function offsetClock(start: Date | string): Clock {
  const offset = new Date(start).getTime() - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  return env.GRIDWATCH_NOW ? offsetClock(env.GRIDWATCH_NOW) : systemClock;
}
