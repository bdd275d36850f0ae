import type { FastifyReply } from 'fastify';

/** Header stating the age of candles served from an older copy while the exchange fails (SPEC §4). */
export const DATA_AGE_HEADER = 'x-candles-age-seconds';

/** Sets {@link DATA_AGE_HEADER} when the answer was computed from a stale copy. */
export function stateDataAge(reply: FastifyReply, staleMs: number | undefined): void {
  if (staleMs !== undefined) void reply.header(DATA_AGE_HEADER, String(Math.round(staleMs / 1000)));
}
