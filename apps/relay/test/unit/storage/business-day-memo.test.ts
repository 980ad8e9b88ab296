import { businessDay } from '@caja/models';
import { describe, expect, it } from 'vitest';
import { BusinessDayMemo } from '../../../src/storage/business-day-memo.js';

// Zones with half- and quarter-hour offsets, half-hour DST, and DST at or near midnight.
const ZONES = [
  'America/Bogota',
  'America/St_Johns',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'Australia/Lord_Howe',
  'America/Santiago',
  'Pacific/Kiritimati',
];

/** The first instant (ms) after `low` whose business day differs from low's (binary search). */
function nextMidnight(low: number, high: number, timeZone: string): number {
  const day = businessDay(new Date(low), timeZone);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (businessDay(new Date(middle), timeZone) === day) low = middle;
    else high = middle;
  }
  return high;
}

describe('BusinessDayMemo', () => {
  it('sees every local midnight of a year on a whole UTC minute, and agrees around it', () => {
    const problems: string[] = [];
    for (const timeZone of ZONES) {
      const memo = new BusinessDayMemo(timeZone, 64);
      let at = Date.UTC(2026, 0, 1);
      for (let day = 0; day < 365; day++) {
        const midnight = nextMidnight(at, at + 30 * 3_600_000, timeZone);
        if (midnight % 60_000 !== 0)
          problems.push(`${timeZone} ${new Date(midnight).toISOString()}`);
        for (const instant of [midnight - 1, midnight, midnight + 59_999]) {
          const createdAt = new Date(instant).toISOString();
          if (memo.dayOf(createdAt) !== businessDay(createdAt, timeZone)) {
            problems.push(`${timeZone} ${createdAt}`);
          }
        }
        at = midnight;
      }
    }
    expect(problems).toEqual([]);
  });

  it('handles createdAt written with an offset, old dates and bad dates like businessDay', () => {
    const memo = new BusinessDayMemo('Asia/Kathmandu');
    for (const createdAt of ['2026-11-27T23:59:59.999-05:00', '1969-07-20T20:17:40Z']) {
      expect(memo.dayOf(createdAt)).toBe(businessDay(createdAt, 'Asia/Kathmandu'));
    }
    expect(() => memo.dayOf('not a date')).toThrow(RangeError);
  });
});
