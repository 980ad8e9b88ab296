// Fault drills against the built relay: SIGKILL under load, torn tails, a deleted snapshot,
// a full disk. Short in `npm test`; `npm run drill` runs the full counts and
// writes docs/reliability.md from what each drill reports.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  baseEnv,
  requestJson,
  runCommand,
  startRelay,
  tempDir,
  type RunningRelay,
} from '../relay-process.js';
import { audit, billFor, Ledger, report, scale, startLoad } from './drill-kit.js';

const JOURNAL = 'journal';

describe('drill: SIGKILL under load', () => {
  it('loses, duplicates and rolls back no acknowledged bill', async () => {
    const kills = scale(2, 100);
    const dataDir = tempDir('caja-drill-kill-');
    const env = baseEnv(dataDir);
    let relay = await startRelay(env);
    const ledger = new Ledger();
    const load = startLoad(() => relay.url, 32, ledger);
    for (let kill = 0; kill < kills; kill++) {
      await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 700));
      await relay.kill('SIGKILL');
      relay = await startRelay(env);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    await load.stop();
    const result = await audit(relay, ledger);
    await relay.kill('SIGTERM');
    report({
      drill: 'SIGKILL under 32 clients (16 single PUT, 16 batches of 10)',
      what: 'kill -9 the relay at a random moment under load, restart on the same DATA_DIR',
      times: kills,
      acknowledged: ledger.acked.size,
      ...result,
      p99Ms: ledger.p99(),
    });
    expect(ledger.acked.size).toBeGreaterThan(0);
    expect(result).toEqual({ lost: 0, stale: 0, duplicated: 0 });
  });
});

/** Acknowledged bills of one relay run, then killed. */
async function seeded(dataDir: string, count: number) {
  const relay = await startRelay(baseEnv(dataDir));
  const ledger = new Ledger();
  for (let i = 0; i < count; i++) {
    const bill = billFor('till-1');
    const started = performance.now();
    const answer = await requestJson(relay.url, 'PUT', `/api/v1/bills/${bill.id}`, { body: bill });
    ledger.latencies.push(performance.now() - started);
    if (answer.status < 300) ledger.ack(bill.id, bill.version);
  }
  await relay.kill('SIGKILL');
  return ledger;
}

function lastSegment(dataDir: string): string {
  const names = readdirSync(join(dataDir, JOURNAL)).sort();
  return join(dataDir, JOURNAL, names.at(-1)!);
}

describe('drill: torn tail', () => {
  it('starts after a crash mid-append at random offsets, losing nothing acknowledged', async () => {
    const times = scale(3, 50);
    const dataDir = tempDir('caja-drill-torn-');
    const ledger = await seeded(dataDir, 20);
    const segment = lastSegment(dataDir);
    const good = readFileSync(segment);
    let result = { lost: 0, stale: 0, duplicated: 0 };
    for (let round = 0; round < times; round++) {
      // The start of a record that never finished: a random-length prefix of a real frame.
      const frame = good.subarray(good.length - 200);
      writeFileSync(
        segment,
        Buffer.concat([good, frame.subarray(0, 1 + Math.floor(Math.random() * 199))]),
      );
      const relay = await startRelay(baseEnv(dataDir));
      const round_ = await audit(relay, ledger);
      result = {
        lost: result.lost + round_.lost,
        stale: result.stale + round_.stale,
        duplicated: result.duplicated + round_.duplicated,
      };
      await relay.kill('SIGKILL');
    }
    report({
      drill: 'torn tail',
      what: 'append a random-length prefix of a record to the last journal segment, start',
      times,
      acknowledged: ledger.acked.size,
      ...result,
      p99Ms: ledger.p99(),
    });
    expect(result).toEqual({ lost: 0, stale: 0, duplicated: 0 });
  });
});

describe('drill: snapshot deleted', () => {
  it('rebuilds from the journal', async () => {
    const times = scale(1, 10);
    const dataDir = tempDir('caja-drill-snap-');
    const ledger = await seeded(dataDir, 30);
    let result = { lost: 0, stale: 0, duplicated: 0 };
    for (let round = 0; round < times; round++) {
      rmSync(join(dataDir, 'daily_shifts.json'), { force: true });
      const relay = await startRelay(baseEnv(dataDir));
      result = await audit(relay, ledger);
      await relay.kill(round % 2 === 0 ? 'SIGKILL' : 'SIGTERM');
    }
    report({
      drill: 'snapshot deleted',
      what: 'delete daily_shifts.json while the relay is down, start',
      times,
      acknowledged: ledger.acked.size,
      ...result,
      p99Ms: ledger.p99(),
    });
    expect(result).toEqual({ lost: 0, stale: 0, duplicated: 0 });
  });
});

