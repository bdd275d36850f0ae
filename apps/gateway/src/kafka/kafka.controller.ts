import {
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Query,
  ServiceUnavailableException,
  UsePipes,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { KafkaInspector, UnknownTopicError } from '@crypto/messaging';
import { ApiErrors } from '../openapi/api-errors';
import { AdminOperation } from '../security/admin-operation.decorator';
import { restValidation } from '../serving/rest-validation.pipe';
import { TopicMessagesQueryDto, TopicParamDto } from './kafka.dto';
import { ConsumerGroupSummaryDto, TopicMessageDto, TopicSummaryDto } from './kafka.responses';

/** What the broker refused or could not answer, as the gateway's errors: an unknown topic is 404, Kafka away 503. */
async function fromKafka<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof UnknownTopicError || error instanceof RangeError) {
      throw new NotFoundException(error.message);
    }
    throw new ServiceUnavailableException(`Kafka: ${(error as Error).message}`);
  }
}

@ApiTags('kafka')
@UsePipes(restValidation)
@Controller('v1/kafka')
export class KafkaController {
  constructor(@Inject(KafkaInspector) private readonly inspector: KafkaInspector) {}

  @Get('topics')
  @ApiOperation({
    summary: 'Topics with their partitions, offsets, retention and produce rate',
    description: 'Internal topics (`__consumer_offsets`, …) are left out.',
  })
  @ApiOkResponse({ type: [TopicSummaryDto] })
  @ApiErrors(503)
  topics(): Promise<TopicSummaryDto[]> {
    return fromKafka(() => this.inspector.topics());
  }

  @Get('consumer-groups')
  @ApiOperation({ summary: 'Consumer groups with their members, assignments and lag per partition' })
  @ApiOkResponse({ type: [ConsumerGroupSummaryDto] })
  @ApiErrors(503)
  consumerGroups(): Promise<ConsumerGroupSummaryDto[]> {
    return fromKafka(() => this.inspector.consumerGroups());
  }

  @Get('topics/:topic/messages')
  @AdminOperation()
  @ApiOperation({
    summary: 'The latest messages of a topic (admin: X-API-Key)',
    description:
      'The latest `limit` messages of each partition, or of `partition`, oldest first: key, partition, offset, ' +
      'timestamp and the value as text. Read by a consumer of its own that commits nothing.',
  })
  @ApiOkResponse({ type: [TopicMessageDto] })
  @ApiErrors(400, 401, 404, 503)
  messages(
    @Param() { topic }: TopicParamDto,
    @Query() query: TopicMessagesQueryDto,
  ): Promise<TopicMessageDto[]> {
    return fromKafka(() => this.inspector.latestMessages(topic, query));
  }
}
