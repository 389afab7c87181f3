import { describe, expect, it } from 'vitest';
import { draftsFromTargets, SUM_FIELD, validateTargetDrafts } from './target-weights';

describe('validateTargetDrafts', () => {
  it('turns percentages into fractions summing to 1', () => {
    expect(validateTargetDrafts([{ key: 'aapl', percent: '60' }, { key: 'QQQ', percent: '40' }], 'holding')).toEqual({
      targets: [
        { key: 'AAPL', by: 'holding', weight: '0.6' },
        { key: 'QQQ', by: 'holding', weight: '0.4' },
      ],
    });
  });

  it('refuses a sum other than 100 %, naming the sum', () => {
    expect(validateTargetDrafts([{ key: 'AAPL', percent: '60' }, { key: 'QQQ', percent: '30' }], 'holding')).toEqual({
      issues: [{ field: SUM_FIELD, message: 'Weights add up to 90 %; they must add up to 100 %' }],
    });
  });

  it('accepts thirds typed to two places, within the engine tolerance', () => {
    const result = validateTargetDrafts(['a', 'b', 'c'].map((key) => ({ key, percent: '33.33' })), 'assetClass');
    expect('targets' in result && result.targets.map((t) => t.weight)).toEqual(['0.3333', '0.3333', '0.3333']);
    expect('issues' in validateTargetDrafts(['a', 'b', 'c'].map((key) => ({ key, percent: '33.3' })), 'assetClass')).toBe(true);
  });

  it('puts row problems next to their own field', () => {
    const result = validateTargetDrafts(
      [
        { key: 'AAPL', percent: 'abc' },
        { key: 'aapl', percent: '-5' },
        { key: ' ', percent: '' },
      ],
      'holding',
    );
    expect(result).toEqual({
      issues: [
        { field: 'target-0-percent', message: 'Weight must be a plain number such as 25 or 12.5' },
        { field: 'target-1-key', message: 'AAPL is listed twice' },
        { field: 'target-1-percent', message: 'Weight cannot be negative' },
        { field: 'target-2-key', message: 'Enter a symbol' },
        { field: 'target-2-percent', message: 'Enter a weight in %' },
      ],
    });
    expect(validateTargetDrafts([], 'holding')).toEqual({ issues: [{ field: SUM_FIELD, message: 'Add at least one target' }] });
  });

  it('reads stored fractions back as percentages', () => {
    expect(draftsFromTargets([{ key: 'equity', weight: '0.625' }, { key: 'bonds', weight: '0.375' }])).toEqual([
      { key: 'equity', percent: '62.5' },
      { key: 'bonds', percent: '37.5' },
    ]);
  });
});
