import { ApiProperty } from '@nestjs/swagger';

// Swagger shape of `GET /v1/reports/latest`: the stored report's Markdown and where its charts are.

export class ReportMarketDto {
  @ApiProperty({ example: 'binance' })
  exchange!: string;
  @ApiProperty({ example: 'BTC/USDT' })
  symbol!: string;
  @ApiProperty({ example: '1h' })
  timeframe!: string;
}

export class ReportChartDto {
  @ApiProperty({ enum: ['price-risk', 'forecast-realised'], example: 'price-risk' })
  id!: string;
  @ApiProperty({ example: 'Price and heuristic risk score' })
  title!: string;
  @ApiProperty({
    description: 'file name the Markdown links it by',
    example: 'report-2025-10-05-price-risk.png',
  })
  file!: string;
  @ApiProperty({
    description: 'the PNG, served by the gateway',
    example: '/v1/reports/latest/charts/price-risk',
  })
  url!: string;
  @ApiProperty({
    description: 'its MinIO object key in the reports bucket',
    example: '2025-10-05/binance/BTC-USDT/1h/report-2025-10-05-price-risk.png',
  })
  key!: string;
  @ApiProperty({ description: 'pixels', example: 1816 })
  width!: number;
  @ApiProperty({ description: 'pixels', example: 744 })
  height!: number;
}

export class DailyReportResponseDto {
  @ApiProperty({ description: 'the UTC day reported', example: '2025-10-05' })
  date!: string;
  @ApiProperty({ type: ReportMarketDto })
  market!: ReportMarketDto;
  @ApiProperty({ example: '2025-10-06T00:15:02.412Z' })
  generated_at!: string;
  @ApiProperty({ description: 'MinIO bucket holding the report', example: 'reports' })
  bucket!: string;
  @ApiProperty({ example: '2025-10-05/binance/BTC-USDT/1h/report-2025-10-05.md' })
  markdown_key!: string;
  @ApiProperty({
    description: 'the report (GitHub-flavoured Markdown); charts linked by their `file` name',
    example:
      '# Daily report: BTC/USDT 1h on binance, 2025-10-05\n\n…\n\n![Price and heuristic risk score](report-2025-10-05-price-risk.png)\n…',
  })
  markdown!: string;
  @ApiProperty({ type: [ReportChartDto] })
  charts!: ReportChartDto[];
}
