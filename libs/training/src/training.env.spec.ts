import { loadEnv } from '@crypto/config';
import { TrainingEnv, trainingSymbols } from './training.env';

describe(trainingSymbols.name, () => {
  it.each([
    [undefined, ['BTC/USDT']],
    ['', ['BTC/USDT']],
    ['BTC/USDT, ETH/USDT,', ['BTC/USDT', 'ETH/USDT']],
    ['none', []],
    [' NONE ', []],
  ])('should read TRAINING_SYMBOLS=%p as %p', (value, symbols) => {
    const env = loadEnv(TrainingEnv, value === undefined ? {} : { TRAINING_SYMBOLS: value });

    expect(trainingSymbols(env)).toEqual(symbols);
  });
});
