// BillTable over the real DynamoDB API (AWS, DynamoDB Local, dynalite).
//
// Bills are written with one conditional PutItem each ("absent or older version"), several in
// flight at once, rather than BatchWriteItem or TransactWriteItems:
// - BatchWriteItem takes no condition, so a replay after a crash could put an older version over
//   a newer one; it also answers with UnprocessedItems that need their own retry path.
// - TransactWriteItems does take conditions, but it is all-or-nothing: one bill that is already
//   current (the normal case when replaying) or invalid cancels the other 99, it costs twice the
//   write capacity, and a refused bill could not be isolated into the dead-letter list.
// Conditional PutItem gives a verdict per bill, costs one write unit per KB, and its
// ConditionalCheckFailed is exactly the "already there" answer idempotent replays need.
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DescribeTableCommandOutput,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { sameContent, type Bill, type CashMove, type ZReport } from '@caja/models';
import type { SyncedLedgerEntry } from '../ledger/ledger-entry.js';
import type { DaySummary } from '../sync/digest.js';
import { SyncError, classifyDynamoError } from './errors.js';
import type { BillTable, DayLedgerItems, PutBillOutcome } from '../sync/ports.js';
import {
  BILL_SK_PREFIX,
  CASH_MOVE_SK_PREFIX,
  billKey,
  billToItem,
  cashMoveToItem,
  itemToLedger,
  lastZKey,
  lastZToItem,
  Z_SK,
  type LedgerItem,
  zKey,
  zToItem,
  conflictKey,
  dayPk,
  itemToBill,
  itemToSummary,
  summaryKey,
  summaryToItem,
  tableDefinition,
} from './items.js';

const TABLE_ACTIVE_TIMEOUT_MS = 120_000;

