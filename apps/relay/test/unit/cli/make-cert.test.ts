import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  certificateNames,
  makeCertificates,
  MakeCertError,
  SERVER_CERT_DAYS,
} from '../../../src/tls/make-cert.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'caja-cert-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const read = (path: string) => new X509Certificate(readFileSync(path));
const DAY_MS = 86_400_000;

describe('makeCertificates', () => {
  it('makes a CA and a server certificate it signed, for the LAN address, localhost and 127.0.0.1', () => {
    const files = makeCertificates(['192.168.1.20', 'caja.local'], dir);
    expect(files.createdCa).toBe(true);
    const ca = read(files.caCert);
    const cert = read(files.cert);
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.subjectAltName).toBe(
      'IP Address:192.168.1.20, DNS:caja.local, DNS:localhost, IP Address:127.0.0.1',
    );
    expect(cert.keyUsage).toContain('1.3.6.1.5.5.7.3.1'); // serverAuth
    expect(cert.checkHost('caja.local')).toBe('caja.local');
    expect(cert.checkIP('192.168.1.20')).toBe('192.168.1.20');
    const lifetimeDays = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / DAY_MS;
    expect(lifetimeDays).toBe(SERVER_CERT_DAYS);
    expect(lifetimeDays).toBeLessThanOrEqual(825); // Apple's limit for TLS server certificates
    // The key matches the certificate, and private keys are readable by the owner only.
    expect(cert.checkPrivateKey(createPrivateKey(readFileSync(files.key)))).toBe(true);
    expect(statSync(files.key).mode & 0o077).toBe(0);
    expect(statSync(files.caKey).mode & 0o077).toBe(0);
  });

  it('reuses the CA on a second run, so tablets need nothing new', () => {
    const first = makeCertificates(['192.168.1.20'], dir);
    const caBefore = read(first.caCert).fingerprint256;
    const certBefore = read(first.cert).serialNumber;
    const second = makeCertificates(['192.168.1.21'], dir);
    expect(second.createdCa).toBe(false);
    expect(read(second.caCert).fingerprint256).toBe(caBefore);
    expect(read(second.cert).serialNumber).not.toBe(certBefore);
    expect(read(second.cert).checkIssued(read(second.caCert))).toBe(true);
    expect(read(second.cert).checkIP('192.168.1.21')).toBe('192.168.1.21');
  });

  it('refuses names that are neither an address nor a host name', () => {
    expect(() => certificateNames(['bad name'])).toThrow(MakeCertError);
    expect(() => certificateNames(['/CN=evil'])).toThrow(MakeCertError);
    expect(() => makeCertificates([], dir)).toThrow(/--host/);
    expect(certificateNames(['LOCALHOST', '10.0.0.2'])).toEqual([
      'localhost',
      '10.0.0.2',
      '127.0.0.1',
    ]);
  });

  it('says how to get openssl when it is missing', () => {
    expect(() => makeCertificates(['10.0.0.2'], dir, '/nonexistent/openssl')).toThrow(
      /openssl command is missing/,
    );
  });
});
