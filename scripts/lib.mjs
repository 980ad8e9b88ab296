// Helpers shared by the root commands (npm start, npm test, npm run build, npm run bench).
// They need nothing but Node.js (20.19 or newer) and npm: pnpm and Node 24, which builds, tests
// and runs the relay, come from the npm registry (Node 24 as the root devDependency `node`).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const PNPM_VERSION = '12.4.2';

/** Runs a command with inherited output; throws when it fails so the caller exits non-zero. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  }
}

let pnpmCommand;
/** The pinned pnpm: a global one of the same version when present, else through npx. */
function pnpmInvocation() {
  if (!pnpmCommand) {
    const global = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
    pnpmCommand =
      global.status === 0 && global.stdout.trim() === PNPM_VERSION
        ? ['pnpm']
        : ['npx', '--yes', `pnpm@${PNPM_VERSION}`];
  }
  return pnpmCommand;
}

export function pnpm(args, options) {
  const [command, ...prefix] = pnpmInvocation();
  run(command, [...prefix, ...args], options);
}

/** The project's Node 24 binary, installed by the root devDependency `node`. */
export const nodeBin = join(root, 'node_modules', 'node', 'bin', 'node');

/**
 * Installs exactly what the lockfile says (fast when everything is already there), then puts
 * the project's Node 24 first on PATH, so pnpm, its scripts, vitest, the build and the relay all
 * run under it whatever Node started this command.
 */
export function ensureInstalled() {
  step('install', () => pnpm(['install', '--frozen-lockfile', '--reporter=append-only']));
  if (!existsSync(nodeBin)) throw new Error(`Node 24 is missing at ${nodeBin} after install.`);
  useProjectNode();
}

/** Puts the project's Node 24 (when installed) first on PATH for every child process. */
export function useProjectNode() {
  if (existsSync(nodeBin)) {
    process.env.PATH = `${dirname(nodeBin)}${delimiter}${process.env.PATH ?? ''}`;
  }
}

export function build() {
  step('build', () => pnpm(['-r', '--workspace-concurrency=1', 'build']));
}

const timings = [];
/** Runs one named step, printing how long it took. */
export function step(name, fn) {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  try {
    return fn();
  } finally {
    const seconds = (Date.now() - started) / 1000;
    timings.push([name, seconds]);
    console.log(`◀ ${name} (${seconds.toFixed(1)} s)`);
  }
}

export function printTimings() {
  console.log('\nStep timings:');
  for (const [name, seconds] of timings)
    console.log(`  ${name.padEnd(22)} ${seconds.toFixed(1)} s`);
}

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Browser tests use Debian's Chromium; install it when absent (CI runs as root, no stdin). */
export function ensureChromium() {
  if (existsSync(chromiumPath)) return;
  step('install chromium', () => {
    if (process.getuid?.() !== 0) {
      throw new Error(
        `Chromium is missing at ${chromiumPath}. Install it (apt-get install chromium) or set CHROMIUM_PATH.`,
      );
    }
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-qq'], { env });
    run('apt-get', ['install', '-y', '-qq', 'chromium'], { env });
  });
}

/** Starts a long-running child that receives our SIGINT/SIGTERM and whose exit code we share. */
export function runForeground(command, args, options = {}) {
  const child = spawn(command, args, { stdio: 'inherit', cwd: root, ...options });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
