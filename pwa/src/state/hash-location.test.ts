import { describe, expect, it } from 'vitest';
import { hashOfPath, pathOfHash } from './hash-location';

describe('app paths kept in the URL fragment', () => {
  it('reads the app path of a fragment, with its query', () => {
    expect(pathOfHash('#/portfolio/p1')).toBe('/portfolio/p1');
    expect(pathOfHash('#/add?edit=t%201')).toBe('/add?edit=t%201');
    expect(pathOfHash('#/')).toBe('/');
  });

  it('takes an empty fragment or an in-page anchor for the home screen', () => {
    expect(pathOfHash('')).toBe('/');
    expect(pathOfHash('#')).toBe('/');
    expect(pathOfHash('#main')).toBe('/');
  });

  it('writes an app path as a fragment that reads back the same', () => {
    for (const path of ['/', '/portfolio/p1?tab=income', '/import?report=1']) expect(pathOfHash(hashOfPath(path))).toBe(path);
    expect(hashOfPath('settings')).toBe('#/settings');
  });
});
