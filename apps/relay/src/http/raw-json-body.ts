// Reads a JSON body from a plain node request, as the Express path's jsonBody() does (body-parser
// with strict: false, whatever the Content-Type says), with the same failures as body-parser's
// error types so answerForError() words them alike. Callers only bring requests whose
// Content-Encoding is identity and charset utf-8 (see canReadFast); others go through Express.
import type { IncomingMessage } from 'node:http';
import type { HttpishError } from './errors.js';

export type BodyResult = { ok: true; value: unknown } | { ok: false; error: HttpishError };

const SIMPLE_JSON_TYPE =
  /^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+(?: *; *charset=(?:utf-8|"utf-8"))? *$/i;

/** Headers this reader handles exactly like body-parser; anything else is left to Express. */
export function canReadFast(req: IncomingMessage): boolean {
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  const type = req.headers['content-type'];
  return type === undefined || SIMPLE_JSON_TYPE.test(type);
}

export function readJsonBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => new BodyReader(req, limit, resolve).start());
}

/** The state of one body being read, with its listeners bound once. */
class BodyReader {
  private chunks: Buffer[] = [];
  private received = 0;
  private settled = false;

  constructor(
    private readonly req: IncomingMessage,
    private readonly limit: number,
    private readonly resolve: (result: BodyResult) => void,
  ) {}

  start(): void {
    const declared = Number(this.req.headers['content-length']);
    // Like raw-body: a declared length over the limit fails before reading anything.
    if (declared > this.limit) return this.fail(this.tooLarge());
    this.req.on('data', this.onData);
    this.req.once('end', this.onEnd);
    this.req.once('close', this.onClose);
    this.req.once('error', this.onClose);
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.settled) return;
    this.received += chunk.length;
    if (this.received > this.limit) return this.fail(this.tooLarge());
    this.chunks.push(chunk);
  };

  private readonly onEnd = (): void => {
    if (this.settled) return;
    this.settled = true;
    this.cleanUp();
    const buffer = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    this.chunks = [];
    // body-parser turns an empty body into {}; our jsonBody() then says "nothing was sent".
    if (buffer.length === 0) return this.resolve({ ok: true, value: undefined });
    let text = buffer.toString('utf8');
    // iconv-lite (body-parser's decoder) drops a byte-order mark.
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    try {
      this.resolve({ ok: true, value: JSON.parse(text) as unknown });
    } catch (error) {
      this.resolve({
        ok: false,
        error: { type: 'entity.parse.failed', message: (error as Error).message },
      });
    }
  };

  /** The connection went away before the body ended. */
  private readonly onClose = (): void => {
    if (this.settled || this.req.complete) return;
    this.settled = true;
    this.cleanUp();
    this.resolve({ ok: false, error: { type: 'request.aborted' } });
  };

  private tooLarge(): HttpishError {
    return { type: 'entity.too.large', limit: this.limit };
  }

  /**
   * Like body-parser: read off (and drop) the rest of the body before answering, so the client
   * is not cut off mid-upload and sees the 413.
   */
  private fail(error: HttpishError): void {
    this.settled = true;
    this.cleanUp();
    this.chunks = [];
    const req = this.req;
    if (req.complete || req.destroyed) return this.resolve({ ok: false, error });
    const answer = () => this.resolve({ ok: false, error });
    req.once('end', answer);
    req.once('close', answer);
    req.resume();
  }

  private cleanUp(): void {
    this.req.off('data', this.onData);
    this.req.off('end', this.onEnd);
    this.req.off('close', this.onClose);
    this.req.off('error', this.onClose);
  }
}
