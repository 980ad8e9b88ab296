// Sub-command arguments, with node's own parser. Unknown options are errors, not ignored.
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Exit code of a command used wrongly or a configuration that does not hold. */
export const EXIT_BAD_CONFIG = 2;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
) {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
