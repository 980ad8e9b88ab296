// Which days local cleanup may drop. Pure: dates in, decision out.
import { addDays } from '@caja/models';

export interface CleanupRules {
  /** Today's business day (YYYY-MM-DD): never dropped. */
  today: string;
  /** Days whose age in days exceeds this are dropped (LOCAL_RETENTION_DAYS). */
  retentionDays: number;
  /** True when every bill of the day held now is confirmed in DynamoDB. */
  isDayConfirmed: (date: string) => boolean;
}

export interface CleanupPlan {
  drop: string[];
  /** Old enough, but with bills not yet confirmed in DynamoDB: kept until they are. */
  keepUnconfirmed: string[];
}

export function planCleanup(dates: readonly string[], rules: CleanupRules): CleanupPlan {
  const { today, retentionDays, isDayConfirmed } = rules;
  if (!Number.isInteger(retentionDays) || retentionDays < 0) {
    throw new RangeError(`retentionDays must be a whole number >= 0, not ${retentionDays}`);
  }
  const oldestKept = addDays(today, -retentionDays);
  const plan: CleanupPlan = { drop: [], keepUnconfirmed: [] };
  for (const date of dates) {
    if (date >= oldestKept || date >= today) continue;
    // The only copy of an unconfirmed bill is ours: dropping it would lose it.
    (isDayConfirmed(date) ? plan.drop : plan.keepUnconfirmed).push(date);
  }
  return plan;
}
