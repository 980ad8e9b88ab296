// Notes and coins the owner counts, in minor units (COP has none below the peso; USD counts cents).
export const DENOMINATIONS: Record<string, readonly number[]> = {
  COP: [100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100, 50],
  USD: [10_000, 5_000, 2_000, 1_000, 500, 200, 100, 25, 10, 5, 1],
};

/** The drawer's cash in minor units: Σ count × value; a blank or bad count counts as none. */
export function countedTotal(values: readonly number[], counts: readonly number[]): number {
  return values.reduce((sum, value, index) => {
    const count = counts[index] ?? 0;
    return sum + (Number.isSafeInteger(count) && count > 0 ? count * value : 0);
  }, 0);
}
