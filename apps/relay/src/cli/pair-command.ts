// `node dist/main.js pair`: prints a fresh pairing code that the running relay accepts.
//
// How: the code's hash goes into DATA_DIR/pairing-codes/ (the same folder the relay writes its
// own codes to), and the relay looks there on every pairing attempt. So it works whether or not
// the relay is running, needs no ADMIN_TOKEN and no network; whoever can run it can already read
// DATA_DIR, i.e. every bill, so it grants nothing new. Remote admins use
// POST /api/v1/admin/pairing-codes with ADMIN_TOKEN instead.
import { join } from 'node:path';
import { FilePairingCodeRepository, PAIRING_CODES_DIR } from '../auth/pairing-codes.js';
import { FileTillRepository, TILLS_FILE } from '../auth/file-till-repository.js';
import { secureRandomBytes } from '../auth/secrets.js';
import { PairingService } from '../services/pairing-service.js';
import { parseOptions } from './args.js';
import { loadEnvironmentOrExit } from './environment.js';

export const PAIR_HELP = `Usage: node apps/relay/dist/main.js pair

Prints a one-time pairing code (valid 15 minutes) for a new till. The running relay accepts it
at once: the code's hash is written to DATA_DIR/pairing-codes/, where the relay looks on every
pairing attempt. Run it with the same DATA_DIR (environment or .env) as the relay.`;

export async function pairCommand(args: string[]): Promise<void> {
  const { values } = parseOptions(args, {});
  if (values.help) return console.log(PAIR_HELP);
  const { config } = loadEnvironmentOrExit();
  const now = () => new Date();
  const codes = new FilePairingCodeRepository(join(config.dataDir, PAIRING_CODES_DIR));
  await codes.removeExpired(now());
  const pairing = new PairingService({
    // Issuing a code never touches tills; the repository is here to satisfy the service.
    tills: await FileTillRepository.open(join(config.dataDir, TILLS_FILE)),
    codes,
    now,
    random: secureRandomBytes,
  });
  const { code, expiresAt } = await pairing.issueCode();
  console.log(`Pairing code: ${code}`);
  console.log(`Valid once, until ${expiresAt.toISOString()}. Type it in the till app to pair it.`);
}
