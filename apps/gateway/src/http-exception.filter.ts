import {
  ArgumentsHost,
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Every error leaves the gateway as `{error, message, path}` (SPEC §8); unknown errors are logged 500s. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const res = http.getResponse<FastifyReply>();
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const message =
        typeof body === 'string'
          ? body
          : ((body as { message?: string | string[] }).message ?? exception.message);
      void res.status(exception.getStatus()).send({
        error: exception.name.replace(/Exception$/, '').replace(/([a-z])([A-Z])/g, '$1 $2'),
        message: Array.isArray(message) ? message.join('; ') : message,
        path: req.url,
      });
      return;
    }
    this.logger.error(
      `${req.method} ${req.url} failed: ${exception instanceof Error ? exception.stack : String(exception)}`,
    );
    void res
      .status(HttpStatus.INTERNAL_SERVER_ERROR)
      .send({ error: 'Internal Server Error', message: 'unexpected error', path: req.url });
  }
}
