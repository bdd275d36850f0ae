import { Module } from '@nestjs/common';
import { IngestController } from '../ingest/ingest.controller';
import { MarketController } from '../market/market.controller';
import { MlModelController } from '../ml/ml-model.controller';
import { SignalsController } from '../signals/signals.controller';

/** The REST contract of SPEC §8 (market data, signals, ingestion, model); the services come from ServingModule. */
@Module({
  controllers: [MarketController, SignalsController, IngestController, MlModelController],
})
export class RestApiModule {}
