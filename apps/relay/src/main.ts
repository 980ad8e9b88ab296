// Entry point of the relay: `node apps/relay/dist/main.js [command]`. See cli/help.ts.
// Kept small: it loads only the command asked for (each a chunk of its own), so `verify` does not
// load the HTTP stack and a Node too old for the relay is told so before anything else loads.
import { EXIT_BAD_CONFIG, UsageError } from './cli/args.js';
import { MAIN_HELP } from './cli/help.js';
import { dataDirOf, readEnvironment } from './config-source.js';

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
      {
        // The journal and daily_shifts.json are read and checked in a worker thread while the
        // configuration and the HTTP stack load here: a restart with 100,000 bills does both at
        // once. serve() checks that the configuration names the same DATA_DIR.
        const read = readEnvironment(process.cwd(), process.env);
        const { startReadAhead } = await import('./storage/read-ahead.js');
        const readAhead = startReadAhead(dataDirOf(read.env, process.cwd()));
        const environment = (await import('./cli/environment.js')).loadEnvironmentOrExit(read);
        await (await import('./cli/serve.js')).serve(environment, readAhead);
      }
      return undefined; // keeps running until a signal
    case 'pair':
      await (await import('./cli/pair-command.js')).pairCommand(args);
      return 0;
    case 'make-cert':
      (await import('./cli/make-cert-command.js')).makeCertCommand(args);
      return 0;
    case 'verify':
      return (await import('./cli/storage-commands.js')).verifyCommand(args);
    case 'restore':
      return (await import('./cli/storage-commands.js')).restoreCommand(args);
    case 'recover-from-dynamodb':
      return (await import('./cli/recover-command.js')).recoverFromDynamoCommand(args);
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
