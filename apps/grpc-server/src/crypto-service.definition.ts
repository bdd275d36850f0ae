import { join } from 'node:path';
import { loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import type { ProtoGrpcType } from './generated/crypto_service';

// apps/grpc-server/{src,dist}/ → repo root: the same path from sources (tests) and from the build.
export const CRYPTO_PROTO_PATH = join(__dirname, '../../../proto/crypto_service.proto');
export const CRYPTO_SERVICE_NAME = 'crypto.CryptoService';
/** the standard health service as reflection describes it (Check, Watch; see the file's header) */
export const HEALTH_PROTO_PATH = join(__dirname, '../../../proto/grpc/health/v1/health.proto');

// keepCase: field names stay snake_case as in the .proto, the contract the prototype's clients use. The
// types in ./generated (`pnpm proto:types`) are generated with the same options.
export const protoLoaderOptions = {
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
} as const;

/**
 * CryptoService and the standard `grpc.health.v1` service in one package definition: server reflection
 * describes both, so grpcurl, Postman and Evans need no proto file.
 */
export function loadServedDefinitions(): PackageDefinition {
  return loadSync([CRYPTO_PROTO_PATH, HEALTH_PROTO_PATH], protoLoaderOptions);
}

/** The typed CryptoService (server definition and client constructor). */
export function loadCryptoService(
  definition: PackageDefinition = loadSync(CRYPTO_PROTO_PATH, protoLoaderOptions),
): ProtoGrpcType['crypto']['CryptoService'] {
  return (loadPackageDefinition(definition) as unknown as ProtoGrpcType).crypto.CryptoService;
}
