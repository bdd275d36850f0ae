/** Candle files `features` and `signal` refuse beyond the malformed ones: empty, or a row no market prints. */
export const IMPOSSIBLE_CANDLE_FILES: [string, string, RegExp][] = [
  ['nothing (0 bytes)', '', /bad\.csv is empty: expected the header ts,open,high,low,close,volume/],
  ['no candle', 'ts,open,high,low,close,volume\n', /bad\.csv holds no candles/],
  [
    'a negative open price',
    'ts,open,high,low,close,volume\n1,1,1,1,1,1\n2,-5,1,1,1,1\n',
    /bad\.csv line 3: open -5 is not a positive price/,
  ],
  [
    'a zero close',
    'ts,open,high,low,close,volume\n1,1,1,1,0,1\n',
    /bad\.csv line 2: close 0 is not a positive price/,
  ],
  [
    'a high below the close',
    'ts,open,high,low,close,volume\n1,1,2,1,1.5,1\n2,1.5,1.6,1.4,1.7,1\n',
    /bad\.csv line 3: high 1.6 is below the close 1.7/,
  ],
  [
    'a low above the open',
    'ts,open,high,low,close,volume\n1,1,2,1.2,1.5,1\n',
    /bad\.csv line 2: low 1.2 is above the open 1/,
  ],
];
