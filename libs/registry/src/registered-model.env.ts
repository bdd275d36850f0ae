import { IsIn, IsNotEmpty, IsOptional } from 'class-validator';
import { REGISTERED_MODEL_NAME } from './model-registry.constants';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the TypeScript mixin pattern requires any[]
export type EnvClass = new (...args: any[]) => object;

/**
 * Which registered model a process trains or serves, and on which TF.js backend, added to an app's
 * environment class (which extends `ServicesEnv` already, hence a mixin rather than a base class).
 */
export function WithRegisteredModelEnv<T extends EnvClass>(Base: T) {
  class RegisteredModelEnv extends Base {
    /** the registered model trained, promoted and served */
    @IsNotEmpty()
    MODEL_NAME: string = REGISTERED_MODEL_NAME;

    /** TF.js backend to try first */
    @IsOptional()
    @IsIn(['tensorflow', 'wasm', 'cpu'])
    MODEL_BACKEND?: 'tensorflow' | 'wasm' | 'cpu';
  }
  return RegisteredModelEnv;
}
