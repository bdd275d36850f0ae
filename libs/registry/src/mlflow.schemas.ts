import { z } from 'zod';

// MLflow REST 2.0 shapes (https://mlflow.org/docs/latest/rest-api.html): only the fields the platform
// reads; unknown fields pass through so a newer server does not break us.

export const RunStatus = z.enum(['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED']);
export type RunStatus = z.infer<typeof RunStatus>;

export const Experiment = z.looseObject({
  experiment_id: z.string(),
  name: z.string(),
  artifact_location: z.string().optional(),
  lifecycle_stage: z.string().optional(),
});
export type Experiment = z.infer<typeof Experiment>;

const KeyValue = z.object({ key: z.string(), value: z.string() });
const Metric = z.object({
  key: z.string(),
  value: z.number(),
  timestamp: z.coerce.number(),
  step: z.coerce.number().optional(),
});

export const RunInfo = z.looseObject({
  run_id: z.string(),
  experiment_id: z.string(),
  run_name: z.string().optional(),
  status: RunStatus,
  artifact_uri: z.string(),
  start_time: z.coerce.number().optional(),
  end_time: z.coerce.number().optional(),
});
export type RunInfo = z.infer<typeof RunInfo>;

export const Run = z.object({
  info: RunInfo,
  data: z
    .object({
      metrics: z.array(Metric).optional(),
      params: z.array(KeyValue).optional(),
      tags: z.array(KeyValue).optional(),
    })
    .default({}),
});
export type Run = z.infer<typeof Run>;

export const FileInfo = z.object({
  path: z.string(),
  is_dir: z.boolean().optional(),
  file_size: z.coerce.number().optional(),
});
export type FileInfo = z.infer<typeof FileInfo>;

const Tag = z.object({ key: z.string(), value: z.string().default('') });

export const ModelVersionStatus = z.enum(['PENDING_REGISTRATION', 'FAILED_REGISTRATION', 'READY']);
export type ModelVersionStatus = z.infer<typeof ModelVersionStatus>;

export const ModelVersion = z.looseObject({
  name: z.string(),
  version: z.string(),
  /** where the version's files are: the run's `mlflow-artifacts:/…/artifacts/model` */
  source: z.string(),
  run_id: z.string().optional(),
  status: ModelVersionStatus.optional(),
  status_message: z.string().optional(),
  creation_timestamp: z.coerce.number().optional(),
  last_updated_timestamp: z.coerce.number().optional(),
  description: z.string().optional(),
  tags: z.array(Tag).default([]),
  aliases: z.array(z.string()).default([]),
});
export type ModelVersion = z.infer<typeof ModelVersion>;

export const RegisteredModel = z.looseObject({
  name: z.string(),
  creation_timestamp: z.coerce.number().optional(),
  last_updated_timestamp: z.coerce.number().optional(),
  description: z.string().optional(),
  tags: z.array(Tag).default([]),
  aliases: z.array(z.object({ alias: z.string(), version: z.string() })).default([]),
});
export type RegisteredModel = z.infer<typeof RegisteredModel>;

export const ErrorBody = z.object({ error_code: z.string(), message: z.string() });
