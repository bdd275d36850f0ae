/** `pnpm provision`: see provision.ts. Exits 1 naming the failed step. */
import { Logger } from '@nestjs/common';
import { loadEnv, ServicesEnv } from '@crypto/config';
import { provision } from './provision';

const logger = new Logger('Provision');

provision(loadEnv(ServicesEnv)).then(
  () => logger.log('Provisioning complete'),
  (e: unknown) => {
    logger.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
