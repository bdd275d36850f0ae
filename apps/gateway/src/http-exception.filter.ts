import {
  ArgumentsHost,
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request, Response } from 'express';

/** Every error leaves the gateway as `{error, message, path}` (SPEC §8); unknown errors are logged 500s. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const message =
        typeof body === 'string'
          ? body
          : ((body as { message?: string | string[] }).message ?? exception.message);
      res.status(exception.getStatus()).json({
        error: exception.name.replace(/Exception$/, '').replace(/([a-z])([A-Z])/g, '$1 $2'),
        message: Array.isArray(message) ? message.join('; ') : message,
        path: req.url,
      });
      return;
    }
    this.logger.error(
      `${req.method} ${req.url} failed: ${exception instanceof Error ? exception.stack : String(exception)}`,
    );
    res
      .status(HttpStatus.INTERNAL_SERVER_ERROR)
      .json({ error: 'Internal Server Error', message: 'unexpected error', path: req.url });
  }
}
