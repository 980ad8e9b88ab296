// Where the shop's money is: the bills of a day the relay holds, how many of them (and how much)
// DynamoDB has confirmed, and what waits to get there, that day and over every day. A void bill
// counts as a bill and adds zero, as in the day's total.
import {
  addMoney,
  countedTotal,
  type DailyShift,
  type MoneyFigure,
  type MoneyPlaces,
} from '@caja/models';
import type { BillSyncState } from '../sync/index.js';
import type { ShiftSummary } from '../storage/index.js';

export interface MoneySources {
  shift(date: string): DailyShift;
  shifts(from: string, to: string): ShiftSummary[];
  billSyncState(id: string): BillSyncState;
  /** A confirmed day has no bill left to send: its bills are not read one by one. */
  isDayConfirmed(date: string): boolean;
}

const zero = (): MoneyFigure => ({ bills: 0, total: 0 });

function tally(day: DailyShift, state: (id: string) => BillSyncState) {
  const atRelay = zero();
  const inCloud = zero();
  const notInCloud = zero();
  for (const bill of day.bills) {
    const amount = countedTotal(bill);
    atRelay.bills += 1;
    atRelay.total = addMoney(atRelay.total, amount);
    const place = state(bill.id) === 'synced' ? inCloud : notInCloud;
    place.bills += 1;
    place.total = addMoney(place.total, amount);
  }
  return { atRelay, inCloud, notInCloud };
}

export function moneyPlaces(sources: MoneySources, date: string): MoneyPlaces {
  const state = (id: string) => sources.billSyncState(id);
  const day = tally(sources.shift(date), state);
  const allDays = { ...zero(), oldestDate: null as string | null };
  for (const summary of sources.shifts('0000-01-01', '9999-12-31')) {
    if (summary.billCount === 0 || sources.isDayConfirmed(summary.date)) continue;
    const waiting =
      summary.date === date ? day.notInCloud : tally(sources.shift(summary.date), state).notInCloud;
    if (waiting.bills === 0) continue;
    allDays.bills += waiting.bills;
    allDays.total = addMoney(allDays.total, waiting.total);
    if (allDays.oldestDate === null || summary.date < allDays.oldestDate)
      allDays.oldestDate = summary.date;
  }
  return { date, ...day, allDaysNotInCloud: allDays };
}
