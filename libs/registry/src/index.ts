export * from './champion/champion-model.loader';
export * from './champion/model-load.error';
export * from './champion/serving-model';
export * from './mlflow.client';
export * from './mlflow.error';
export * from './mlflow.schemas';
export * from './model-registry.constants';
export * from './registered-model.env';
