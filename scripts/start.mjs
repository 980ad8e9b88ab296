// npm start: install what is missing, build, then run the relay serving the till app.
import { build, ensureInstalled, nodeBin, runForeground } from './lib.mjs';

ensureInstalled();
build();
runForeground(nodeBin, ['apps/relay/dist/main.js', ...process.argv.slice(2)]);
