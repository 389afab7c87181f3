import { describe, expect, it } from 'vitest';
import { ChunkedList } from './chunked-list';

describe('ChunkedList', () => {
  it('keeps entries in order across chunks, and truncates to any length (mid-chunk, on a boundary, to zero)', () => {
    const list = new ChunkedList<number>();
    for (let i = 0; i < 20_000; i += 1) list.push(i * 3);
    expect(list.length).toBe(20_000);
    expect([list.at(0), list.at(8191), list.at(8192), list.at(19_999)]).toEqual([0, 8191 * 3, 8192 * 3, 19_999 * 3]);

    list.truncate(10_000); // mid-chunk
    list.push(-1);
    expect([list.length, list.at(9_999), list.at(10_000)]).toEqual([10_001, 9_999 * 3, -1]);
    list.truncate(8192); // on a chunk boundary: the next push starts a new chunk
    list.push(-2);
    expect([list.length, list.at(8191), list.at(8192)]).toEqual([8193, 8191 * 3, -2]);
    list.truncate(20_000); // longer than it is: no change
    expect(list.length).toBe(8193);
    list.truncate(0);
    list.push(7);
    expect([list.length, list.at(0)]).toEqual([1, 7]);
  });
});
