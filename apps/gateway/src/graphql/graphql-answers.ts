import type { ArgumentMetadata } from '@nestjs/common';
import { toErrorResponse } from '../http-exception.filter';
import { restValidation } from '../serving/rest-validation.pipe';
import { GRAPHQL_PATH } from './playground';

/**
 * A GraphQL input checked by the REST DTO of the same operation (same rules, same messages naming the
 * field): SPEC §8 keeps GraphQL and REST inputs alike.
 */
export async function validated<T>(dto: new () => T, input: Record<string, unknown>): Promise<T> {
  const metadata: ArgumentMetadata = { type: 'body', metatype: dto };
  return (await restValidation.transform(input, metadata)) as T;
}

/**
 * SPEC §8 GraphQL answers failures in the payload's `error` field: what REST would answer as 4xx, 502 or 503
 * (bad input naming its field, the exchange's message, a missing dependency or model) becomes
 * `{symbol, error}`. Anything else is a bug and stays a GraphQL error (logged by the caller's chain).
 */
export async function orError<T>(work: () => Promise<T>, failed: (message: string) => T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const { status, body } = toErrorResponse(error, GRAPHQL_PATH);
    if (status >= 500 && status !== 502 && status !== 503) throw error;
    return failed(body.message);
  }
}
