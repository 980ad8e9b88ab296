import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  businessDay,
  compareBills,
  countedTotal,
  groupIntoShifts,
  isValidTimeZone,
  makeShift,
  newBill,
  type Bill,
} from '../src/index.js';
import { billArbitrary } from './support/arbitraries.js';

describe('businessDay', () => {
  it('puts a bill made at 23:59 local time on that local day', () => {
    // 23:59 in Bogotá (UTC-5) is 04:59 UTC the next day.
    expect(businessDay('2026-11-28T04:59:00.000Z', 'America/Bogota')).toBe('2026-11-27');
    expect(businessDay('2026-11-28T05:00:00.000Z', 'America/Bogota')).toBe('2026-11-28');
    expect(businessDay('2026-11-27T23:59:59.999-05:00', 'America/Bogota')).toBe('2026-11-27');
  });

  it('reads the instant, not the offset the till wrote', () => {
    // The same instant written in three zones is one business day in the store's zone.
    for (const createdAt of [
      '2026-11-28T03:30:00Z',
      '2026-11-27T22:30:00-05:00',
      '2026-11-28T09:00:00+05:30',
    ]) {
      expect(businessDay(createdAt, 'America/Bogota')).toBe('2026-11-27');
      expect(businessDay(createdAt, 'Europe/Madrid')).toBe('2026-11-28');
    }
    expect(businessDay(new Date('2026-11-28T03:30:00Z'), 'UTC')).toBe('2026-11-28');
  });

  describe('America/New_York on DST change days', () => {
    const zone = 'America/New_York';
    it('2026-03-08, a 23-hour day (EST to EDT at 02:00)', () => {
      expect(businessDay('2026-03-08T04:59:59Z', zone)).toBe('2026-03-07'); // 23:59:59 EST
      expect(businessDay('2026-03-08T05:00:00Z', zone)).toBe('2026-03-08'); // 00:00 EST
      expect(businessDay('2026-03-08T06:59:59Z', zone)).toBe('2026-03-08'); // 01:59:59 EST
      expect(businessDay('2026-03-08T07:00:00Z', zone)).toBe('2026-03-08'); // 03:00 EDT
      expect(businessDay('2026-03-09T03:59:00Z', zone)).toBe('2026-03-08'); // 23:59 EDT
      expect(businessDay('2026-03-09T04:00:00Z', zone)).toBe('2026-03-09'); // 00:00 EDT
    });

    it('2026-11-01, a 25-hour day (EDT to EST at 02:00)', () => {
      expect(businessDay('2026-11-01T03:59:59Z', zone)).toBe('2026-10-31'); // 23:59:59 EDT
      expect(businessDay('2026-11-01T04:00:00Z', zone)).toBe('2026-11-01'); // 00:00 EDT
      expect(businessDay('2026-11-01T05:30:00Z', zone)).toBe('2026-11-01'); // 01:30 EDT
      expect(businessDay('2026-11-01T06:30:00Z', zone)).toBe('2026-11-01'); // 01:30 EST again
      expect(businessDay('2026-11-02T04:59:00Z', zone)).toBe('2026-11-01'); // 23:59 EST
      expect(businessDay('2026-11-02T05:00:00Z', zone)).toBe('2026-11-02'); // 00:00 EST
    });
  });

  describe('Europe/Madrid on DST change days', () => {
    const zone = 'Europe/Madrid';
    it('2026-03-29 (CET to CEST)', () => {
      expect(businessDay('2026-03-28T22:59:59Z', zone)).toBe('2026-03-28'); // 23:59:59 CET
      expect(businessDay('2026-03-28T23:00:00Z', zone)).toBe('2026-03-29'); // 00:00 CET
      expect(businessDay('2026-03-29T21:59:00Z', zone)).toBe('2026-03-29'); // 23:59 CEST
      expect(businessDay('2026-03-29T22:00:00Z', zone)).toBe('2026-03-30'); // 00:00 CEST
    });

    it('2026-10-25 (CEST to CET)', () => {
      expect(businessDay('2026-10-24T21:59:00Z', zone)).toBe('2026-10-24'); // 23:59 CEST
      expect(businessDay('2026-10-24T22:00:00Z', zone)).toBe('2026-10-25'); // 00:00 CEST
      expect(businessDay('2026-10-25T22:59:00Z', zone)).toBe('2026-10-25'); // 23:59 CET
      expect(businessDay('2026-10-25T23:00:00Z', zone)).toBe('2026-10-26'); // 00:00 CET
    });
  });

  it('refuses something that is not a date', () => {
    expect(() => businessDay('yesterday', 'UTC')).toThrow(RangeError);
  });
});

describe('isValidTimeZone', () => {
  it('knows IANA names and refuses others', () => {
    expect(isValidTimeZone('America/Bogota')).toBe(true);
    expect(isValidTimeZone('Europe/Madrid')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});

describe('makeShift', () => {
  it('orders bills by instant, whatever offset they were written with, then by id', () => {
    const at = (id: string, createdAt: string): Bill => newBill({ id, tillId: 't', createdAt });
    const shift = makeShift('2026-11-27', [
      at('c', '2026-11-27T10:00:00-05:00'), // 15:00Z
      at('b', '2026-11-27T14:00:00Z'),
      at('a', '2026-11-27T14:00:00.000Z'),
    ]);
    expect(shift.bills.map((bill) => bill.id)).toEqual(['a', 'b', 'c']);
    expect(compareBills(at('x', '2026-11-27T14:00:00Z'), at('x', '2026-11-27T14:00:00Z'))).toBe(0);
  });
});

describe('groupIntoShifts', () => {
  const zones = ['America/Bogota', 'America/New_York', 'Europe/Madrid', 'Asia/Kolkata', 'UTC'];

  it('never loses or duplicates a bill, and files each under its business day', () => {
    fc.assert(
      fc.property(
        fc.array(billArbitrary, { maxLength: 40 }),
        fc.constantFrom(...zones),
        (bills, zone) => {
          const shifts = groupIntoShifts(bills, zone);
          const filed = Object.values(shifts).flatMap((shift) => shift.bills);
          const ids = (list: readonly Bill[]) => list.map((bill) => bill.id).sort();
          expect(ids(filed)).toEqual(ids(bills));
          expect(filed).toHaveLength(bills.length);
          for (const [date, shift] of Object.entries(shifts)) {
            expect(shift.date).toBe(date);
            for (const bill of shift.bills) expect(businessDay(bill.createdAt, zone)).toBe(date);
            expect(shift.billCount).toBe(shift.bills.length);
            expect(BigInt(shift.total)).toBe(
              shift.bills.reduce((sum, bill) => sum + BigInt(countedTotal(bill)), 0n),
            );
            expect([...shift.bills].sort(compareBills)).toEqual(shift.bills);
          }
          const dates = Object.keys(shifts);
          expect([...dates].sort()).toEqual(dates);
        },
      ),
    );
  });

  it('splits 23:59 and 00:00 local bills into consecutive days', () => {
    const bills = [
      newBill({ id: 'late', tillId: 't', createdAt: '2026-11-27T23:59:59-05:00' }),
      newBill({ id: 'early', tillId: 't', createdAt: '2026-11-28T00:00:00-05:00' }),
    ];
    const shifts = groupIntoShifts(bills, 'America/Bogota');
    expect(Object.keys(shifts)).toEqual(['2026-11-27', '2026-11-28']);
    expect(shifts['2026-11-27']?.bills.map((bill) => bill.id)).toEqual(['late']);
  });
});
