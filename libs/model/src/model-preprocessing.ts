import { z } from 'zod';

/** Version of the preprocessing.json layout and of the input definitions it names; loaders refuse others. */
export const PREPROCESSING_FORMAT_VERSION = 1;

const Metrics = z.object({ rmse: z.number(), mae: z.number(), qlike: z.number(), r2: z.number() });
const Range = z.object({ from_ts: z.number(), to_ts: z.number() });

/**
 * The confidence table: test-window forecasts grouped by predicted level (quantile bins of the forecast), and
 * in each bin the share whose realized vol came within ±tolerance (relative) of the forecast.
 */
export const ConfidenceTable = z.object({
  tolerance: z.number().positive(),
  bins: z
    .array(
      z.object({ max_prediction: z.number().nullable(), hit_rate: z.number().min(0).max(1), n: z.number() }),
    )
    .min(1),
});
export type ConfidenceTable = z.infer<typeof ConfidenceTable>;

/**
 * The HAR-RV baseline fitted by least squares on the training split (SPEC §6): its coefficients on realized
 * vols (`HarCoefficients`) and the origins they were fitted on. Saved so that a later evaluation scores the
 * same baseline on a file too short to refit it (a refit needs 720 origins before the window).
 */
export const HarBaseline = z.object({
  coefficients: z.object({
    intercept: z.number(),
    daily: z.number(),
    weekly: z.number(),
    monthly: z.number(),
  }),
  fit_window: Range.extend({ n: z.number().int().positive() }),
});
export type HarBaseline = z.infer<typeof HarBaseline>;

/** What the model needs besides its weights: saved as preprocessing.json and applied identically at serving. */
export const ModelPreprocessing = z.object({
  format_version: z.number(),
  /** Input columns in network order (names of INPUT_COLUMNS). */
  feature_columns: z.array(z.string()).min(1),
  /** Standardisation of each input column, fitted on the training split only. */
  scaler: z.object({ mean: z.array(z.number()), std: z.array(z.number()) }),
  sequence_length: z.number().int().positive(),
  horizon: z.number().int().min(2),
  /** Candles predict() needs: L plus the inputs' warm-up. */
  required_candles: z.number().int().positive(),
  /** TF.js backend the model was trained on. */
  backend: z.string(),
  /** ts of the first and last candle of the training data. */
  data_range: Range,
  /** sha256 of the training candles (ts,open,high,low,close,volume lines). */
  data_hash: z.string(),
  /** ISO-8601 UTC. */
  trained_at: z.string(),
  config: z.looseObject({}),
  /** The model's metrics on its test window (natural scale), and the baselines' on the same window. */
  test_metrics: Metrics,
  test_window: Range.extend({ n: z.number() }),
  baselines: z.object({ persistence: Metrics, ewma: Metrics, har: Metrics }),
  /** Absent from models trained before it was saved: their evaluations refit HAR-RV. */
  har_baseline: HarBaseline.optional(),
  confidence: ConfidenceTable,
  /** sha256 (hex) of model.json and weights.bin, checked at load. */
  files_sha256: z.record(z.string(), z.string()),
});
export type ModelPreprocessing = z.infer<typeof ModelPreprocessing>;
