// cloneJSON: what structuredClone gave the controllers, for JSON-like objects.
import { describe, expect, it } from 'vitest';
import { cloneJSON } from '../../src/store/clone.js';

describe('cloneJSON', () => {
  it('copies deeply, keeps key order and undefined values, shares nothing', () => {
    const pod: any = { b: 1, a: { list: [1, { x: null }, 'y'], none: undefined }, c: [[true]], d: '' };
    const copy = cloneJSON(pod);
    expect(copy).toEqual(structuredClone(pod));
    expect(Object.keys(copy)).toEqual(['b', 'a', 'c', 'd']);
    expect('none' in copy.a).toBe(true);
    copy.a.list[1].x = 2;
    copy.c[0].push(false);
    expect(pod.a.list[1].x).toBeNull();
    expect(pod.c[0]).toEqual([true]);
  });

  it('keeps an own __proto__ key as data (as JSON.parse made it), never as the copy’s prototype', () => {
    const parsed = JSON.parse('{"metadata":{"__proto__":{"polluted":true},"name":"x"}}');
    const copy = cloneJSON(parsed);
    expect(Object.getPrototypeOf(copy.metadata)).toBe(Object.prototype);
    expect(Object.keys(copy.metadata)).toEqual(['__proto__', 'name']);
    expect(copy.metadata.polluted).toBeUndefined();
    expect(JSON.stringify(copy)).toBe(JSON.stringify(parsed));
  });
});
