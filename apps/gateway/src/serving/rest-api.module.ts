import { Module } from '@nestjs/common';
import { AlertsController } from '../alerts/alerts.controller';
import { IngestController } from '../ingest/ingest.controller';
import { MarketController } from '../market/market.controller';
import { MarketSeriesController } from '../market/market-series.controller';
import { MlModelController } from '../ml/ml-model.controller';
import { SignalsController } from '../signals/signals.controller';

/** The REST contract of SPEC §8 (market data, signals, ingestion, model, alerts); the services come from ServingModule. */
@Module({
  controllers: [
    MarketController,
    MarketSeriesController,
    SignalsController,
    IngestController,
    MlModelController,
    AlertsController,
  ],
})
export class RestApiModule {}
