import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { toInteger } from '../market/dto-validation';

export const MAX_TOPIC_MESSAGES = 500;

/** `:topic` of `GET /v1/kafka/topics/:topic/messages`: Kafka's own rule for a topic name. */
export class TopicParamDto {
  @ApiProperty({ description: 'topic name', example: 'predictions', pattern: '^[A-Za-z0-9._-]{1,249}$' })
  @Matches(/^[A-Za-z0-9._-]{1,249}$/, { message: 'topic must be 1–249 of A–Z a–z 0–9 . _ -' })
  topic!: string;
}

export class TopicMessagesQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    description: `latest messages of each partition (or of the one asked), 1 … ${MAX_TOPIC_MESSAGES}`,
    default: 20,
    minimum: 1,
    maximum: MAX_TOPIC_MESSAGES,
    example: 20,
  })
  @Transform(toInteger)
  @Min(1)
  @Max(MAX_TOPIC_MESSAGES)
  @IsInt()
  limit: number = 20;

  @ApiPropertyOptional({ type: 'integer', description: 'only this partition', minimum: 0, example: 0 })
  @IsOptional()
  @Transform(toInteger)
  @Min(0)
  @IsInt()
  partition?: number;
}
