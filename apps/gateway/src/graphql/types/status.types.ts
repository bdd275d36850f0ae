import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('HealthStatus')
export class HealthStatus {
  @Field()
  status!: string;

  @Field()
  mlAvailable!: boolean;

  @Field({ description: 'ISO-8601 UTC' })
  timestamp!: string;
}

@ObjectType('ModelInfo')
export class ModelInfoType {
  @Field()
  modelLoaded!: boolean;

  @Field(() => String, { nullable: true })
  modelVersion!: string | null;

  @Field(() => String, { nullable: true })
  modelName!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'the MLflow tracking server the model is registered in',
  })
  mlflowUri!: string | null;

  @Field(() => Int, { nullable: true, description: 'candles of input per forecast (L)' })
  sequenceLength!: number | null;
}
