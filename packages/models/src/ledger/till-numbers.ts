// A till's bill numbers as the relay received them: the highest, and the gaps below it. A gap
// is a bill the till sold and has not uploaded (or lost). Kept as gaps, not as a set of numbers,
// so a till at number 2,000,000 costs a few objects, and a wild number costs one gap.

export interface NumberGap {
  from: number;
  to: number;
  /** When the relay first saw the numbers missing (its clock, ISO-8601). */
  since: string;
}

export interface TillNumbersJson {
  highest: number;
  gaps: NumberGap[];
}

export class TillNumbers {
  highest = 0;
  /** Sorted, disjoint. */
  gaps: NumberGap[] = [];

  static fromJson(json: TillNumbersJson): TillNumbers {
    const numbers = new TillNumbers();
    numbers.highest = json.highest;
    numbers.gaps = json.gaps.map((gap) => ({ ...gap }));
    return numbers;
  }

  toJson(): TillNumbersJson {
    return { highest: this.highest, gaps: this.gaps.map((gap) => ({ ...gap })) };
  }

  /** A bill with this number arrived at `at`. */
  record(number: number, at: string): void {
    if (number > this.highest) {
      if (number > this.highest + 1) {
        this.gaps.push({ from: this.highest + 1, to: number - 1, since: at });
      }
      this.highest = number;
      return;
    }
    const index = this.gapIndex(number);
    const gap = this.gaps[index];
    if (!gap || number < gap.from) return; // received already
    const parts: NumberGap[] = [];
    if (gap.from < number) parts.push({ from: gap.from, to: number - 1, since: gap.since });
    if (number < gap.to) parts.push({ from: number + 1, to: gap.to, since: gap.since });
    this.gaps.splice(index, 1, ...parts);
  }

  /**
   * Every number up to `number` is accounted for elsewhere (a relay rebuilt from DynamoDB: the
   * lost relay received them): the highest rises to it without opening a gap.
   */
  accountUpTo(number: number): void {
    if (number > this.highest) this.highest = number;
  }

  /** How many numbers below the highest have not arrived. */
  get missingCount(): number {
    let count = 0;
    for (const gap of this.gaps) count += gap.to - gap.from + 1;
    return count;
  }

  /** The first `limit` missing numbers, ascending. */
  missing(limit = 100): number[] {
    const numbers: number[] = [];
    for (const gap of this.gaps) {
      for (let n = gap.from; n <= gap.to && numbers.length < limit; n++) numbers.push(n);
      if (numbers.length >= limit) break;
    }
    return numbers;
  }

  /** The earliest `since` among the gaps: how long the oldest missing number has been missing. */
  oldestMissingSince(): string | undefined {
    let oldest: string | undefined;
    for (const gap of this.gaps) if (oldest === undefined || gap.since < oldest) oldest = gap.since;
    return oldest;
  }

  /** Index of the first gap whose `to` is >= number (binary search). */
  private gapIndex(number: number): number {
    let low = 0;
    let high = this.gaps.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.gaps[middle]!.to < number) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
