// What the back office reads from the relay (the API reference in docs/api.md and docs/relay.md).
// Fields the relay may not send yet are optional: the screens show "—" rather than break.
export interface TillStatusReport {
  highestNumber?: number;
  outbox?: number;
  /** Total of the unsent bills, minor units (tills that report it). */
  outboxTotal?: number;
  storage?: { persisted?: boolean; usage?: number; quota?: number };
  appVersion?: string;
  at?: string;
}

export interface AdminTill {
  tillId: string;
  name: string;
  pairedAt?: string;
  revokedAt?: string | null;
  lastSeenAt?: string | null;
  highestNumber?: number | null;
  missingNumbers?: number[];
  reported?: TillStatusReport | null;
}

export interface Health {
  status: string;
  storage: {
    state: string;
    bills?: number;
    lsn?: number;
    snapshot?: { writtenAt?: string | null; ok?: boolean; lsn?: number };
    backups?: { lsn: number; ok: boolean }[];
  };
  sync: {
    state: string;
    pendingBills: number;
    lagSeconds: number | null;
    lastSuccessAt: string | null;
    lastError: string | null;
    deadLetters?: number;
  };
}

export interface ExceptionEntry {
  code: string;
  date: string;
  billId?: string;
  tillId?: string;
  detail?: unknown;
}

export interface ZReport {
  zNumber: number;
  date: string;
  closedAt: string;
  tills: Record<
    string,
    { firstNumber: number | null; lastNumber: number | null; billCount: number; total: number }
  >;
  byTender: { cash: number; card: number; other: number };
  refunds: { count: number; total: number };
  voids: { count: number; total: number };
  cashMoves: number;
  moves?: { amount: number; reason: string; tillId?: string; at?: string }[];
  expectedCash: number;
  countedCash: number;
  difference: number;
  grandTotal: number;
  chainHead?: string;
  note?: string;
  lateBills?: string[];
}

export interface ReportRow {
  key: string;
  total: number;
  count: number;
  average: number;
  max: number | null;
  min: number | null;
}

export interface Report {
  from: string;
  to: string;
  by: string;
  rows: ReportRow[];
  totals: Omit<ReportRow, 'key'>;
}
