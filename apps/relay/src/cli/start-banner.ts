// What a person sees when the relay starts: where the till app is and how to pair a till.
import { networkInterfaces } from 'node:os';
import type { IssuedCode } from '../services/pairing-service.js';

export interface BannerInfo {
  url: string;
  port: number;
  scheme: string;
  host: string;
  code: IssuedCode;
  /** When the banner is shown: the code's lifetime is counted from here. */
  now: Date;
}

export function printStartBanner(info: BannerInfo): void {
  console.log(startBanner(info, lanAddresses()));
}

export function startBanner(
  { url, port, scheme, host, code, now }: BannerInfo,
  lan: string[],
): string {
  const minutes = Math.round((code.expiresAt.getTime() - now.getTime()) / 60_000);
  const lines = ['', '  Caja relay is running.', '', `  Till app on this computer:  ${url}`];
  const everywhere = host === '0.0.0.0' || host === '::';
  if (everywhere && lan.length > 0) {
    lines.push(
      `  Till app on tablets:        ${lan.map((ip) => `${scheme}://${ip}:${port}`).join('  ')}`,
    );
    if (scheme === 'http') {
      // Browsers run the offline till app (service worker) only over HTTPS, or on localhost.
      lines.push(
        '  (tablets need HTTPS to work offline:',
        `   node apps/relay/dist/main.js make-cert --host ${lan[0]}, then set TLS_CERT and TLS_KEY)`,
      );
    }
  }
  lines.push(
    '',
    `  Pairing code:  ${code.code}   (works once, for ${minutes} minutes)`,
    '',
    '  To pair a till, open the till app and enter this code when it asks for one.',
    '  From a terminal instead:',
    `    curl -X POST ${url}/api/v1/pair -H 'content-type: application/json' \\`,
    `      -d '{"code":"${code.code}","tillName":"Till 1"}'`,
    '  The answer holds the till\'s token: send it as "Authorization: Bearer <token>".',
    '',
    '  Another code later (this relay keeps running):  node apps/relay/dist/main.js pair',
    '',
  );
  return lines.join('\n');
}

function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((address) => address && address.family === 'IPv4' && !address.internal)
    .map((address) => address!.address);
}