describe('drill: damage covered by the snapshot', () => {
  it('starts from the snapshot with a warning; verify calls the state recoverable', async () => {
    const times = scale(1, 10);
    let result = { lost: 0, stale: 0, duplicated: 0 };
    let ledger = new Ledger();
    for (let round = 0; round < times; round++) {
      const dataDir = tempDir('caja-drill-covered-');
      ledger = await seeded(dataDir, 20);
      // A clean stop writes the snapshot that covers every record.
      const stopped = await startRelay(baseEnv(dataDir));
      await stopped.kill('SIGTERM');
      const segment = lastSegment(dataDir);
      const bytes = readFileSync(segment);
      const at = 8 + Math.floor(Math.random() * (bytes.length - 400));
      bytes[at]! ^= 0x20;
      writeFileSync(segment, bytes);
      const verify = runCommand(['verify'], baseEnv(dataDir));
      expect(verify.stdout + verify.stderr).not.toContain('NOT recoverable');
      const relay = await startRelay(baseEnv(dataDir));
      expect(relay.output()).not.toContain('damaged at byte');
      const audited = await audit(relay, ledger);
      result = {
        lost: result.lost + audited.lost,
        stale: result.stale + audited.stale,
        duplicated: result.duplicated + audited.duplicated,
      };
      await relay.kill('SIGKILL');
    }
    report({
      drill: 'damage covered by the snapshot',
      what: 'flip one byte in a journal record the snapshot holds (random offset), verify, start',
      times,
      acknowledged: ledger.acked.size,
      ...result,
      p99Ms: ledger.p99(),
    });
    expect(result).toEqual({ lost: 0, stale: 0, duplicated: 0 });
  });
});

/** A small tmpfs (root only); undefined where mounting is not allowed. */
function mountTmpfs(sizeKb: number): string | undefined {
  const dir = tempDir('caja-drill-disk-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir], {
      stdio: 'ignore',
    });
    return dir;
  } catch {
    return undefined;
  }
}

async function healthOf(relay: RunningRelay) {
  return (await requestJson(relay.url, 'GET', '/api/v1/health', { token: null })).body as {
    status: string;
    storage: { state: string; reason?: string };
  };
}

// The read-only disk is drilled in read-only-disk.test.ts (a preload at the OS boundary: Linux
// refuses to remount read-only while the relay holds its journal open).
describe.each([['disk full', 'fill a small tmpfs under DATA_DIR, then free it']])(
  'drill: %s',
  (name, what) => {
    it('answers 503 storage_unavailable, reports degraded, acknowledges nothing it loses, recovers', async () => {
      const mount = mountTmpfs(4096);
      // The mount needs root; without it the fault is injected through the storage port in the
      // unit tests (test/unit/http/storage-faults.test.ts) and the drill is reported as such.
      if (!mount) {
        report({
          drill: name,
          what,
          times: 0,
          acknowledged: 0,
          lost: 0,
          duplicated: 0,
          stale: 0,
          p99Ms: null,
          note: 'not run: mounting a tmpfs needs root; covered by the storage-port fault tests',
        });
        expect(mount).toBeUndefined();
        return;
      }
      const times = scale(1, 5);
      const dataDir = join(mount, 'data');
      mkdirSync(dataDir);
      const ledger = new Ledger();
      let refused = 0;
      let degraded = 0;
      let relay = await startRelay(baseEnv(dataDir));
      try {
        for (let round = 0; round < times; round++) {
          const bill = billFor('till-1');
          const ok = await requestJson(relay.url, 'PUT', `/api/v1/bills/${bill.id}`, {
            body: bill,
          });
          if (ok.status < 300) ledger.ack(bill.id, 1);
          if (name === 'disk full') {
            try {
              execFileSync('dd', ['if=/dev/zero', `of=${join(mount, 'filler')}`, 'bs=64k'], {
                stdio: 'ignore',
              });
            } catch {
              // dd stops with "No space left on device": that is the point.
            }
          }
          for (let i = 0; i < 20; i++) {
            const next = billFor('till-1');
            const started = performance.now();
            const answer = await requestJson(relay.url, 'PUT', `/api/v1/bills/${next.id}`, {
              body: next,
            });
            ledger.latencies.push(performance.now() - started);
            if (answer.status < 300) ledger.ack(next.id, 1);
            else {
              expect(answer.status).toBe(503);
              expect(answer.body.error.code).toBe('storage_unavailable');
              refused += 1;
            }
          }
          const health = await healthOf(relay);
          if (health.status === 'degraded' && health.storage.state !== 'ok') degraded += 1;
          rmSync(join(mount, 'filler'), { force: true });
          const after = billFor('till-1');
          const healed = await requestJson(relay.url, 'PUT', `/api/v1/bills/${after.id}`, {
            body: after,
          });
          expect(healed.status).toBe(201);
          ledger.ack(after.id, 1);
          // A snapshot that failed on the full disk is retried on its own schedule: wait for it.
          let state = (await healthOf(relay)).storage.state;
          for (let i = 0; i < 100 && state !== 'ok'; i++) {
            await new Promise((resolve) => setTimeout(resolve, 100));
            state = (await healthOf(relay)).storage.state;
          }
          expect(state).toBe('ok');
        }
        await relay.kill('SIGKILL');
        relay = await startRelay(baseEnv(dataDir));
        const result = await audit(relay, ledger);
        report({
          drill: name,
          what,
          times,
          acknowledged: ledger.acked.size,
          ...result,
          p99Ms: ledger.p99(),
          note: `${refused} writes answered 503 storage_unavailable; health degraded in ${degraded} of ${times}`,
        });
        expect(result).toEqual({ lost: 0, stale: 0, duplicated: 0 });
        expect(degraded).toBe(times);
      } finally {
        await relay.kill('SIGKILL');
        execFileSync('umount', ['-l', mount]);
      }
    });
  },
);
