import type { ExecutionResult, FormattedExecutionResult, GraphQLError } from 'graphql';
import { defaultErrorFormatter, type MercuriusContext } from 'mercurius';

/** An error's own HTTP status, when it carries a 4xx (`ErrorWithProps`, Fastify's and Nest's errors). */
function ownClientStatus(error: GraphQLError): number | undefined {
  const original = error.originalError as { statusCode?: unknown; getStatus?: () => number } | undefined;
  const status =
    typeof original?.statusCode === 'number' ? original.statusCode : original?.getStatus?.call(original);
  return status !== undefined && status >= 400 && status < 500 ? status : undefined;
}

/**
 * mercurius's answer, except for a document refused before anything ran (parse, validation, depth,
 * complexity, rate limit, body): its errors carry no `path` and it has no data, so it is a client error, 4xx
 * (the error's own, else 400), whatever number of errors it has. mercurius would answer 200 when the error
 * carries no status of its own or when validation found more than one problem. Field errors keep its rules.
 */
export function gatewayErrorFormatter(
  execution: ExecutionResult & Required<Pick<ExecutionResult, 'errors'>>,
  context: MercuriusContext,
): { statusCode: number; response: FormattedExecutionResult } {
  const formatted = defaultErrorFormatter(execution, context);
  const { errors } = execution;
  const refused = !execution.data && errors.length > 0 && errors.every((e) => e.path === undefined);
  if (!refused || formatted.statusCode >= 400) return formatted;
  return { ...formatted, statusCode: errors.map(ownClientStatus).find(Boolean) ?? 400 };
}
