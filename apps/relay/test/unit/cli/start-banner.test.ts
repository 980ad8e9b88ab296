import { describe, expect, it } from 'vitest';
import { startBanner } from '../../../src/cli/start-banner.js';

const now = new Date('2026-11-27T15:00:00Z');
const code = { code: 'ABCD-EFGH', expiresAt: new Date('2026-11-27T15:15:00Z') };

describe('startBanner', () => {
  it('shows the URL, the code with its lifetime and how to pair, on the relay PC', () => {
    const text = startBanner(
      { url: 'http://localhost:8080', port: 8080, scheme: 'http', host: '127.0.0.1', code, now },
      ['192.168.1.20'],
    );
    expect(text).toContain('Till app on this computer:  http://localhost:8080');
    expect(text).toContain('Pairing code:  ABCD-EFGH   (works once, for 15 minutes)');
    expect(text).toContain('curl -X POST http://localhost:8080/api/v1/pair');
    expect(text).toContain('main.js pair');
    expect(text).not.toContain('192.168.1.20'); // listening on loopback only
  });

  it('lists LAN addresses when listening everywhere, with the HTTPS hint over plain HTTP', () => {
    const text = startBanner(
      { url: 'http://localhost:8080', port: 8080, scheme: 'http', host: '0.0.0.0', code, now },
      ['192.168.1.20'],
    );
    expect(text).toContain('Till app on tablets:        http://192.168.1.20:8080');
    expect(text).toContain('make-cert --host 192.168.1.20');
    const https = startBanner(
      { url: 'https://localhost:8443', port: 8443, scheme: 'https', host: '0.0.0.0', code, now },
      ['192.168.1.20'],
    );
    expect(https).not.toContain('make-cert');
  });
});
