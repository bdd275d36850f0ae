import { ApiProperty } from '@nestjs/swagger';

// Swagger shapes of the Kafka inspection answers (KafkaInspector of @crypto/messaging); offsets are strings,
// as Kafka's 64-bit offsets are.

export class PartitionOffsetsDto {
  @ApiProperty({ example: 0 })
  partition!: number;
  @ApiProperty({ description: 'first offset still kept', example: '0' })
  low!: string;
  @ApiProperty({ description: 'offset of the next message', example: '4115' })
  high!: string;
  @ApiProperty({ description: 'broker id of the leader', example: 1 })
  leader!: number;
  @ApiProperty({ type: [Number], example: [1] })
  replicas!: number[];
  @ApiProperty({ type: [Number], description: 'in-sync replicas', example: [1] })
  isr!: number[];
}

export class TopicSummaryDto {
  @ApiProperty({ example: 'crypto-prices' })
  topic!: string;
  @ApiProperty({ type: [PartitionOffsetsDto] })
  partitions!: PartitionOffsetsDto[];
  @ApiProperty({ description: 'messages kept (Σ high − low)', example: 4115 })
  messages!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: '`retention.ms`; −1 keeps forever',
    example: 604800000,
  })
  retention_ms!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'messages produced per second since the gateway last looked (≥ 1 s before); null the first time',
    example: 5.2,
  })
  messages_per_s!: number | null;
}

export class GroupAssignmentDto {
  @ApiProperty({ example: 'crypto-prices' })
  topic!: string;
  @ApiProperty({ type: [Number], example: [0, 1, 2] })
  partitions!: number[];
}

export class ConsumerGroupMemberDto {
  @ApiProperty({ example: 'crypto-platform-stream-consumer-4f1c…' })
  member_id!: string;
  @ApiProperty({ example: 'crypto-platform-stream-consumer' })
  client_id!: string;
  @ApiProperty({ example: '/127.0.0.1' })
  host!: string;
  @ApiProperty({ type: [GroupAssignmentDto] })
  assignments!: GroupAssignmentDto[];
}

export class GroupPartitionLagDto {
  @ApiProperty({ example: 'crypto-prices' })
  topic!: string;
  @ApiProperty({ example: 0 })
  partition!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'committed offset; null when none',
    example: '4110',
  })
  committed!: string | null;
  @ApiProperty({ example: '4115' })
  high!: string;
  @ApiProperty({ description: 'messages behind the high watermark', example: 5 })
  lag!: number;
}

export class ConsumerGroupSummaryDto {
  @ApiProperty({ example: 'stream-consumer' })
  group_id!: string;
  @ApiProperty({
    example: 'Stable',
    description: 'Stable, PreparingRebalance, CompletingRebalance, Empty, Dead',
  })
  state!: string;
  @ApiProperty({ example: 'RoundRobinAssigner' })
  protocol!: string;
  @ApiProperty({ type: [ConsumerGroupMemberDto] })
  members!: ConsumerGroupMemberDto[];
  @ApiProperty({ type: [GroupPartitionLagDto] })
  partitions!: GroupPartitionLagDto[];
  @ApiProperty({ description: 'Σ lag over the partitions', example: 5 })
  lag!: number;
}

export class TopicMessageDto {
  @ApiProperty({ example: 0 })
  partition!: number;
  @ApiProperty({ example: '4114' })
  offset!: string;
  @ApiProperty({ type: String, nullable: true, example: 'BTC/USDT' })
  key!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the value as text (JSON on the platform topics)',
    example: '{"id":"BTC/USDT|1h|1759766400000","symbol":"BTC/USDT"}',
  })
  value!: string | null;
  @ApiProperty({ description: 'record timestamp, epoch ms', example: 1759770001234 })
  timestamp!: number;
}
