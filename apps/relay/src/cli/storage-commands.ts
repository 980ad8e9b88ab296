// `verify` and `restore`: the storage engine's checks and point-in-time restore from the CLI.
import { parseOptions, UsageError } from './args.js';

export const VERIFY_HELP = `Usage: node apps/relay/dist/main.js verify

Checks daily_shifts.json (checksum, totals) and the journal in DATA_DIR. Exit 0 when sound,
1 when damage was found (the report says what and which backup to use).`;

export const RESTORE_HELP = `Usage: node apps/relay/dist/main.js restore --at <ISO-8601 instant> --out <new folder>

Rebuilds the store as it was at the given instant (from snapshots, backups and the journal) into
a new folder, leaving DATA_DIR untouched. Start a relay with DATA_DIR=<that folder> to use it.`;

export async function verifyCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {});
  if (values.help) {
    console.log(VERIFY_HELP);
    return 0;
  }
  throw new UsageError('verify is not available in this build yet (storage engine pending)');
}

export async function restoreCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { at: { type: 'string' }, out: { type: 'string' } });
  if (values.help) {
    console.log(RESTORE_HELP);
    return 0;
  }
  throw new UsageError('restore is not available in this build yet (storage engine pending)');
}
