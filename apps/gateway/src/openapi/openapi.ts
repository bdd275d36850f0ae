import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Security scheme name of the admin operations in the OpenAPI document. */
export const API_KEY_SECURITY = 'api-key';

export const DOCS_PATH = 'docs';

/**
 * OpenAPI document and Swagger UI at `/docs` (JSON at `/docs-json`). The UI's scripts and styles come from
 * the `swagger-ui-dist` package and are served by the gateway itself: the page works with no internet.
 */
export function registerOpenApi(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Crypto risk & volatility signals — gateway')
    .setDescription(
      'REST contract of SPEC §8, compatible with the Python prototype. Errors are `{error, message, path}`. Admin operations need `X-API-Key`.',
    )
    .setVersion('1.0')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, API_KEY_SECURITY)
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: `${DOCS_PATH}-json` });
}
