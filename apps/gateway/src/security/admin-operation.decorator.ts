import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import { API_KEY_SECURITY } from '../openapi/openapi';

/** Metadata key set on admin handlers (ingest, model reload, training): the API-key guard reads it. */
export const ADMIN_OPERATION = 'crypto:admin-operation';

/**
 * Marks a handler (or a whole controller) as an admin operation (SPEC §8: reload, train, ingest), which needs
 * a valid `X-API-Key`, and documents that key in OpenAPI, so the guard and the docs name the same handlers.
 * Only sets metadata: the guard that checks the key lives beside this file.
 */
export const AdminOperation = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(ADMIN_OPERATION, true), ApiSecurity(API_KEY_SECURITY));
