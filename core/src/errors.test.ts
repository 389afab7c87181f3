import { describe, expect, it } from 'vitest';
import { CoreError, formIssues } from './errors';

describe('formIssues', () => {
  it('gives the field issues of a refusal, each beside its field', () => {
    const refused = new CoreError('invalid_input', 'Invalid', [{ field: 'quantity', message: 'must be positive' }]);
    expect(formIssues(refused)).toEqual([{ field: 'quantity', message: 'must be positive' }]);
  });

  it('turns an error naming no field, or any thrown value, into one issue of the form', () => {
    expect(formIssues(new CoreError('conflict', 'Already signed in'))).toEqual([{ field: 'form', message: 'Already signed in' }]);
    expect(formIssues(new Error('network down'))).toEqual([{ field: 'form', message: 'network down' }]);
    expect(formIssues('odd', '')).toEqual([{ field: '', message: 'odd' }]);
  });
});
