// Why a call to the relay failed, in terms the till can act on.
export type RelayErrorKind =
  /** No answer: offline, relay down, DNS, TLS, timeout. Retry later. */
  | 'network'
  /** 401: the token is unknown or revoked; the till must pair again. */
  | 'unauthorized'
  /** Any other non-2xx answer; `status` and `code` say which. */
  | 'http'
  /** A 2xx answer whose body is not what the contract promises. */
  | 'bad_response';

export class RelayError extends Error {
  constructor(
    readonly kind: RelayErrorKind,
    message: string,
    readonly status = 0,
    readonly code: string = kind,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'RelayError';
  }
}

/** The API's error body, `{error: {code, message, field}}`, or a stand-in when absent. */
export async function errorFromResponse(response: Response): Promise<RelayError> {
  let code = `http_${response.status}`;
  let message = `The relay answered ${response.status} ${response.statusText}`.trim();
  let field: string | undefined;
  try {
    const body = (await response.json()) as {
      error?: { code?: unknown; message?: unknown; field?: unknown };
    };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string') message = body.error.message;
    if (typeof body.error?.field === 'string') field = body.error.field;
  } catch {
    // Not JSON (a proxy's HTML page): keep the status line.
  }
  const kind = response.status === 401 ? 'unauthorized' : 'http';
  return new RelayError(kind, message, response.status, code, field);
}
