// A tiny `.env` reader. The relay reads `.env` from its working directory so a shop owner can
// configure it by editing one file; real environment variables always win over the file.

/**
 * Parses `KEY=value` lines. Supports comments (#), blank lines, an optional `export ` prefix,
 * and single- or double-quoted values (double quotes understand \n, \t, \" and \\). An unquoted
 * value ends at ` #` (an inline comment). Lines that are not assignments are reported, not
 * guessed at, so a typo never silently changes the configuration.
 */
export function parseDotEnv(text: string): { values: Record<string, string>; errors: string[] } {
  const values: Record<string, string> = {};
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) {
      errors.push(`line ${index + 1} is not KEY=value: ${JSON.stringify(line.slice(0, 60))}`);
      return;
    }
    const key = match[1] ?? '';
    const rest = match[2] ?? '';
    const value = unquote(rest);
    if (value === undefined) {
      errors.push(`line ${index + 1}: the quoted value of ${key} is not closed`);
      return;
    }
    values[key] = value;
  });
  return { values, errors };
}

function unquote(rest: string): string | undefined {
  const quote = rest[0];
  if (quote === '"' || quote === "'") {
    const end = rest.indexOf(quote, 1);
    if (quote === "'") return end === -1 ? undefined : rest.slice(1, end);
    // Find the closing double quote, skipping escaped ones.
    let out = '';
    for (let i = 1; i < rest.length; i += 1) {
      const character = rest[i];
      if (character === '"') return out;
      if (character === '\\' && i + 1 < rest.length) {
        i += 1;
        const escaped = rest[i] ?? '';
        out += escaped === 'n' ? '\n' : escaped === 't' ? '\t' : escaped;
      } else out += character;
    }
    return undefined;
  }
  const comment = rest.search(/\s#/);
  return (comment === -1 ? rest : rest.slice(0, comment)).trim();
}
