import { Module } from '@nestjs/common';
import { loadEnv } from '@crypto/config';
import { ReportingEnv, ReportRepository } from '@crypto/reporting';
import { ObjectStorage } from '@crypto/storage';
import { GatewayEnv } from '../gateway.env';
import { ReportsController } from './reports.controller';

/** SPEC §8 `GET /v1/reports/latest`: the daily reports stored in MinIO, served as they are. */
@Module({
  controllers: [ReportsController],
  providers: [
    {
      provide: ReportRepository,
      inject: [GatewayEnv],
      // MinIO as the gateway reaches it; the bucket is the report's own setting (REPORTS_BUCKET)
      useFactory: (env: GatewayEnv) =>
        new ReportRepository(ObjectStorage.fromEnv(env), loadEnv(ReportingEnv).REPORTS_BUCKET),
    },
  ],
})
export class ReportsModule {}
