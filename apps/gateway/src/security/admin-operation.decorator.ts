import { SetMetadata } from '@nestjs/common';

/** Metadata key set on admin handlers (ingest, model reload, training): the API-key guard reads it. */
export const ADMIN_OPERATION = 'crypto:admin-operation';

/**
 * Marks a handler (or a whole controller) as an admin operation (SPEC §8: reload, train, ingest), which needs
 * a valid `X-API-Key`. Only sets metadata: the guard that checks the key lives beside this file.
 */
export const AdminOperation = (): MethodDecorator & ClassDecorator => SetMetadata(ADMIN_OPERATION, true);