export class DynamoBillTable implements BillTable {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly storeId: string,
    private readonly pause: (ms: number) => Promise<void> = (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  async ensureTable(): Promise<void> {
    let table = await this.describe();
    if (!table) {
      try {
        await this.client.send(new CreateTableCommand(tableDefinition(this.tableName)));
      } catch (error) {
        // Another relay (or an earlier attempt that timed out) created it meanwhile.
        if ((error as { name?: string }).name !== 'ResourceInUseException') throw error;
      }
      table = await this.describe();
    }
    const started = Date.now();
    while (table?.TableStatus !== 'ACTIVE') {
      if (Date.now() - started > TABLE_ACTIVE_TIMEOUT_MS)
        throw new SyncError('unavailable', `table ${this.tableName} is not ACTIVE yet`);
      await this.pause(250);
      table = await this.describe();
    }
    const keys = (table.KeySchema ?? []).map((key) => `${key.AttributeName}:${key.KeyType}`);
    if (keys.join(',') !== 'pk:HASH,sk:RANGE')
      throw new SyncError(
        'config',
        `table ${this.tableName} has key schema ${keys.join(',')}, expected pk:HASH,sk:RANGE`,
      );
  }

  private async describe(): Promise<DescribeTableCommandOutput['Table'] | undefined> {
    try {
      const output = await this.client.send(
        new DescribeTableCommand({ TableName: this.tableName }),
      );
      return output.Table;
    } catch (error) {
      const classified = classifyDynamoError(error);
      if (classified.code === 'table-missing') return undefined;
      // A ValidationException here is about the table name, not about a bill.
      if (classified.code === 'rejected')
        throw new SyncError('config', classified.message, { cause: error });
      throw classified;
    }
  }

  async putBill(date: string, bill: Bill, syncedAt: string): Promise<PutBillOutcome> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: billToItem(this.storeId, date, bill, syncedAt),
          ConditionExpression: 'attribute_not_exists(pk) OR #version < :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': bill.version },
        }),
      );
      return 'written';
    } catch (error) {
      if (!isConditionFailure(error)) throw classifyDynamoError(error);
    }
    // DynamoDB holds this version or a newer one: the same content, or a conflict?
    const remote = await this.getBill(date, bill.id);
    if (!remote || remote.version > bill.version) return 'already-current';
    return sameContent(remote, bill) ? 'already-current' : 'conflict';
  }

  private async getBill(date: string, id: string): Promise<Bill | undefined> {
    const output = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: billKey(this.storeId, date, id),
        ConsistentRead: true,
      }),
    );
    return output.Item ? itemToBill(output.Item) : undefined;
  }

  async replaceConflicting(date: string, bill: Bill, syncedAt: string): Promise<boolean> {
    const output = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: billKey(this.storeId, date, bill.id),
        ConsistentRead: true,
      }),
    );
    const remote = output.Item;
    if (!remote || remote.version !== bill.version) return false;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...remote, ...conflictKey(this.storeId, date, bill.id, bill.version, syncedAt) },
      }),
    );
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: billToItem(this.storeId, date, bill, syncedAt),
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': bill.version },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw classifyDynamoError(error);
    }
  }

  async deleteBill(date: string, id: string, version: number): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: billKey(this.storeId, date, id),
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': version },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw classifyDynamoError(error);
    }
  }

  async putSummary(date: string, summary: DaySummary, updatedAt: string) {
    const output = await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: summaryToItem(this.storeId, date, summary, updatedAt),
        ReturnValues: 'ALL_OLD',
      }),
    );
    const { writerId, updatedAt: replacedAt } = output.Attributes ?? {};
    return {
      ...(typeof writerId === 'string' && { writerId }),
      ...(typeof replacedAt === 'string' && { updatedAt: replacedAt }),
    };
  }

  async getSummary(date: string): Promise<DaySummary | undefined> {
    const output = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: summaryKey(this.storeId, date),
        ConsistentRead: true,
      }),
    );
    return output.Item ? itemToSummary(output.Item) : undefined;
  }

  async putLedgerEntry(
    entry: SyncedLedgerEntry,
    journalLsn: number,
    syncedAt: string,
  ): Promise<'written' | 'already-current'> {
    const Item =
      entry.type === 'close'
        ? zToItem(this.storeId, entry.z, journalLsn, syncedAt)
        : cashMoveToItem(this.storeId, entry.move, journalLsn, syncedAt);
    let outcome: 'written' | 'already-current' = 'written';
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw classifyDynamoError(error);
      outcome = 'already-current';
    }
    // After the day's Z, so a Z in LASTZ always has its day's item; repeated on a replay, since a
    // crash may have come between the two.
    if (entry.type === 'close') await this.putLastZ(entry.z, journalLsn, syncedAt);
    return outcome;
  }

  private async putLastZ(z: ZReport, journalLsn: number, syncedAt: string): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: lastZToItem(this.storeId, z, journalLsn, syncedAt),
          ConditionExpression: 'attribute_not_exists(pk) OR zNumber < :zNumber',
          ExpressionAttributeValues: { ':zNumber': z.zNumber },
        }),
      );
    } catch (error) {
      // A Z with this number or a higher one is there already.
      if (!isConditionFailure(error)) throw classifyDynamoError(error);
    }
  }

  async readLastZ(): Promise<LedgerItem<ZReport> | undefined> {
    const output = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: lastZKey(this.storeId),
        ConsistentRead: true,
      }),
    );
    if (output.Item) return itemToLedger<ZReport>(output.Item);
    // No LASTZ: the store's Zs were all written before it existed (or it never closed a day).
    // Only a rebuild asks, once: scan for the store's Z items and take the highest number.
    let newest: LedgerItem<ZReport> | undefined;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'sk = :z AND begins_with(pk, :store)',
          ExpressionAttributeValues: { ':z': Z_SK, ':store': dayPk(this.storeId, '') },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const found = itemToLedger<ZReport>(item);
        if (!newest || found.value.zNumber > newest.value.zNumber) newest = found;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return newest;
  }

  async readDayLedger(date: string): Promise<DayLedgerItems> {
    const z = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: zKey(this.storeId, date),
        ConsistentRead: true,
      }),
    );
    const moves: DayLedgerItems['moves'] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :move)',
          ExpressionAttributeValues: {
            ':pk': dayPk(this.storeId, date),
            ':move': CASH_MOVE_SK_PREFIX,
          },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) moves.push(itemToLedger<CashMove>(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    moves.sort((a, b) => a.journalLsn - b.journalLsn);
    return { z: z.Item ? itemToLedger<ZReport>(z.Item) : undefined, moves };
  }

  async queryDay(date: string): Promise<Bill[]> {
    const bills: Bill[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :bill)',
          ExpressionAttributeValues: { ':pk': dayPk(this.storeId, date), ':bill': BILL_SK_PREFIX },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) bills.push(itemToBill(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return bills;
  }
}

function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException';
}
