// The logger the storage engine writes to; main.ts passes its own, tests a silent or recording one.

export interface StorageLogger {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export const silentLogger: StorageLogger = {
  info() {},
  warn() {},
  error() {},
};
