// Helpers shared by the root commands (npm start, npm test, npm run build, npm run bench).
// They need nothing but Node.js 20 and npm: pnpm itself comes from the npm registry.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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

/** Installs exactly what the lockfile says; fast when everything is already there. */
export function ensureInstalled() {
  step('install', () => pnpm(['install', '--frozen-lockfile', '--reporter=append-only']));
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
