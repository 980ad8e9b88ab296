import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logging/logger.js';

function collecting(repeatWindowMs: number) {
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', write: (line) => lines.push(line), repeatWindowMs });
  return { logger, lines };
}

describe('repeated log lines', () => {
  it('are counted and written once per window, with the last fields', async () => {
    const { logger, lines } = collecting(80);
    for (let i = 0; i < 500; i++) logger.error('request failed', { status: 503, attempt: i });
    logger.warn('snapshot failed', { reason: 'disk_full' });
    logger.warn('snapshot failed', { reason: 'disk_full' });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/error request failed status=503 attempt=0$/);
    await sleep(200);
    expect(lines).toHaveLength(4);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /request failed \(repeated 499 more times in 0 s\) status=503 attempt=499/,
      ),
    );
    expect(lines).toContainEqual(expect.stringMatching(/snapshot failed \(repeated 1 more times/));
    // A new window starts with the line written in full again.
    logger.error('request failed', { status: 503 });
    expect(lines).toHaveLength(5);
  });

  it('never hold back different messages or a line seen once', async () => {
    const { logger, lines } = collecting(50);
    logger.info('listening on http://127.0.0.1:1');
    logger.info('bills accepted');
    logger.warn('bills accepted');
    expect(lines).toHaveLength(3);
    await sleep(120);
    expect(lines).toHaveLength(3);
  });

  it('are all written when the window is 0', () => {
    const { logger, lines } = collecting(0);
    for (let i = 0; i < 5; i++) logger.error('same');
    expect(lines).toHaveLength(5);
  });
});
