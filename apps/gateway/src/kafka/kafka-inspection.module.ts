import { Inject, Injectable, Module, type OnModuleDestroy } from '@nestjs/common';
import { createKafka, KafkaInspector } from '@crypto/messaging';
import { GatewayEnv } from '../gateway.env';
import { KafkaController } from './kafka.controller';

@Injectable()
class InspectorLifecycle implements OnModuleDestroy {
  constructor(@Inject(KafkaInspector) private readonly inspector: KafkaInspector) {}

  async onModuleDestroy(): Promise<void> {
    await this.inspector.close();
  }
}

/** The Kafka pages' REST side (topics, consumer groups, latest messages): the dashboard's Kafka UI. */
@Module({
  controllers: [KafkaController],
  providers: [
    {
      provide: KafkaInspector,
      inject: [GatewayEnv],
      useFactory: (env: GatewayEnv) =>
        new KafkaInspector(createKafka(env, `${env.KAFKA_CLIENT_ID}-gateway-inspector`), {
          groupPrefix: 'gateway-kafka-inspector',
        }),
    },
    InspectorLifecycle,
  ],
})
export class KafkaInspectionModule {}
