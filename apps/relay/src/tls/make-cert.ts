// A local certificate authority and a server certificate for the relay, made with the openssl
// command-line tool. Why openssl: it ships with Debian, Raspberry Pi OS, macOS and Git for
// Windows, it is what every "install a CA on a tablet" guide assumes, and it keeps the relay free
// of a crypto dependency; its output can be inspected with the same tool (`openssl x509 -text`).
//
// Tablets trust the CA once (installed by hand); the server certificate can then be re-made for
// a new IP or name at any time without touching the tablets again.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Apple refuses TLS server certificates valid for more than 825 days; stay under it. */
export const SERVER_CERT_DAYS = 800;
/** The CA is installed by hand on every tablet: make it last. */
export const CA_DAYS = 3650;

export interface CertificateFiles {
  caCert: string;
  caKey: string;
  cert: string;
  key: string;
  /** False when an existing CA in the folder was reused. */
  createdCa: boolean;
  /** Every name and address the server certificate is valid for. */
  names: string[];
}

export class MakeCertError extends Error {
  override readonly name = 'MakeCertError';
}

const DNS_NAME = /^(?=.{1,253}$)(?!-)[A-Za-z0-9-]{1,63}(?<!-)(?:\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*$/;

/** The certificate's names: those asked for, plus localhost and 127.0.0.1 for the relay's own PC. */
export function certificateNames(hosts: readonly string[]): string[] {
  const names: string[] = [];
  for (const host of [...hosts, 'localhost', '127.0.0.1']) {
    const name = host.trim().toLowerCase();
    if (isIP(name) === 0 && !DNS_NAME.test(name)) {
      throw new MakeCertError(
        `--host ${JSON.stringify(host)} is neither an IP address nor a host name`,
      );
    }
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

export function opensslAvailable(openssl = 'openssl'): boolean {
  try {
    execFileSync(openssl, ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function makeCertificates(
  hosts: readonly string[],
  outDir: string,
  openssl = 'openssl',
): CertificateFiles {
  if (hosts.length === 0)
    throw new MakeCertError('Give at least one --host (the relay LAN IP or name)');
  const names = certificateNames(hosts);
  if (!opensslAvailable(openssl)) {
    throw new MakeCertError(
      'The openssl command is missing. Install it (Debian/Ubuntu: apt-get install openssl; ' +
        'Windows: it comes with Git for Windows) and run make-cert again.',
    );
  }
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const files = {
    caCert: join(dir, 'ca.crt'),
    caKey: join(dir, 'ca.key'),
    cert: join(dir, 'relay.crt'),
    key: join(dir, 'relay.key'),
  };
  const work = mkdtempSync(join(tmpdir(), 'caja-cert-'));
  const run = (args: string[]) => {
    try {
      execFileSync(openssl, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim();
      throw new MakeCertError(
        `openssl ${args[0]} failed: ${stderr.split('\n')[0] ?? 'unknown error'}`,
      );
    }
  };
  try {
    const config = join(work, 'openssl.cnf');
    writeFileSync(config, opensslConfig(names));
    const haveCa = existsSync(files.caCert) && existsSync(files.caKey);
    if (!haveCa) {
      const day = new Date().toISOString().slice(0, 10);
      const caName = `Caja local CA ${hostname()
        .replace(/[^A-Za-z0-9.-]/g, '')
        .slice(0, 30)} ${day}`;
      run([
        'req',
        '-x509',
        '-new',
        '-config',
        config,
        '-extensions',
        'ca_ext',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-sha256',
        '-days',
        String(CA_DAYS),
        '-subj',
        `/O=Caja/CN=${caName}`,
        '-keyout',
        files.caKey,
        '-out',
        files.caCert,
      ]);
      chmodSync(files.caKey, 0o600);
    }
    const csr = join(work, 'relay.csr');
    run([
      'req',
      '-new',
      '-config',
      config,
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-sha256',
      '-subj',
      `/O=Caja/CN=${names[0]}`,
      '-keyout',
      files.key,
      '-out',
      csr,
    ]);
    chmodSync(files.key, 0o600);
    // A random positive serial: two certificates of one CA must never share a serial.
    const serial = Buffer.from(randomBytes(16));
    serial[0] = serial[0]! & 0x7f;
    run([
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      files.caCert,
      '-CAkey',
      files.caKey,
      '-set_serial',
      `0x${serial.toString('hex')}`,
      '-sha256',
      '-days',
      String(SERVER_CERT_DAYS),
      '-extfile',
      config,
      '-extensions',
      'server_ext',
      '-out',
      files.cert,
    ]);
    return { ...files, createdCa: !haveCa, names };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function opensslConfig(names: readonly string[]): string {
  let dns = 0;
  let ip = 0;
  const alt = names.map((name) => (isIP(name) ? `IP.${++ip} = ${name}` : `DNS.${++dns} = ${name}`));
  return [
    '[req]',
    'distinguished_name = dn',
    'prompt = no',
    '[dn]',
    'CN = caja',
    '[ca_ext]',
    'basicConstraints = critical, CA:TRUE, pathlen:0',
    'keyUsage = critical, keyCertSign, cRLSign',
    'subjectKeyIdentifier = hash',
    '[server_ext]',
    'basicConstraints = critical, CA:FALSE',
    'keyUsage = critical, digitalSignature',
    'extendedKeyUsage = serverAuth',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid, issuer',
    'subjectAltName = @alt',
    '[alt]',
    ...alt,
    '',
  ].join('\n');
}
