import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ErrorResponseDto } from './api-errors';

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
  const document = exactContract(SwaggerModule.createDocument(app, config));
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: `${DOCS_PATH}-json` });
}

const ERROR_SCHEMA_REF = `#/components/schemas/${ErrorResponseDto.name}`;

// the package exports the document's type, not its parts' (SchemaObject | ReferenceObject)
type Schema = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];

/**
 * What the decorators cannot say, fixed on the generated document so it states what the gateway does:
 * - a body whose every field is optional (each has a default) is itself optional: the validation pipe
 *   reads a missing body, or `null`, as `{}` (Nest's `@Body()` always documents `required: true`);
 * - every error answer is the JSON `{error, message, path}`, also on an operation that answers a PNG
 *   (`@ApiProduces` would otherwise give its error answers the PNG's media type).
 */
export function exactContract(document: OpenAPIObject): OpenAPIObject {
  const schemas = document.components?.schemas ?? {};
  const resolve = (schema: Schema | undefined): Schema | undefined =>
    schema && '$ref' in schema ? schemas[schema.$ref.split('/').at(-1)!] : schema;
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.get, item.put, item.post, item.delete, item.patch]) {
      if (!operation) continue;
      const body =
        operation.requestBody && !('$ref' in operation.requestBody) ? operation.requestBody : undefined;
      const json = body?.content['application/json'];
      const fields = resolve(json?.schema);
      if (body && json?.schema && fields && !('$ref' in fields) && !fields.required?.length) {
        body.required = false;
        json.schema = { nullable: true, allOf: [json.schema] };
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400 || !response || '$ref' in response || !response.content) continue;
        for (const [type, media] of Object.entries(response.content)) {
          const schema = media.schema;
          if (
            type === 'application/json' ||
            !schema ||
            !('$ref' in schema) ||
            schema.$ref !== ERROR_SCHEMA_REF
          )
            continue;
          delete response.content[type];
          response.content['application/json'] = media;
        }
      }
    }
  }
  return document;
}
