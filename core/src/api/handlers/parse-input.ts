import type { z } from 'zod';
import { CoreError } from '../../errors';
import { fieldIssues } from '../../model/transaction-schema';

/** The input, checked by `schema`; else a CoreError naming `what` and each wrong field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issues = fieldIssues(result.error);
    throw new CoreError('invalid_input', `${what} refused: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues);
  }
  return result.data;
}
