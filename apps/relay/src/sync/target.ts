// Where sync writes: DYNAMODB_ENDPOINT when set, AWS when the SDK's credential chain has
// something, otherwise the embedded dynalite under DATA_DIR. Also the table's late binding:
// the engine exists (and answers status()) before start() has connected anything.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { hasAwsCredentials, type Env } from '../dynamo/credentials.js';
import type { DynamoBillTable } from '../dynamo/dynamo-table.js';
import type { EmbeddedDynamo } from '../dynamo/embedded.js';
import { SyncError } from '../dynamo/errors.js';
import type { Logger } from '../logging/logger.js';
import type { BillTable } from './ports.js';

export interface DynamoTargetOptions {
  dataDir: string;
  storeId: string;
  tableName: string;
  endpoint?: string | undefined;
  region?: string | undefined;
  env: Env;
  requestTimeoutMs: number;
  logger: Logger;
}

export type TargetKind = 'endpoint' | 'aws' | 'embedded';

export interface ConnectedTarget {
  kind: TargetKind;
  endpoint: string | undefined;
  table: DynamoBillTable;
  close(): Promise<void>;
}

export function chooseTarget(endpoint: string | undefined, env: Env): TargetKind {
  if (endpoint) return 'endpoint';
  return hasAwsCredentials(env) ? 'aws' : 'embedded';
}

export async function connectTarget(options: DynamoTargetOptions): Promise<ConnectedTarget> {
  const kind = chooseTarget(options.endpoint, options.env);
  // Loaded here, not at the top: the AWS SDK and dynalite take about half a second to load, and
  // the relay connects only after it listens, so tills are never kept waiting for them.
  const [{ createDynamoClient }, { DynamoBillTable }, { startEmbeddedDynamo }] = await Promise.all([
    import('../dynamo/client.js'),
    import('../dynamo/dynamo-table.js'),
    import('../dynamo/embedded.js'),
  ]);
  let embedded: EmbeddedDynamo | undefined;
  let endpoint = options.endpoint;
  if (kind === 'embedded') {
    embedded = await startEmbeddedDynamo({ dataDir: options.dataDir, logger: options.logger });
    endpoint = embedded.endpoint;
  } else {
    options.logger.info(
      `DynamoDB sync target: ${kind === 'aws' ? `AWS (region ${options.region ?? 'from the SDK chain'})` : endpoint}, table ${options.tableName}`,
    );
  }
  const client: DynamoDBDocumentClient = createDynamoClient({
    endpoint,
    region: options.region,
    useCredentialChain: hasAwsCredentials(options.env) || kind === 'aws',
    requestTimeoutMs: options.requestTimeoutMs,
    unsignedLoopback: kind === 'embedded',
  });
  return {
    kind,
    endpoint,
    table: new DynamoBillTable(client, options.tableName, options.storeId),
    async close() {
      client.destroy();
      await embedded?.close();
    },
  };
}

/** A BillTable whose implementation arrives later; until then every call fails as unavailable. */
export class DeferredTable implements BillTable {
  target: BillTable | undefined;
  reason = 'the DynamoDB connection is not set up yet';

  private get ready(): BillTable {
    if (!this.target) throw new SyncError('unavailable', this.reason);
    return this.target;
  }

  ensureTable: BillTable['ensureTable'] = () => this.ready.ensureTable();
  putBill: BillTable['putBill'] = (...args) => this.ready.putBill(...args);
  deleteBill: BillTable['deleteBill'] = (...args) => this.ready.deleteBill(...args);
  putSummary: BillTable['putSummary'] = (...args) => this.ready.putSummary(...args);
  replaceConflicting: BillTable['replaceConflicting'] = (...args) =>
    this.ready.replaceConflicting(...args);
  getSummary: BillTable['getSummary'] = (...args) => this.ready.getSummary(...args);
  queryDay: BillTable['queryDay'] = (...args) => this.ready.queryDay(...args);
  putLedgerEntry: BillTable['putLedgerEntry'] = (...args) => this.ready.putLedgerEntry(...args);
  readDayLedger: BillTable['readDayLedger'] = (...args) => this.ready.readDayLedger(...args);
  readLastZ: BillTable['readLastZ'] = () => this.ready.readLastZ();
}
