import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { GatewayEnv } from '../gateway.env';
import { ObservabilityModule } from '../observability/observability.module';
import { RateLimit } from '../security/rate-limit';
import { SecurityModule } from '../security/security.module';
import { gatewayErrorFormatter } from './graphql-errors';
import { rateLimitHook } from './operation-cost';
import { LiveFeedBridge } from './live/live-feed.bridge';
import { LiveResolver } from './live/live.resolver';
import { GRAPHQL_PATH } from './playground';
import { complexityLimitHook, depthLimitRule } from './query-limits';
import { MarketResolver } from './resolvers/market.resolver';
import { SignalResolver } from './resolvers/signal.resolver';
import { StatusResolver } from './resolvers/status.resolver';

/**
 * SPEC §8 GraphQL on mercurius (Fastify-native, graphql-ws subscriptions), code first: the schema is built
 * from the decorated classes at start. The playground is served separately (playground.ts), offline.
 */
@Module({
  imports: [
    ObservabilityModule,
    GraphQLModule.forRootAsync<MercuriusDriverConfig>({
      driver: MercuriusDriver,
      imports: [SecurityModule],
      inject: [GatewayEnv, RateLimit],
      useFactory: (env: GatewayEnv, rateLimit: RateLimit): MercuriusDriverConfig => ({
        path: GRAPHQL_PATH,
        autoSchemaFile: true,
        graphiql: false,
        subscription: true,
        validationRules: [depthLimitRule(env.GRAPHQL_MAX_DEPTH)],
        // complexity first: a refused document is not charged for its fields
        hooks: { preExecution: [complexityLimitHook(env.GRAPHQL_MAX_COMPLEXITY), rateLimitHook(rateLimit)] },
        errorFormatter: gatewayErrorFormatter,
      }),
    }),
  ],
  providers: [StatusResolver, MarketResolver, SignalResolver, LiveResolver, LiveFeedBridge],
})
export class GatewayGraphqlModule {}
