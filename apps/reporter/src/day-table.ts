// The reporter's view of the DynamoDB table: a day's SUMMARY and AGGREGATE (many days per
// BatchGetItem), a day's bill items (Query, all pages), and the aggregate and dirty-marker
// writes. Every request goes through the relay's ResilientCaller (retries with backoff, breaker).
import {
  BatchGetCommand,
  DeleteCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { parseBill, type Bill } from '@caja/models';
import {
  BILL_SK_PREFIX,
  dayPk,
  itemToBill,
  itemToSummary,
  summaryKey,
  type DaySummary,
  type ResilientCaller,
} from '@caja/relay/dynamo';
import {
  AGGREGATE_SK,
  DIRTY_PK,
  aggregateKey,
  aggregateToItem,
  dayId,
  dirtyKey,
  itemToAggregate,
  parseDayPk,
  parseDirtySk,
  type DayKey,
  type StoredAggregate,
} from './layout.js';

export interface DayHead {
  summary?: DaySummary;
  aggregate?: StoredAggregate;
}

export interface DayBills {
  bills: Bill[];
  /** Items that are not valid bills: left out, and said. */
  invalid: Array<{ id: string; reason: string }>;
}

export interface DirtyDay extends DayKey {
  markedAt: string;
}

/** BatchGetItem takes at most 100 keys. */
const BATCH_GET_KEYS = 100;
const UNPROCESSED_ROUNDS = 10;
/** What itemToSummary and itemToAggregate read (updatedAt and the like are not fetched); the
 * per-item figures, the bulk of an aggregate, only for an `item` report. Every name through a
 * placeholder: some (total) are DynamoDB reserved words. */
const HEAD_ATTRIBUTES = [
  'pk',
  'sk',
  'total',
  'billCount',
  'digest',
  'digestVersion',
  'writerId',
  'aggregate',
  'timeZone',
  'computedAt',
];
function headProjection(withItems: boolean) {
  const names = withItems ? [...HEAD_ATTRIBUTES, 'byItem'] : HEAD_ATTRIBUTES;
  return {
    ProjectionExpression: names.map((_, index) => `#a${index}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(names.map((name, index) => [`#a${index}`, name])),
  };
}

export class DayTable {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly caller: ResilientCaller,
  ) {}

  /**
   * SUMMARY and AGGREGATE of each day, by dayId; `concurrency` batches in flight. Without
   * `withItems` the aggregates' byItem is left empty (not read).
   */
  async readHeads(
    days: readonly DayKey[],
    concurrency: number,
    withItems: boolean,
  ): Promise<Map<string, DayHead>> {
    const projection = headProjection(withItems);
    const keys = days.flatMap((day) => [summaryKey(day.storeId, day.date), aggregateKey(day)]);
    const batches: Array<typeof keys> = [];
    for (let start = 0; start < keys.length; start += BATCH_GET_KEYS)
      batches.push(keys.slice(start, start + BATCH_GET_KEYS));
    const heads = new Map<string, DayHead>();
    await mapConcurrent(batches, concurrency, async (batch) => {
      for (const item of await this.batchGet(batch, projection)) {
        const day = parseDayPk(item.pk);
        if (!day) continue;
        const id = dayId(day);
        const head = heads.get(id) ?? {};
        if (item.sk === AGGREGATE_SK) {
          const aggregate = itemToAggregate(item);
          if (aggregate) head.aggregate = aggregate;
        } else {
          const summary = itemToSummary(item);
          if (summary) head.summary = summary;
        }
        heads.set(id, head);
      }
    });
    return heads;
  }

  private async batchGet(
    keys: Array<Record<string, unknown>>,
    projection: ReturnType<typeof headProjection>,
  ) {
    const items: Array<Record<string, unknown>> = [];
    let pending = keys;
    for (let round = 0; pending.length > 0; round += 1) {
      if (round === UNPROCESSED_ROUNDS)
        throw new Error(`DynamoDB left ${pending.length} keys unprocessed ${round} times in a row`);
      const output = await this.caller.call(() =>
        this.client.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tableName]: { Keys: pending, ConsistentRead: true, ...projection },
            },
          }),
        ),
      );
      items.push(...(output.Responses?.[this.tableName] ?? []));
      pending = output.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
    }
    return items;
  }

  /** Every bill item of the day (all pages), each checked like a bill from a till. */
  async readBills(day: DayKey): Promise<DayBills> {
    const result: DayBills = { bills: [], invalid: [] };
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.caller.call(() =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :bill)',
            ExpressionAttributeValues: {
              ':pk': dayPk(day.storeId, day.date),
              ':bill': BILL_SK_PREFIX,
            },
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      for (const item of page.Items ?? []) {
        const parsed = parseBill(itemToBill(item));
        if (parsed.ok) result.bills.push(parsed.value);
        else
          result.invalid.push({
            id: String(item.id),
            reason: parsed.issues.map((issue) => issue.message).join('; '),
          });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return result;
  }

  /** Replaces the day's aggregate (a recompute, never an increment). */
  async putAggregate(day: DayKey, stored: StoredAggregate): Promise<void> {
    await this.caller.call(() =>
      this.client.send(
        new PutCommand({ TableName: this.tableName, Item: aggregateToItem(day, stored) }),
      ),
    );
  }

  /** Marks the day dirty; marking again only moves markedAt (idempotent). */
  async markDirty(day: DayKey, markedAt: string): Promise<void> {
    await this.caller.call(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: dirtyKey(day),
          UpdateExpression: 'SET markedAt = :at',
          ExpressionAttributeValues: { ':at': markedAt },
        }),
      ),
    );
  }

  async listDirty(): Promise<DirtyDay[]> {
    const days: DirtyDay[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.caller.call(() =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': DIRTY_PK },
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      for (const item of page.Items ?? []) {
        const day = parseDirtySk(item.sk);
        if (day && typeof item.markedAt === 'string')
          days.push({ ...day, markedAt: item.markedAt });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return days;
  }

  /** Clears the marker only if nobody marked the day again since `markedAt` was read. */
  async clearDirty(day: DirtyDay): Promise<boolean> {
    return this.caller.call(async () => {
      try {
        await this.client.send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: dirtyKey(day),
            ConditionExpression: 'markedAt = :at',
            ExpressionAttributeValues: { ':at': day.markedAt },
          }),
        );
        return true;
      } catch (error) {
        // Marked again meanwhile: the marker stays for the next recompute. An answer, not a fault.
        if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    });
  }
}

/** Runs `task` over `items` with at most `limit` at once; rejects with the first failure. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
