import { Controller, Get, HttpException, Inject, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ReportingError, ReportRepository, type ReportingErrorCode } from '@crypto/reporting';
import { ApiErrors } from '../openapi/api-errors';
import { toDailyReportResponse } from './reports.mapper';
import { DailyReportResponseDto } from './reports.responses';

// the HTTP status of each reporting failure (the shared filter maps the other domains; this one is ours)
const REPORTING_ERRORS: Record<ReportingErrorCode, number> = { NO_REPORT: 404, INVALID_DATE: 400 };

const asHttpError = (error: unknown): unknown =>
  error instanceof ReportingError ? new HttpException(error.message, REPORTING_ERRORS[error.code]) : error;

@ApiTags('reports')
@Controller('v1/reports')
export class ReportsController {
  constructor(@Inject(ReportRepository) private readonly reports: ReportRepository) {}

  @Get('latest')
  @ApiOperation({
    summary: 'The latest daily report: its Markdown and its charts',
    description:
      'Made by `pnpm cli report` or the trainer’s daily job (SPEC §8) and stored in MinIO `reports`; the latest day wins. ' +
      '404 while no report exists yet.',
  })
  @ApiOkResponse({ type: DailyReportResponseDto })
  @ApiErrors(404, 503)
  async latest(): Promise<DailyReportResponseDto> {
    return toDailyReportResponse(
      await this.reports.latest().catch((e: unknown) => Promise.reject(asHttpError(e))),
    );
  }

  @Get('latest/charts/:chart')
  @ApiOperation({ summary: 'A chart of the latest daily report, as PNG' })
  @ApiParam({ name: 'chart', enum: ['price-risk', 'forecast-realised'], example: 'price-risk' })
  @ApiProduces('image/png')
  @ApiOkResponse({
    description: 'the PNG',
    content: { 'image/png': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrors(404, 503)
  async latestChart(
    @Param('chart') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    try {
      const report = await this.reports.latest();
      const chart = report.charts.find((c) => c.id === id);
      if (!chart)
        throw new ReportingError(
          'NO_REPORT',
          `the report of ${report.date} has no chart "${id}" (it has ${report.charts.map((c) => c.id).join(', ')})`,
        );
      const png = await this.reports.chart(chart);
      void reply.header('Content-Type', 'image/png');
      return png;
    } catch (error) {
      throw asHttpError(error);
    }
  }
}
