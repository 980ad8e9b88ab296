// Read-only disk on the built relay: the relay runs unchanged under a preload
// (read-only-disk.mjs) that makes every write under DATA_DIR fail with EROFS while a trigger
// file exists, as a file system remounted read-only does. Tills keep uploading throughout.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { baseEnv, requestJson, sleep, startRelay, tempDir } from '../relay-process.js';
import { audit, billFor, Ledger, report, scale, startLoad } from './drill-kit.js';

const PRELOAD = fileURLToPath(new URL('./read-only-disk.mjs', import.meta.url));

interface Health {
  status: string;
  storage: { state: string; reason?: string };
}
const healthOf = async (url: string) =>
  (await requestJson(url, 'GET', '/api/v1/health', { token: null })).body as Health;

async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('drill: read-only disk', () => {
  it('answers 503 storage_unavailable with Retry-After, degrades, loses nothing, recovers', async () => {
    const times = scale(1, 5);
    const dataDir = tempDir('caja-drill-ro-');
    const trigger = join(tempDir('caja-drill-ro-trigger-'), 'read-only');
    const env = { ...baseEnv(dataDir), CAJA_READ_ONLY_TRIGGER: trigger };
    let relay = await startRelay(env, undefined, ['--import', PRELOAD]);
    const ledger = new Ledger();
    const load = startLoad(() => relay.url, 8, ledger, '127.0.0.2');
    let refused = 0;
    let degraded = 0;
    let collapsedLines = 0;
    let recoveryS = 0;
    let restarts = 0;
    try {
      for (let round = 0; round < times; round++) {
        await sleep(500);
        writeFileSync(trigger, '');
        const logBefore = relay.output().length;
        // Probes of our own, to read the status and the Retry-After of each refusal.
        for (let i = 0; i < 30; i++) {
          const bill = billFor('till-probe');
          const answer = await fetch(new URL(`/api/v1/bills/${bill.id}`, relay.url), {
            method: 'PUT',
            headers: {
              authorization: 'Bearer integration-relay-token-0123456789',
              'content-type': 'application/json',
            },
            body: JSON.stringify(bill),
          });
          const body = (await answer.json()) as { error?: { code: string } };
          if (answer.status < 300) {
            // Only possible for a write already past the disk when the trigger appeared.
            ledger.ack(bill.id, 1);
            continue;
          }
          expect(answer.status).toBe(503);
          expect(body.error?.code).toBe('storage_unavailable');
          expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
          refused += 1;
        }
        const health = await healthOf(relay.url);
        if (health.status === 'degraded' && health.storage.reason === 'read_only') degraded += 1;
        await sleep(1_000); // the tills keep hitting the read-only disk meanwhile
        // The refusals are counted, not logged one line each.
        const faultLog = relay.output().slice(logBefore).split('\n');
        collapsedLines = Math.max(collapsedLines, faultLog.filter(Boolean).length);
        if (process.env.CAJA_DRILL_SHOW_LOG) console.log(faultLog.join('\n'));
        rmSync(trigger);
        const writable = performance.now();
        // A write refused by the disk is recovered in place; a refused fsync is not (the data
        // the kernel held may be gone): the relay then says "failed, restart me", and the
        // drill restarts it, as its supervisor would.
        await waitFor('storage ok again', async () => {
          if ((await healthOf(relay.url)).storage.state === 'failed') {
            await relay.kill('SIGTERM');
            relay = await startRelay(env, undefined, ['--import', PRELOAD]);
            restarts += 1;
          }
          const after = billFor('till-probe');
          const answer = await requestJson(relay.url, 'PUT', `/api/v1/bills/${after.id}`, {
            body: after,
          });
          if (answer.status < 300) ledger.ack(after.id, 1);
          return answer.status < 300 && (await healthOf(relay.url)).storage.state === 'ok';
        });
        recoveryS = Math.max(recoveryS, (performance.now() - writable) / 1000);
      }
      await load.stop();
      await relay.kill('SIGKILL');
      relay = await startRelay(env, undefined, ['--import', PRELOAD]);
      const result = await audit(relay, ledger, '127.0.0.2');
      report({
        drill: 'read-only disk',
        what:
          'every write under DATA_DIR fails with EROFS (preload at the OS boundary of the built ' +
          'relay) for ~2 s under 8 tills, then writable again; kill -9 and restart at the end',
        times,
        acknowledged: ledger.acked.size,
        ...result,
        p99Ms: ledger.p99(),
        note:
          `${refused} probe writes answered 503 storage_unavailable with Retry-After; health ` +
          `degraded (read_only) in ${degraded} of ${times}; at most ${collapsedLines} log lines ` +
          `per fault (repeats counted); health ok again at most ${recoveryS.toFixed(1)} s after ` +
          `the disk was writable, in place in ${times - restarts} of ${times}, after a restart ` +
          `(a refused fsync) in ${restarts}`,
      });
      expect(result).toEqual({ lost: 0, stale: 0, duplicated: 0 });
      expect(refused).toBeGreaterThan(0);
      expect(degraded).toBe(times);
      expect(collapsedLines).toBeLessThan(15);
    } finally {
      await load.stop();
      await relay.kill('SIGKILL');
    }
  });
});
