export * from './stats.js';
export * from './day-aggregate.js';
export * from './report.js';
export * from './z-report.js';
export * from './refunds.js';
export * from './bill-changes.js';
export * from './till-numbers.js';
export * from './refundable.js';
