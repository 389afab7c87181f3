import type { Context } from 'hono';
import type { z } from 'zod';
import { HttpError } from './http-error';

/**
 * Reads and validates a JSON body: malformed JSON is a 400 `invalid_json`, a body that does
 * not match the schema a 422 `invalid_input` with one issue per field.
 */
export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new HttpError(400, 'invalid_json', 'The request body is not valid JSON');
  }
  const result = schema.safeParse(body);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.message }));
    throw new HttpError(422, 'invalid_input', `Invalid request: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues);
  }
  return result.data;
}
