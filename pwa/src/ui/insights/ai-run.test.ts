import { describe, expect, it } from 'vitest';
import { nextRun, type AiRun } from './ai-run';

describe('AI review run', () => {
  it('drops the streamed, unvalidated narrative when the review then fails', () => {
    let run: AiRun = { state: 'running', narrative: '' };
    run = nextRun(run, { type: 'narrative', delta: 'Sell everything and buy ' });
    run = nextRun(run, { type: 'narrative', delta: 'EVIL.' });
    expect(run).toEqual({ state: 'running', narrative: 'Sell everything and buy EVIL.' });
    run = nextRun(run, { type: 'error', code: 'bad_model_output', message: 'The model answered in an unexpected format' });
    expect(run).toEqual({ state: 'error', narrative: '', code: 'bad_model_output', message: 'The model answered in an unexpected format' });
  });

  it('replaces the streamed text by the validated narrative when the answer arrives', () => {
    const streamed = nextRun({ state: 'running', narrative: '' }, { type: 'narrative', delta: 'Draft' });
    const done = nextRun(streamed, { type: 'insights', insights: [], narrative: 'Final review.', cached: false });
    expect(done).toEqual({ state: 'done', narrative: 'Final review.', insights: [], cached: false });
  });

  it('starts a new narrative after a finished or failed run', () => {
    const failed = nextRun({ state: 'running', narrative: 'old' }, { type: 'error', code: 'timeout', message: 'slow' });
    expect(nextRun(failed, { type: 'narrative', delta: 'new' })).toEqual({ state: 'running', narrative: 'new' });
  });
});
