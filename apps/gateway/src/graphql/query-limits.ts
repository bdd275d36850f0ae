import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import type { DocumentNode, GraphQLSchema, ValidationRule } from 'graphql';
import { getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { ErrorWithProps } from 'mercurius';

/**
 * Depth: a validation rule (cached with the parsed query by mercurius); introspection is not counted, so
 * the playground's schema query passes whatever the limit.
 */
export const depthLimitRule = (maxDepth: number): ValidationRule =>
  maxDepthRule({ n: maxDepth, ignoreIntrospection: true, exposeLimits: true }) as unknown as ValidationRule;

/**
 * Complexity: every selected field costs 1 (aliases included, so `a1: health {…} … a999: health {…}` counts
 * each copy). Checked before execution, where the variables are known, so the parsed-query cache stays on.
 * Past the limit: HTTP 400 with a GraphQL error coded `QUERY_TOO_COMPLEX`.
 */
export const complexityLimitHook =
  (maxComplexity: number) =>
  async (
    schema: GraphQLSchema,
    document: DocumentNode,
    _context: unknown,
    variables?: Record<string, unknown>,
  ) => {
    let complexity: number;
    try {
      complexity = getComplexity({
        schema,
        query: document,
        variables: variables ?? {},
        estimators: [simpleEstimator({ defaultComplexity: 1 })],
      });
    } catch (refusal) {
      // graphql-query-complexity's own refusals (too many nodes, bad variables): the client's document
      throw new ErrorWithProps(
        refusal instanceof Error ? refusal.message : String(refusal),
        { code: 'QUERY_TOO_COMPLEX', limit: maxComplexity },
        400,
      );
    }
    if (complexity > maxComplexity) {
      throw new ErrorWithProps(
        `query complexity ${complexity} exceeds the limit of ${maxComplexity}`,
        { code: 'QUERY_TOO_COMPLEX', complexity, limit: maxComplexity },
        400,
      );
    }
  };
