// Mutual exclusion across tabs and the service worker (Web Locks), with an in-memory twin.
export type LockOutcome<T> = { acquired: true; value: T } | { acquired: false };

export interface Locks {
  /** Runs `work` holding `name` when nobody holds it; otherwise returns at once, not acquired. */
  tryWithLock<T>(name: string, work: () => Promise<T>): Promise<LockOutcome<T>>;
}

/** The name every uploader (each tab, the service worker) takes before touching the outbox. */
export const UPLOAD_LOCK = 'caja-outbox-upload';
/** Held for its whole life by the one tab that acts as the till. */
export const TILL_TAB_LOCK = 'caja-till-tab';

export function webLocks(manager: LockManager): Locks {
  return {
    async tryWithLock<T>(name: string, work: () => Promise<T>): Promise<LockOutcome<T>> {
      let outcome: LockOutcome<T> = { acquired: false };
      await manager.request(name, { ifAvailable: true }, async (lock) => {
        if (lock) outcome = { acquired: true, value: await work() };
      });
      return outcome;
    },
  };
}

/** Within one JavaScript context only: tests, and browsers without Web Locks. */
export function memoryLocks(): Locks {
  const held = new Set<string>();
  return {
    async tryWithLock<T>(name: string, work: () => Promise<T>): Promise<LockOutcome<T>> {
      if (held.has(name)) return { acquired: false };
      held.add(name);
      try {
        return { acquired: true, value: await work() };
      } finally {
        held.delete(name);
      }
    },
  };
}

export function defaultLocks(): Locks {
  const manager = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
  return manager ? webLocks(manager) : memoryLocks();
}
