// One line per event, clear text: `<time> <level> <message> key=value ...`. Lines are read by
// people at the shop's PC and by grep, so no JSON nesting. Never pass tokens or request headers
// as fields: nothing here can tell a secret from a value.
//
// The one logger interface of the relay: HTTP, storage, the sync (and its worker, whose lines
// reach this logger as messages), the embedded DynamoDB and the CLI all write to it.

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  level: LogLevel;
  now?: () => Date;
  /** Where lines go; defaults to stdout (debug/info) and stderr (warn/error). */
  write?: (line: string, level: LogLevel) => void;
  /**
   * A line with the same level and message as one written less than this long ago is counted,
   * not written; when the window ends one line says how many there were (with the last
   * fields). Under a full disk every refused request and every failed snapshot would otherwise
   * write its own line and bury the first, useful one. 0 writes every line.
   */
  repeatWindowMs?: number;
}

export const REPEAT_WINDOW_MS = 10_000;

interface Repeats {
  count: number;
  fields: LogFields | undefined;
  timer: NodeJS.Timeout;
}

export function createLogger({
  level,
  now = () => new Date(),
  write,
  repeatWindowMs = REPEAT_WINDOW_MS,
}: LoggerOptions): Logger {
  const emit =
    write ??
    ((line: string, lineLevel: LogLevel) =>
      (RANK[lineLevel] >= RANK.warn ? process.stderr : process.stdout).write(`${line}\n`));
  const open = new Map<string, Repeats>();
  const closeWindow = (key: string, lineLevel: LogLevel, message: string) => {
    const repeats = open.get(key);
    open.delete(key);
    if (!repeats || repeats.count === 0) return;
    const seconds = Math.round(repeatWindowMs / 1000);
    const summary = `${message} (repeated ${repeats.count} more times in ${seconds} s)`;
    emit(formatLine(now(), lineLevel, summary, repeats.fields), lineLevel);
  };
  const log = (lineLevel: LogLevel) => (message: string, fields?: LogFields) => {
    if (RANK[lineLevel] < RANK[level]) return;
    if (repeatWindowMs > 0) {
      const key = `${lineLevel} ${message}`;
      const repeats = open.get(key);
      if (repeats) {
        repeats.count += 1;
        repeats.fields = fields;
        return;
      }
      const timer = setTimeout(() => closeWindow(key, lineLevel, message), repeatWindowMs);
      timer.unref();
      open.set(key, { count: 0, fields, timer });
    }
    emit(formatLine(now(), lineLevel, message, fields), lineLevel);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

export function formatLine(time: Date, level: LogLevel, message: string, fields?: LogFields) {
  let line = `${time.toISOString()} ${level.padEnd(5)} ${oneLine(message)}`;
  for (const [key, value] of Object.entries(fields ?? {})) {
    if (value === undefined) continue;
    line += ` ${key}=${formatValue(value)}`;
  }
  return line;
}

function formatValue(value: unknown): string {
  if (value instanceof Error) return formatValue(`${value.name}: ${value.message}`);
  if (typeof value === 'object' && value !== null) return formatValue(JSON.stringify(value));
  if (typeof value !== 'string') return String(value);
  // Quote anything a reader could split wrongly; JSON quoting also escapes control characters.
  return /^[\w.:/@+-]+$/.test(value) ? value : JSON.stringify(value.slice(0, 200));
}

/** Messages stay on one line whatever they contain (a hostile id, an error with newlines). */
function oneLine(message: string): string {
  return message.replace(/[\r\n]+/g, ' ').replace(/\p{Cc}/gu, '?');
}

/** Writes nothing: the default of library-style entry points (storage tools, tests). */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

/** A logger that keeps lines in memory, for tests. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  // Every line kept: tests look for each one.
  const logger = createLogger({
    level: 'debug',
    write: (line) => lines.push(line),
    repeatWindowMs: 0,
  });
  return Object.assign(logger, { lines });
}
