import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { GatewayEnv } from '../gateway.env';
import { ADMIN_OPERATION } from './admin-operation.decorator';
import { AdminKeys } from './admin-keys';

export const API_KEY_HEADER = 'x-api-key';

/** Lets an `@AdminOperation()` through only with an `X-API-Key` from `ADMIN_API_KEYS` (SPEC §8: 401 otherwise). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keys: AdminKeys;

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(GatewayEnv) env: GatewayEnv,
  ) {
    this.keys = AdminKeys.parse(env.ADMIN_API_KEYS);
  }

  canActivate(context: ExecutionContext): boolean {
    const admin = this.reflector.getAllAndOverride<boolean | undefined>(ADMIN_OPERATION, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!admin || context.getType() !== 'http') return true;
    const presented = context.switchToHttp().getRequest<FastifyRequest>().headers[API_KEY_HEADER];
    if (typeof presented !== 'string' || presented === '') {
      throw new UnauthorizedException('this is an admin operation: send an X-API-Key header');
    }
    if (!this.keys.configured) {
      throw new UnauthorizedException('admin operations are disabled: no ADMIN_API_KEYS configured');
    }
    if (!this.keys.accepts(presented)) throw new UnauthorizedException('the X-API-Key is not valid');
    return true;
  }
}
