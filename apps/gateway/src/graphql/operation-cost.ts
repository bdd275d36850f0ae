import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { ErrorWithProps, type MercuriusContext } from 'mercurius';
import type { RateLimit } from '../security/rate-limit';

/**
 * The root fields of every operation in `document`, aliases and fragments included, introspection not: each
 * is one use case run (`a1: generateSignal … a240: generateSignal` stores 240 signals). Counting stops past
 * `limit`. The document is validated already, so its fragments exist and do not cycle.
 */
export function rootFieldCount(document: DocumentNode, limit: number): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const pending: SelectionSetNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    else if (definition.kind === Kind.OPERATION_DEFINITION) pending.push(definition.selectionSet);
  }
  let count = 0;
  while (pending.length > 0 && count <= limit) {
    for (const selection of pending.pop()!.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!selection.name.value.startsWith('__')) count++;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        pending.push(selection.selectionSet);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment) pending.push(fragment.selectionSet);
      }
    }
  }
  return count;
}

/**
 * The rate limit counts GraphQL work, not HTTP requests: a request with n root fields costs n points (its
 * own point taken by the HTTP hook, n − 1 here), all before anything runs, so a document over the budget
 * runs none of its fields. Past the budget: HTTP 429 with `Retry-After` and a GraphQL error coded
 * `RATE_LIMITED`; a document costing more than the whole budget can never pass: HTTP 400, nothing taken.
 * Operations over websockets (no HTTP reply) were counted when the connection was opened.
 */
export const rateLimitHook =
  (rateLimit: RateLimit) =>
  async (_schema: GraphQLSchema, document: DocumentNode, context: MercuriusContext): Promise<void> => {
    const budget = rateLimit.budget;
    const { reply } = context;
    if (budget === undefined || !reply) return;
    const cost = rootFieldCount(document, budget);
    if (cost > budget) {
      throw new ErrorWithProps(
        `this document has more than ${budget} root fields, the whole rate limit of ${budget} per ${rateLimit.settings.windowS} s; split it`,
        { code: 'RATE_LIMITED', limit: budget },
        400,
      );
    }
    if (cost <= 1) return;
    const refused = await rateLimit.consume(reply.request, reply, cost - 1);
    if (refused === undefined) return;
    throw new ErrorWithProps(
      `rate limit of ${budget} requests per ${rateLimit.settings.windowS} s exceeded: each of this document's ${cost} root fields counts as one; retry in ${refused.retryAfterS} s`,
      { code: 'RATE_LIMITED', cost, retryAfterS: refused.retryAfterS },
      429,
    );
  };
