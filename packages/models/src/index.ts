// First: in a browser, zod must generate no code before any schema below is built (CSP).
import './no-eval.js';
export type * from './types.js';
export type * from './shop.js';
export * from './totals.js';
export * from './business-day.js';
export * from './canonical.js';
export * from './validation.js';
export { wireBillSchema, type WireBill } from './bill-schema.js';
export {
  DEFAULT_TYPED_AMOUNT_NAME,
  SETTINGS_TEXT_LIMITS,
  shopSettingsSchema,
} from './shop-schema.js';
export * from './money.js';
export * from './bill-operations.js';
export * from './ids.js';
export * from './report.js';
export * from './ledger/index.js';
export * from './records.js';
export * from './text-rules.js';
