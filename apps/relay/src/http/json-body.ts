// JSON body parsing with a size limit. Parses whatever the Content-Type says: a till that forgets
// the header still gets a precise answer about its JSON rather than "body missing". Parse and size
// errors go to the final error handler, which answers 400 or 413 in the API's shape.
import express, { type RequestHandler } from 'express';

export function jsonBody(limitBytes: number): RequestHandler {
  return express.json({ limit: limitBytes, strict: false, type: () => true });
}
