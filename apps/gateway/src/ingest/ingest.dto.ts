import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  Max,
  Min,
  Validate,
  type ValidatorConstraintInterface,
  ValidatorConstraint,
} from 'class-validator';
import { nullAsAbsent, toInteger } from '../market/dto-validation';
import { MarketDto, trimmedPattern } from '../market/market-query.dto';
import { MarketAnswerDto } from '../market/market.responses';

export const MAX_INGEST_LIMIT = 100_000;
/**
 * The latest `since` in epoch ms: 15 digits (year 33658), well inside `Date`'s range (8.64e15), so every
 * accepted value is a date; the digits pattern of the document says the same.
 */
export const MAX_SINCE_MS = 999_999_999_999_999;

/** ISO-8601 (`2025-01-01`, `2025-01-01T00:00:00Z`) or epoch milliseconds. */
@ValidatorConstraint({ name: 'isInstant' })
class IsInstant implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return toEpochMs(value) !== undefined;
  }

  defaultMessage(): string {
    return 'since must be an ISO-8601 date-time (e.g. 2025-01-01T00:00:00Z) or epoch milliseconds';
  }
}

/** `since` as epoch ms, or undefined when it is neither ISO-8601 text nor a whole number of ms. */
export function toEpochMs(value: unknown): number | undefined {
  if (typeof value === 'number')
    return Number.isSafeInteger(value) && value >= 0 && value <= MAX_SINCE_MS ? value : undefined;
  if (typeof value !== 'string') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) <= MAX_SINCE_MS ? Number(value) : undefined;
  if (!/^\d{4}-\d\d-\d\d/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** SPEC §8 `POST /v1/ingest/run` body: the latest `limit` candles, or from `since` (first `limit` when both). */
export class IngestRequestDto extends MarketDto {
  @ApiPropertyOptional({
    // null reads as absent (nullAsAbsent)
    nullable: true,
    type: 'integer',
    description: `candles to fetch, 1 … ${MAX_INGEST_LIMIT}: the latest ones, or the first ones from \`since\`. Without \`limit\` and \`since\`: everything after the last candle stored (the latest 500 for a new market)`,
    minimum: 1,
    maximum: MAX_INGEST_LIMIT,
    example: 500,
  })
  @IsOptional()
  @Transform(nullAsAbsent(toInteger))
  @Min(1)
  @Max(MAX_INGEST_LIMIT)
  @IsInt()
  limit?: number;

  @ApiPropertyOptional({
    // null reads as absent (nullAsAbsent)
    nullable: true,
    description: 'backfill from this time: ISO-8601 or epoch ms',
    example: '2025-10-01T00:00:00Z',
    // what toEpochMs reads: an ISO-8601 date-time or date, or whole epoch ms as a number or as digits
    oneOf: [
      { type: 'string', format: 'date-time' },
      { type: 'string', format: 'date' },
      { type: 'string', pattern: trimmedPattern('0*[0-9]{1,15}') },
      { type: 'integer', minimum: 0, maximum: MAX_SINCE_MS },
    ],
  })
  @IsOptional()
  @Transform(nullAsAbsent())
  @Validate(IsInstant)
  since?: string | number;
}

export class IngestRangeDto {
  @ApiProperty({ type: Number, nullable: true, example: 1759406400000 })
  from_ts!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 1759766400000 })
  to_ts!: number | null;
  @ApiProperty({ type: String, nullable: true, example: '2025-10-02T12:00:00.000Z' })
  from!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2025-10-06T16:00:00.000Z' })
  to!: string | null;
}

export class IngestQualityDto {
  @ApiProperty({ description: 'every data-quality check passed', example: true })
  pass!: boolean;
  @ApiProperty({ type: [String], description: 'names of the failed checks', example: [] })
  failed!: string[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'key of the report in the quality-reports bucket; null when it could not be stored',
    example: 'binance/BTC-USDT/1h/2026-11-25T14:30:00.000Z.json',
  })
  report_key!: string | null;
  @ApiPropertyOptional({ description: 'why the report could not be stored', example: 'MinIO unavailable' })
  error?: string;
}

export class IngestResponseDto extends MarketAnswerDto {
  @ApiProperty({ example: 'binance REST' })
  source!: string;
  @ApiProperty({ description: 'candles fetched from the exchange', example: 500 })
  fetched!: number;
  @ApiProperty({ description: 'candles not stored before', example: 12 })
  new!: number;
  @ApiProperty({
    description: 'candles already stored as they are (re-ingestion changes nothing)',
    example: 487,
  })
  already_present!: number;
  @ApiProperty({ description: 'still-open candles stored before and rewritten', example: 1 })
  updated!: number;
  @ApiProperty({ description: 'candles closed when fetched (stored final)', example: 499 })
  final!: number;
  @ApiProperty({ description: 'the candle still open (stored provisional)', example: 1 })
  provisional!: number;
  @ApiProperty({ type: IngestRangeDto })
  range!: IngestRangeDto;
  @ApiProperty({ type: IngestQualityDto })
  quality!: IngestQualityDto;
}
