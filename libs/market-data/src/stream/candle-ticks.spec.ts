import { ticksWithin } from './candle-ticks';

const HOUR = 3_600_000;
const rising = { ts: 1_700_000_000_000, open: 100, high: 110, low: 95, close: 105, volume: 12 };
const falling = { ...rising, open: 105, close: 100 };

describe(ticksWithin.name, () => {
  it('should walk open → low → high → close inside a rising candle, ending on the close', () => {
    const ticks = ticksWithin(rising, HOUR, 3);

    expect(ticks.map((t) => t.price)).toEqual([95, 110, 105]);
    expect(ticks.at(-1)!.timestamp).toBe(rising.ts + HOUR - 1);
  });

  it('should walk open → high → low → close inside a falling candle', () => {
    expect(ticksWithin(falling, HOUR, 3).map((t) => t.price)).toEqual([110, 95, 100]);
  });

  it('should interpolate along the path, stay inside the range and split the volume', () => {
    const ticks = ticksWithin(rising, HOUR, 6);

    expect(ticks.map((t) => t.price)).toEqual([97.5, 95, 102.5, 110, 107.5, 105]);
    expect(ticks.reduce((sum, t) => sum + t.volume, 0)).toBeCloseTo(12, 12);
    const times = ticks.map((t) => t.timestamp);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times.every((t) => t > rising.ts && t < rising.ts + HOUR)).toBe(true);
  });

  it('should give the same ticks on every call', () => {
    expect(ticksWithin(rising, HOUR, 4)).toEqual(ticksWithin(rising, HOUR, 4));
  });

  it('should refuse a tick count below one', () => {
    expect(() => ticksWithin(rising, HOUR, 0)).toThrow(/tick count/);
  });
});
