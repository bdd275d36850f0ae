import type { StoredReport } from '@crypto/reporting';
import type { DailyReportResponseDto } from './reports.responses';

export const latestChartUrl = (id: string): string => `/v1/reports/latest/charts/${encodeURIComponent(id)}`;

export const toDailyReportResponse = (report: StoredReport): DailyReportResponseDto => ({
  date: report.date,
  market: report.market,
  generated_at: report.generated_at,
  bucket: report.bucket,
  markdown_key: report.markdown_key,
  markdown: report.markdown,
  charts: report.charts.map((c) => ({
    id: c.id,
    title: c.title,
    file: c.file,
    url: latestChartUrl(c.id),
    key: c.key,
    width: c.width,
    height: c.height,
  })),
});
