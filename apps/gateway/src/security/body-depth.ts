/**
 * How deep a parsed JSON value nests (a scalar is 0, `{}` and `[]` are 1, `{"a": []}` is 2), counted up to
 * `limit + 1` only: past the limit the walk stops. Iterative, so a body nested 100 000 levels deep is
 * measured without growing the stack (class-transformer and class-validator recurse, and overflow it).
 */
export function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (next.value === null || typeof next.value !== 'object') continue;
    const depth = next.depth + 1;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth });
  }
  return deepest;
}
