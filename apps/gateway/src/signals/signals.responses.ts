import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MarketAnswerDto } from '../market/market.responses';

// Swagger shapes of the signal answers (SPEC §8), the Python prototype's field names.

const REGIMES = ['calm', 'normal', 'turbulent'];
const RISK_LEVELS = ['low', 'medium', 'high'];

export class FeatureTailRowDto {
  @ApiProperty({ description: 'candle open time, ISO-8601 UTC', example: '2025-10-06T16:00:00.000Z' })
  time!: string;
  @ApiProperty({ example: 125455.24 })
  close!: number;
  @ApiProperty({ type: Number, nullable: true, example: 0.0036 })
  ret!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.0041 })
  vol24!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 124512.3 })
  sma12!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 123780.9 })
  sma48!: number | null;
}

export class SignalExplainDto {
  @ApiProperty({ example: 0.003644 })
  nowcast_ret!: number;
  @ApiProperty({ description: 'vol24 of the last closed candle (0 when undefined)', example: 0.004117 })
  vol!: number;
  @ApiProperty({ enum: REGIMES, example: 'calm' })
  vol_regime!: string;
  @ApiProperty({ example: 0.4 })
  risk_score!: number;
  @ApiProperty({ type: [FeatureTailRowDto], description: 'the last 5 candles and their features' })
  features_tail!: FeatureTailRowDto[];
}

export class SignalResponseDto {
  @ApiProperty({ example: 'BTC/USDT' })
  symbol!: string;
  @ApiProperty({ example: 60 })
  horizon_min!: number;
  @ApiProperty({
    description: 'clip(0.6·(1 − tanh(50·vol)) + 0.4·(1 − mom), 0, 1), 4 decimals',
    example: 0.4,
  })
  risk_score!: number;
  @ApiProperty({ description: 'last return, 6 decimals', example: 0.003644 })
  nowcast_ret!: number;
  @ApiProperty({ enum: REGIMES, example: 'calm' })
  vol_regime!: string;
  @ApiProperty({ example: 'heuristic' })
  method!: string;
  @ApiProperty({ type: SignalExplainDto, nullable: true, description: 'when `explain` was asked, else null' })
  explain!: SignalExplainDto | null;
}

export class SignalRecordDto extends MarketAnswerDto {
  @ApiProperty({ description: 'when it was served, ISO-8601', example: '2026-11-25T14:30:00.123Z' })
  timestamp!: string;
  @ApiProperty({ description: 'candles the signal was computed from', example: 200 })
  limit!: number;
  @ApiProperty({ example: 60 })
  horizon_min!: number;
  @ApiProperty({ example: 0.4 })
  risk_score!: number;
  @ApiProperty({ example: 0.003644 })
  nowcast_ret!: number;
  @ApiProperty({ example: 0.004117 })
  vol!: number;
  @ApiProperty({ enum: REGIMES, example: 'calm' })
  vol_regime!: string;
  @ApiProperty({ example: 'heuristic' })
  method!: string;
}

export class MlPredictionDto {
  @ApiProperty({
    description: 'forecast realized volatility of the next H candles (std of returns)',
    example: 0.0052,
  })
  prediction!: number;
  @ApiProperty({ description: 'vol24 of the last closed candle', example: 0.0041 })
  current_volatility!: number;
  @ApiProperty({ enum: REGIMES, example: 'normal' })
  volatility_regime!: string;
  @ApiProperty({ enum: RISK_LEVELS, example: 'medium' })
  risk_level!: string;
  @ApiProperty({
    description: 'in [0, 1], from the model test error relative to the level predicted',
    example: 0.71,
  })
  confidence!: number;
  @ApiProperty({
    description: 'open time of the last closed candle used, ISO-8601',
    example: '2025-10-06T16:00:00.000Z',
  })
  prediction_timestamp!: string;
}

