// JSON body parsing with a size limit. Parses whatever the Content-Type says: a till that forgets
// the header still gets a precise answer about its JSON rather than "body missing". Parse and size
// errors go to the final error handler, which answers 400 or 413 in the API's shape.
import type { IncomingMessage } from 'node:http';
import express, { type RequestHandler } from 'express';

const emptyBodies = new WeakSet<IncomingMessage>();

export function jsonBody(limitBytes: number): RequestHandler[] {
  const parse = express.json({
    limit: limitBytes,
    strict: false,
    type: () => true,
    verify: (req, _res, buffer) => {
      if (buffer.length === 0) emptyBodies.add(req);
    },
  });
  // body-parser turns an empty body into {}; the API says "nothing was sent" instead.
  const emptyIsNothing: RequestHandler = (req, _res, next) => {
    if (emptyBodies.has(req)) req.body = undefined;
    next();
  };
  return [parse, emptyIsNothing];
}
