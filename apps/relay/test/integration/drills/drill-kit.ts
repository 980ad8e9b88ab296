// Shared parts of the fault drills: scale (short in `npm test`, full in `npm run drill`), a
// load of tills uploading bills with what the relay acknowledged, the audit of a store after a
// drill, and the report rows that `npm run drill` turns into docs/reliability.md.
import { appendFileSync } from 'node:fs';
import http from 'node:http';
import {
  requestJson,
  type JsonAnswer,
  type RunningRelay,
  type TestBill,
} from '../relay-process.js';

/** CAJA_DRILL=full: the counts of docs/reliability.md; otherwise one short pass of each. */
export const FULL = process.env.CAJA_DRILL === 'full';
export const scale = (short: number, full: number) => (FULL ? full : short);

export interface DrillRow {
  drill: string;
  what: string;
  times: number;
  acknowledged: number;
  lost: number;
  duplicated: number;
  stale: number;
  p99Ms: number | null;
  note?: string;
}

/** Adds a row to the report file `npm run drill` reads (none during `npm test`). */
export function report(row: DrillRow): void {
  const path = process.env.CAJA_DRILL_REPORT;
  if (path) appendFileSync(path, `${JSON.stringify(row)}\n`);
}

/** Today in Bogotá-ish terms, close to the relay's clock so bills are never "ahead". */
export function nowIso(offsetMs = 0): string {
  return new Date(Date.now() - 60_000 + offsetMs).toISOString();
}

let counter = 0;
export function billFor(tillId: string, version = 1, id?: string): TestBill {
  counter += 1;
  const price = 100 + (counter % 900);
  return {
    id: id ?? `d${process.pid}-${Date.now().toString(36)}-${counter}`,
    tillId,
    version,
    createdAt: nowIso(),
    items: [{ id: 'SKU-1', price, quantity: 1 + (counter % 3) }],
    total: price * (1 + (counter % 3)),
  };
}

/** What the tills were told: the highest acknowledged version of each bill. */
export class Ledger {
  readonly acked = new Map<string, number>();
  readonly latencies: number[] = [];
  /** Answers of 500 and above the tills got (503 included). */
  serverErrors = 0;

  ack(id: string, version: number): void {
    if ((this.acked.get(id) ?? 0) < version) this.acked.set(id, version);
  }

  p99(): number | null {
    if (this.latencies.length === 0) return null;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]!);
  }
}

/**
 * Tills uploading until `stop()`: half send single PUTs, half batches of 10. Errors (a killed
 * relay, 503) are what a till sees: it keeps the bill and sends it again later.
 */
export function startLoad(
  url: () => string,
  clients: number,
  ledger: Ledger,
  /** Another loopback address than a drill's attacker, as a till is another machine. */
  localAddress?: string,
  /** A pause after each acknowledged upload (a till at a shop's pace); none: as fast as it can. */
  paceMs = 0,
): { stop: () => Promise<void> } {
  let running = true;
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: clients,
    localAddress,
  } as http.AgentOptions);
  const loops = Array.from({ length: clients }, async (_, index) => {
    const tillId = `till-${index}`;
    let pending: TestBill[] = [];
    while (running) {
      if (pending.length === 0) {
        pending =
          index % 2 === 0 ? [billFor(tillId)] : Array.from({ length: 10 }, () => billFor(tillId));
      }
      const started = performance.now();
      try {
        const answer: JsonAnswer =
          pending.length === 1
            ? await requestJson(url(), 'PUT', `/api/v1/bills/${pending[0]!.id}`, {
                body: pending[0],
                agent,
                timeoutMs: 5_000,
              })
            : await requestJson(url(), 'POST', '/api/v1/bills/batch', {
                body: { bills: pending },
                agent,
                timeoutMs: 5_000,
              });
        if (answer.status >= 500) ledger.serverErrors += 1;
        if (pending.length === 1 && answer.status < 300) {
          ledger.ack(pending[0]!.id, pending[0]!.version);
          if (index === 0) ledger.latencies.push(performance.now() - started);
          pending = [];
          if (paceMs > 0) await new Promise((resolve) => setTimeout(resolve, paceMs));
        } else if (answer.status === 200 && Array.isArray(answer.body?.results)) {
          (answer.body.results as { status: number }[]).forEach((result, i) => {
            if (result.status < 300) ledger.ack(pending[i]!.id, pending[i]!.version);
          });
          pending = pending.filter((_, i) => answer.body.results[i].status >= 300);
          if (paceMs > 0) await new Promise((resolve) => setTimeout(resolve, paceMs));
        } else {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } catch {
        // The relay is down or restarting: keep the bills, try again shortly.
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      agent.destroy();
    },
  };
}

/** Lost, stale and duplicated bills of a relay against what was acknowledged. */
export async function audit(relay: RunningRelay, ledger: Ledger, localAddress?: string) {
  let lost = 0;
  let stale = 0;
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: 16,
    localAddress,
  } as http.AgentOptions);
  const ids = [...ledger.acked];
  for (let start = 0; start < ids.length; start += 64) {
    await Promise.all(
      ids.slice(start, start + 64).map(async ([id, version]) => {
        const answer = await requestJson(relay.url, 'GET', `/api/v1/bills/${id}`, { agent });
        if (answer.status !== 200) lost += 1;
        else if (answer.body.bill.version < version) stale += 1;
      }),
    );
  }
  // Duplicates: a bill listed twice in its day.
  const day = (await requestJson(relay.url, 'GET', `/api/v1/shifts/${dayOf(nowIso())}`, { agent }))
    .body as { bills: { id: string }[] };
  const seen = new Set<string>();
  let duplicated = 0;
  for (const bill of day.bills ?? []) {
    if (seen.has(bill.id)) duplicated += 1;
    seen.add(bill.id);
  }
  agent.destroy();
  return { lost, stale, duplicated };
}

/** The business day of an instant in America/Bogota (the drills' STORE_TIMEZONE). */
export function dayOf(iso: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/Bogota',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));
}