export class MlVsHeuristicDto {
  @ApiProperty({ description: 'prediction − heuristic vol', example: 0.0011 })
  volatility_diff!: number;
  @ApiProperty({ example: false })
  regime_match!: boolean;
}

export class HeuristicComparisonDto {
  @ApiProperty({ example: 0.4 })
  heuristic_risk_score!: number;
  @ApiProperty({ enum: REGIMES, example: 'calm' })
  heuristic_vol_regime!: string;
  @ApiProperty({ type: MlVsHeuristicDto })
  ml_vs_heuristic!: MlVsHeuristicDto;
}

export class FallbackDto {
  @ApiProperty({ enum: ['har-rv'], example: 'har-rv' })
  forecaster!: 'har-rv';
  @ApiProperty({ description: 'the degraded champion version it stands in for', example: '3' })
  model_version!: string;
  @ApiProperty({
    example:
      "crypto-volatility-bilstm v3 live QLIKE 0.3823 over 7 d (168 origins) is worse than HAR-RV's 0.1331 by more than 10 %",
  })
  reason!: string;
  @ApiProperty({ example: '2026-12-07T06:00:00.000Z' })
  since!: string;
}

export class MlSignalResponseDto {
  @ApiProperty({ example: 'BTC/USDT' })
  symbol!: string;
  @ApiProperty({ example: 'ml' })
  method!: string;
  @ApiProperty({ description: 'when it was served, ISO-8601', example: '2026-11-25T14:30:00.123Z' })
  timestamp!: string;
  @ApiProperty({ example: '3' })
  model_version!: string;
  @ApiProperty({ type: MlPredictionDto })
  ml_prediction!: MlPredictionDto;
  @ApiProperty({
    type: HeuristicComparisonDto,
    nullable: true,
    description: 'null when `include_heuristic` is false',
  })
  heuristic_comparison!: HeuristicComparisonDto | null;
  @ApiPropertyOptional({
    type: FallbackDto,
    description:
      "present while HAR-RV answers instead of a degraded champion with no earlier one to roll back to (AUTO_ROLLBACK): `ml_prediction` is then HAR-RV's forecast with the champion's training fit",
  })
  fallback?: FallbackDto;
}

export class MlPredictionRecordDto extends MlSignalResponseDto {
  @ApiProperty({ example: 'binance' })
  exchange!: string;
  @ApiProperty({ example: '1h' })
  timeframe!: string;
  @ApiProperty({ example: 200 })
  limit!: number;
}

class CompareHeuristicDto {
  @ApiProperty({ example: 0.4 })
  risk_score!: number;
  @ApiProperty({ enum: REGIMES, example: 'calm' })
  vol_regime!: string;
  @ApiProperty({ example: 0.0041 })
  volatility!: number;
}

class CompareMlDto {
  @ApiProperty({ example: 0.0052 })
  predicted_volatility!: number;
  @ApiProperty({ enum: REGIMES, example: 'normal' })
  vol_regime!: string;
  @ApiProperty({ example: 0.71 })
  confidence!: number;
  @ApiProperty({ enum: RISK_LEVELS, example: 'medium' })
  risk_level!: string;
}

class ComparisonDto {
  @ApiProperty({ example: 0.0011 })
  volatility_diff!: number;
  @ApiProperty({ example: false })
  regime_agreement!: boolean;
  @ApiProperty({ example: 0.71 })
  ml_confidence!: number;
}

export class CompareResponseDto {
  @ApiProperty({ example: 'BTC/USDT' })
  symbol!: string;
  @ApiProperty({ example: '2026-11-25T14:30:00.123Z' })
  timestamp!: string;
  @ApiProperty({ type: CompareHeuristicDto })
  heuristic!: CompareHeuristicDto;
  @ApiProperty({ type: CompareMlDto })
  ml!: CompareMlDto;
  @ApiProperty({ type: ComparisonDto })
  comparison!: ComparisonDto;
}
