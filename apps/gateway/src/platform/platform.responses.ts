import { ApiProperty } from '@nestjs/swagger';
import type { PlatformComponent, PlatformServices } from './platform-services';

export class PlatformComponentDto implements PlatformComponent {
  @ApiProperty({ example: 'mlflow' })
  name!: string;
  @ApiProperty({ enum: ['service', 'app'], example: 'service' })
  kind!: 'service' | 'app';
  @ApiProperty({ enum: ['up', 'down'], example: 'up' })
  status!: 'up' | 'down';
  @ApiProperty({
    type: String,
    nullable: true,
    description: "an app's own verdict while it answers",
    example: 'ok',
  })
  state!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "the server's version, or the code version (git sha) an app runs",
    example: '3.17.2',
  })
  version!: string | null;
  @ApiProperty({ example: 3.4 })
  latency_ms!: number;
  @ApiProperty({ type: String, nullable: true, example: null })
  error!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'http://127.0.0.1:5000' })
  console!: string | null;
}

export class PlatformLinkDto {
  @ApiProperty({ example: 'MLflow UI' })
  name!: string;
  @ApiProperty({ example: 'http://127.0.0.1:5000' })
  url!: string;
}

export class PlatformServicesDto implements PlatformServices {
  @ApiProperty({ enum: ['ok', 'degraded'], example: 'ok' })
  status!: 'ok' | 'degraded';
  @ApiProperty({ example: '2026-12-07T03:20:00.000Z' })
  timestamp!: string;
  @ApiProperty({ type: [PlatformComponentDto] })
  components!: PlatformComponentDto[];
  @ApiProperty({ type: [PlatformLinkDto] })
  links!: PlatformLinkDto[];
}
