// businessDay() costs several microseconds (Intl formatToParts) and was the largest single cost
// of a put. Bills arrive in bursts within the same minutes, so intake remembers the business
// day of each UTC minute. Sound because since 2000 every zone's UTC offset, and every offset
// change, falls on a whole minute (all are multiples of 15 minutes): all instants of one UTC
// minute share one local date. Older instants (odd historical offsets) are computed directly.
import { businessDay } from '@caja/models';

const MEMO_SINCE = Date.UTC(2000, 0, 1);
const MINUTE = 60_000;

export class BusinessDayMemo {
  private readonly days = new Map<number, string>();

  constructor(
    private readonly timeZone: string,
    private readonly limit = 4096,
  ) {}

  dayOf(createdAt: string): string {
    const instant = Date.parse(createdAt);
    // NaN fails this test too: businessDay throws its RangeError for it.
    if (!(instant >= MEMO_SINCE)) return businessDay(createdAt, this.timeZone);
    const minute = Math.floor(instant / MINUTE);
    let day = this.days.get(minute);
    if (day === undefined) {
      day = businessDay(new Date(minute * MINUTE), this.timeZone);
      if (this.days.size >= this.limit) this.days.clear();
      this.days.set(minute, day);
    }
    return day;
  }
}
