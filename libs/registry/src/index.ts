export * from './mlflow.client';
export * from './mlflow.error';
export * from './mlflow.schemas';
