import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { GatewayEnv } from '../gateway.env';
import { ObservabilityModule } from '../observability/observability.module';
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
      inject: [GatewayEnv],
      useFactory: (env: GatewayEnv): MercuriusDriverConfig => ({
        path: GRAPHQL_PATH,
        autoSchemaFile: true,
        graphiql: false,
        subscription: true,
        validationRules: [depthLimitRule(env.GRAPHQL_MAX_DEPTH)],
        hooks: { preExecution: [complexityLimitHook(env.GRAPHQL_MAX_COMPLEXITY)] },
      }),
    }),
  ],
  providers: [StatusResolver, MarketResolver, SignalResolver, LiveResolver, LiveFeedBridge],
})
export class GatewayGraphqlModule {}
