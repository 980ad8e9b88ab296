// The sync's last error, as the cause an owner can act on.
import type { OfficeKey } from './messages.js';

export function syncCause(lastError: string | null): OfficeKey | null {
  if (!lastError) return null;
  if (
    /credential|security token|signature|access ?denied|unrecognizedclient|not authorized/i.test(
      lastError,
    )
  )
    return 'now.cause.credentials';
  if (
    /ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|network|socket|timeout/i.test(lastError)
  )
    return 'now.cause.network';
  return 'now.cause.dynamodb';
}
