// Entry point of the relay: `node apps/relay/dist/main.js [command]`. See cli/help.ts.
import { UsageError } from './cli/args.js';
import { EXIT_BAD_CONFIG } from './cli/environment.js';
import { MAIN_HELP } from './cli/help.js';
import { makeCertCommand } from './cli/make-cert-command.js';
import { pairCommand } from './cli/pair-command.js';
import { recoverFromDynamoCommand } from './cli/recover-command.js';
import { serve } from './cli/serve.js';
import { restoreCommand, verifyCommand } from './cli/storage-commands.js';

const MINIMUM_NODE_MAJOR = 22;

async function main(argv: string[]): Promise<number | undefined> {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < MINIMUM_NODE_MAJOR) {
    console.error(
      `The relay needs Node.js ${MINIMUM_NODE_MAJOR} or newer (24 LTS recommended); this is ${process.version}. Install Node.js 24, or run it with npm start, which brings Node 24 along.`,
    );
    return 1;
  }
  const [command, ...args] = argv;
  switch (command) {
    case undefined:
    case 'serve':
      if (args.includes('--help') || args.includes('-h')) break;
      await serve();
      return undefined; // keeps running until a signal
    case 'pair':
      await pairCommand(args);
      return 0;
    case 'make-cert':
      makeCertCommand(args);
      return 0;
    case 'verify':
      return verifyCommand(args);
    case 'restore':
      return restoreCommand(args);
    case 'recover-from-dynamodb':
      return recoverFromDynamoCommand(args);
    case '--help':
    case '-h':
    case 'help':
      break;
    default:
      throw new UsageError(`Unknown command ${JSON.stringify(command)}. See --help.`);
  }
  console.log(MAIN_HELP);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(error.message);
      process.exitCode = EXIT_BAD_CONFIG;
      return;
    }
    console.error(`Failed: ${(error as Error).message ?? String(error)}`);
    process.exitCode = 1;
  },
);
