// One stored version of a bill: on its own so the ledger and the snapshot format can name it
// without importing the storage port (which names them), keeping the imports free of cycles.
import type { Bill } from '@caja/models';

export interface StoredBill {
  bill: Bill;
  shiftDate: string;
  lsn: number;
}
