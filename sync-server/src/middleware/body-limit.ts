import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { HttpError } from '../http-error';

/**
 * Refuses a request body over `maxBytes` with a 413 `payload_too_large` and `message`.
 *
 * The same rule as Hono's `bodyLimit`, without its cost on the usual request: a body with a
 * Content-Length (and no Transfer-Encoding) is judged by that header alone, as Hono does, but
 * read through `c.req.header` so the Node adapter does not build a web `Request` and a stream
 * for every request (it then reads the body straight from the socket). A chunked body, whose
 * size is known only by reading it, goes through Hono's `bodyLimit`, which counts as it reads.
 */
export function limitBody(maxBytes: number, message: string) {
  const refuse = (): never => {
    throw new HttpError(413, 'payload_too_large', message);
  };
  const streaming = bodyLimit({ maxSize: maxBytes, onError: refuse });
  return createMiddleware<AppEnv>(async (c, next) => {
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number.parseInt(length, 10) > maxBytes) refuse();
      return next();
    }
    return streaming(c, next);
  });
}
