import { nestingDepth } from './body-depth';

/** `{"a": {"a": … 1}}`, `levels` objects deep */
const nested = (levels: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
};

describe(nestingDepth.name, () => {
  it.each([
    [1, 0],
    [null, 0],
    ['text', 0],
    [{}, 1],
    [[], 1],
    [{ symbol: 'BTCUSDT', limit: 50 }, 1],
    [{ a: [] }, 2],
    [[[1], [[2]]], 3],
    [{ a: 1, b: { c: [{ d: 1 }] } }, 4],
  ])('should measure %j as %i levels deep', (value, depth) => {
    expect(nestingDepth(value, 64)).toBe(depth);
  });

  it('should stop counting one level past the limit', () => {
    expect(nestingDepth(nested(64), 64)).toBe(64);
    expect(nestingDepth(nested(65), 64)).toBe(65);
    expect(nestingDepth(nested(5_000), 64)).toBe(65);
  });

  it('should measure a value nested deeper than the stack allows recursion to go', () => {
    expect(nestingDepth(nested(200_000), 300_000)).toBe(200_000);
  });
});
