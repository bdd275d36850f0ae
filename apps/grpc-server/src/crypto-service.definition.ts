import { join } from 'node:path';
import { loadPackageDefinition, type GrpcObject, type ServiceClientConstructor } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

// apps/grpc-server/{src,dist}/ → repo root: the same path from sources (tests) and from the build.
export const CRYPTO_PROTO_PATH = join(__dirname, '../../../proto/crypto_service.proto');

// keepCase: field names stay snake_case as in the .proto, the contract the prototype's clients use.
export const protoLoaderOptions = {
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
} as const;

export function loadCryptoService(): ServiceClientConstructor {
  const definition = loadSync(CRYPTO_PROTO_PATH, protoLoaderOptions);
  const crypto = loadPackageDefinition(definition)['crypto'] as GrpcObject;
  return crypto['CryptoService'] as ServiceClientConstructor;
}
