import { type ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';

/**
 * Validation of the REST inputs (STYLE §4): DTO classes with their defaults, strings converted where a DTO
 * says so, unknown fields dropped, the first problem of each field reported (all fields at once), each
 * message naming its field. A body that is not a JSON object is refused as such. Applied per controller
 * (`@UsePipes`), not globally, so GraphQL inputs keep their own validation.
 */
class RestValidationPipe extends ValidationPipe {
  constructor() {
    super({
      transform: true,
      whitelist: true,
      stopAtFirstError: true,
      forbidUnknownValues: false,
      validationError: { target: false, value: false },
    });
  }

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && value != null && (typeof value !== 'object' || Array.isArray(value))) {
      throw new BadRequestException('body must be a JSON object (Content-Type: application/json)');
    }
    return super.transform(value, metadata);
  }
}

export const restValidation = new RestValidationPipe();
