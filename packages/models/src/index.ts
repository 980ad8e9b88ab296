export type * from './types.js';
export * from './totals.js';
export * from './business-day.js';
export * from './validation.js';
export * from './money.js';
export * from './bill-operations.js';
export * from './ids.js';
export * from './report.js';
export * from './ledger/index.js';
