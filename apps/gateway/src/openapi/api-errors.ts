import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';

/** SPEC §8: every error leaves the gateway in this shape. */
export class ErrorResponseDto {
  @ApiProperty({ description: 'HTTP reason phrase', example: 'Bad Request' })
  error!: string;
  @ApiProperty({
    description: 'what is wrong, naming the field for bad input',
    example: 'limit must not be greater than 1000',
  })
  message!: string;
  @ApiProperty({ description: 'the path asked', example: '/v1/crypto/ohlcv?limit=5000' })
  path!: string;
}

const ERROR_EXAMPLES: Record<number, { description: string; error: string; message: string }> = {
  400: {
    description: 'bad input: the message names the field',
    error: 'Bad Request',
    message: 'symbol: binance has no market DOGE/XYZ (from "DOGE/XYZ")',
  },
  401: {
    description: 'missing or wrong `X-API-Key` (admin operation)',
    error: 'Unauthorized',
    message: 'a valid X-API-Key header is required for this admin operation',
  },
  404: {
    description: 'no such resource (a training job id never answered, or expired)',
    error: 'Not Found',
    message: 'no training job binance-btc-usdt-1h-1764079200000-a1b2c3',
  },
  409: {
    description: 'the market is training already (one flow per market at a time)',
    error: 'Conflict',
    message: 'BTC/USDT 1h on binance is already training (job binance-btc-usdt-1h-1764079200000-a1b2c3)',
  },
  422: {
    description: 'the market has no closed candle to compute from',
    error: 'Unprocessable Entity',
    message: 'no candles to compute a signal from',
  },
  429: {
    description: 'rate limit exceeded (see `Retry-After`)',
    error: 'Too Many Requests',
    message: 'rate limit exceeded',
  },
  502: {
    description: 'the exchange failed after retries: its message',
    error: 'Bad Gateway',
    message:
      'binance unavailable for fetchOHLCV(BTC/USDT, 1h, latest, limit=1000) after 5 attempts (ExchangeNotAvailable: …)',
  },
  503: {
    description: 'a dependency (PostgreSQL, the model) is unavailable',
    error: 'Service Unavailable',
    message: 'PostgreSQL unavailable to read candles (connect ECONNREFUSED 127.0.0.1:5432)',
  },
};

/** Documents the SPEC error answers an operation can give. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) => {
      const { description, error, message } = ERROR_EXAMPLES[status]!;
      return ApiResponse({
        status,
        description,
        type: ErrorResponseDto,
        example: { error, message, path: '/v1/…' },
      });
    }),
  );
}
