import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { CryptoGrpcService } from './crypto/crypto-grpc.service';
import { loadCryptoService, loadServedDefinitions } from './crypto-service.definition';
import { GrpcHealth } from './grpc-health';
import { GrpcServerEnv } from './grpc-server.env';

/**
 * The grpc-js server and its lifecycle: CryptoService, the standard health service and server reflection,
 * with the keepalive and message-size limits of the configuration. It listens once the app has started
 * (PostgreSQL probed first, so health answers the truth from the first call) and at shutdown ends the
 * streams with a status, lets the unary calls in flight finish within the grace period, then cancels the rest.
 */
@Injectable()
export class CryptoGrpcServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('GrpcServer');
  private readonly server: Server;
  private boundPort = 0;

  constructor(
    @Inject(GrpcServerEnv) private readonly env: GrpcServerEnv,
    @Inject(CryptoGrpcService) private readonly crypto: CryptoGrpcService,
    @Inject(GrpcHealth) private readonly health: GrpcHealth,
  ) {
    this.server = new Server({
      'grpc.max_receive_message_length': env.GRPC_MAX_RECEIVE_MESSAGE_BYTES,
      'grpc.max_send_message_length': env.GRPC_MAX_SEND_MESSAGE_BYTES,
      'grpc.keepalive_time_ms': env.GRPC_KEEPALIVE_TIME_MS,
      'grpc.keepalive_timeout_ms': env.GRPC_KEEPALIVE_TIMEOUT_MS,
      // clients may ping as often as the server does; a streaming client behind a NAT needs it
      'grpc.keepalive_permit_without_calls': 1,
    });
    const definitions = loadServedDefinitions();
    this.server.addService(loadCryptoService(definitions).service, crypto.handlers());
    health.implementation.addToServer(this.server);
    new ReflectionService(definitions).addToServer(this.server);
  }

  /** the port listened on (the configured one, or the one the OS gave for port 0) */
  get port(): number {
    return this.boundPort;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.health.start();
    const address = `${this.env.GRPC_HOST}:${this.env.GRPC_PORT}`;
    this.boundPort = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync(address, ServerCredentials.createInsecure(), (error, port) =>
        error ? reject(error) : resolve(port),
      ),
    );
    this.logger.log(
      `CryptoService, grpc.health.v1.Health and reflection on ${this.env.GRPC_HOST}:${this.boundPort}`,
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.health.stop();
    this.crypto.endStreams('the server is shutting down; reconnect');
    const drained = new Promise<boolean>((resolve) => this.server.tryShutdown(() => resolve(true)));
    let grace: NodeJS.Timeout | undefined;
    const expired = new Promise<boolean>((resolve) => {
      grace = setTimeout(() => resolve(false), this.env.GRPC_SHUTDOWN_GRACE_MS);
    });
    if (!(await Promise.race([drained, expired]))) {
      this.logger.warn(`Calls still running after ${this.env.GRPC_SHUTDOWN_GRACE_MS} ms: cancelled`);
      this.server.forceShutdown();
    }
    clearTimeout(grace);
    this.logger.log('gRPC server stopped');
  }
}
