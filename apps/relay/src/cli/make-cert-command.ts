// `node dist/main.js make-cert --host <name-or-ip> [--host ...] [--out dir]`.
import { relative, resolve } from 'node:path';
import { variables } from '../config.js';
import { readEnvironment } from '../config-source.js';
import { makeCertificates, MakeCertError, SERVER_CERT_DAYS } from '../tls/make-cert.js';
import { parseOptions, UsageError } from './args.js';

export const MAKE_CERT_HELP = `Usage: node apps/relay/dist/main.js make-cert --host <LAN name or IP> [--host ...] [--out dir]

Makes a local certificate authority (once; reused on later runs) and a certificate for the relay
valid for the given names/addresses plus localhost and 127.0.0.1, with the openssl tool.
  --host  the relay's address as tablets reach it, e.g. 192.168.1.20 or caja.local (repeatable)
  --out   folder for ca.crt, ca.key, relay.crt, relay.key (default: $DATA_DIR/tls, else ./data/tls)
Then set TLS_CERT and TLS_KEY (printed) and install ca.crt on each tablet (instructions printed).`;

export function makeCertCommand(args: string[]): void {
  const { values } = parseOptions(args, {
    host: { type: 'string', multiple: true },
    out: { type: 'string' },
  });
  if (values.help) return console.log(MAKE_CERT_HELP);
  const hosts = (values.host ?? []).flatMap((host) => host.split(','));
  if (hosts.length === 0) throw new UsageError('make-cert needs --host <the relay LAN IP or name>');
  // Only DATA_DIR matters here, and the rest of the configuration may not be valid yet (TLS_CERT
  // can point at the files this command is about to make), so no full validation.
  const { env } = readEnvironment(process.cwd(), process.env);
  const outDir = resolve(values.out ?? resolve(variables.DATA_DIR.parse(env.DATA_DIR), 'tls'));
  let files;
  try {
    files = makeCertificates(hosts, outDir);
  } catch (error) {
    if (error instanceof MakeCertError) throw new UsageError(error.message);
    throw error;
  }
  const shown = (path: string) => {
    const rel = relative(process.cwd(), path);
    return rel.startsWith('..') ? path : `./${rel}`;
  };
  const host = files.names[0];
  console.log(
    [
      files.createdCa
        ? `Made a new certificate authority: ${shown(files.caCert)} (its key ${shown(files.caKey)} never leaves this folder).`
        : `Reused the certificate authority in ${shown(files.caCert)}: tablets that trust it need nothing new.`,
      `Made the relay certificate for ${files.names.join(', ')}, valid ${SERVER_CERT_DAYS} days.`,
      '',
      '1. Add these lines to the relay environment (or .env) and restart it:',
      `     TLS_CERT=${files.cert}`,
      `     TLS_KEY=${files.key}`,
      '',
      '2. Install the certificate authority on each tablet, once.',
      `   The restarted relay offers it at https://${host}:<port>/ca.crt (accept the warning that one`,
      '   time), or copy ca.crt to the tablet by USB, e-mail or AirDrop.',
      '   Android: Settings > Security > Encryption & credentials > Install a certificate >',
      '            CA certificate > choose ca.crt.',
      '   iPad:    open ca.crt, tap Allow; Settings > Profile Downloaded > Install; then',
      '            Settings > General > About > Certificate Trust Settings > turn on "Caja local CA".',
      '',
      `3. Open the till app at https://${host}:<port> on the tablet.`,
      '   Re-run make-cert when the relay address changes: tablets keep trusting the same CA.',
    ].join('\n'),
  );
}
