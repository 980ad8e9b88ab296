// The reporter as a library (dist/index.js), for scripts and the benchmark: the chain report with
// its options (useAggregates: false reads every bill item), the connection, and the items the
// recompute writes, so a script writes exactly what the recompute would.
export {
  chainReport,
  type ChainReport,
  type ReportOptions,
  type ReportSources,
} from './chain-report.js';
export { recomputeDay, recomputeDirtyDays } from './aggregates.js';
export { aggregateToItem, type StoredAggregate } from './layout.js';
export { parseReportRequest } from './request.js';
export { connect, readSettings } from './settings.js';
export {
  billToItem,
  dayDigest,
  summarizeDay,
  summaryToItem,
  tableDefinition,
} from '@caja/relay/dynamo';
