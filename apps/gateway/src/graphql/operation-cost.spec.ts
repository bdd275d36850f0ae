import { parse } from 'graphql';
import { rootFieldCount } from './operation-cost';

const count = (query: string, limit = 1_000) => rootFieldCount(parse(query), limit);

describe(rootFieldCount.name, () => {
  it.each([
    ['one field', '{ health { status } }', 1],
    ['two fields', '{ health { status } modelInfo { modelLoaded } }', 2],
    ['aliases', 'mutation { a: generateSignal { riskScore } b: generateSignal { riskScore } }', 2],
    ['nested fields, not counted', '{ ohlcvData { data { open close } rows } }', 1],
    [
      'inline fragments',
      'mutation { ... on Mutation { a: generateSignal { riskScore } b: generateSignal { riskScore } } }',
      2,
    ],
    [
      'named fragments',
      'mutation { ...Two c: generateSignal { riskScore } } fragment Two on Mutation { a: generateSignal { riskScore } b: generateSignal { riskScore } }',
      3,
    ],
    ['introspection, not counted', '{ __schema { queryType { name } } __typename }', 0],
    [
      'every operation',
      'query A { health { status } } query B { health { status } modelInfo { modelLoaded } }',
      3,
    ],
  ])('should count %s', (_, query, expected) => {
    expect(count(query)).toBe(expected);
  });

  it('should stop counting past the limit', () => {
    const aliases = Array.from({ length: 240 }, (_, i) => `s${i}: generateSignal { riskScore }`).join(' ');
    expect(count(`mutation { ${aliases} }`)).toBe(240);
    expect(count(`mutation { ${aliases} }`, 50)).toBeLessThanOrEqual(240);
    expect(count(`mutation { ${aliases} }`, 50)).toBeGreaterThan(50);
  });
});
