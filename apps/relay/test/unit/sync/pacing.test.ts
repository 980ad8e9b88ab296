import { describe, expect, it } from 'vitest';
import {
  BUSY_AT,
  BUSY_BATCH,
  CHECK_MS,
  FOLLOW_BUSY_MS,
  IntakeAwarePace,
  MAX_WAIT_MS,
} from '../../../src/sync/pacing.js';

/** A pace on a fake clock: each wait moves the clock and may change the intake it sees. */
function fakePace(onWait: (clock: number) => number | undefined = () => undefined) {
  let clock = 0;
  const waits: number[] = [];
  const pace = new IntakeAwarePace(
    { concurrency: 8, batchSize: 200 },
    (ms) => {
      waits.push(ms);
      clock += ms;
      const next = onWait(clock);
      if (next !== undefined) pace.intake(next);
      return Promise.resolve();
    },
    () => clock,
  );
  return { pace, waits };
}

describe('the drain pace', () => {
  it('runs at full speed while the main thread is not busy', async () => {
    const { pace, waits } = fakePace();
    pace.intake(BUSY_AT - 0.1);
    await expect(pace.nextBatch(new AbortController().signal)).resolves.toEqual({
      concurrency: 8,
      batchSize: 200,
    });
    expect(waits).toEqual([]);
  });

  it('waits while intake is busy, then goes at full speed once it calms', async () => {
    const { pace, waits } = fakePace((clock) => (clock >= 3 * CHECK_MS ? 0.2 : undefined));
    pace.intake(0.95);
    await expect(pace.nextBatch(new AbortController().signal)).resolves.toEqual({
      concurrency: 8,
      batchSize: 200,
    });
    expect(waits).toEqual([CHECK_MS, CHECK_MS, CHECK_MS]);
  });

  it('sends one small batch, one write in flight, after waiting its longest under constant load', async () => {
    const { pace, waits } = fakePace();
    pace.intake(1);
    await expect(pace.nextBatch(new AbortController().signal)).resolves.toEqual({
      concurrency: 1,
      batchSize: BUSY_BATCH,
    });
    expect(waits.reduce((sum, ms) => sum + ms, 0)).toBe(MAX_WAIT_MS);
  });

  it('stops waiting when the sync stops', async () => {
    const controller = new AbortController();
    const { pace, waits } = fakePace(() => {
      controller.abort();
      return undefined;
    });
    pace.intake(1);
    await pace.nextBatch(controller.signal);
    expect(waits).toHaveLength(1);
  });
});

describe("the replica's pace", () => {
  it('reads newly durable records at once while intake is calm, and waits while it is busy', () => {
    const { pace } = fakePace();
    pace.intake(BUSY_AT - 0.01);
    expect(pace.followDelay()).toBe(0);
    pace.intake(BUSY_AT);
    expect(pace.followDelay()).toBe(FOLLOW_BUSY_MS);
    expect(FOLLOW_BUSY_MS).toBeGreaterThan(0);
    pace.intake(0.1);
    expect(pace.followDelay()).toBe(0);
  });
});
