import { type Candle, MarketDataError } from '@crypto/candles';
import { type VolRegime, volRegime } from '@crypto/signals';
import * as tf from '@tensorflow/tfjs';
import { type BackendName, initBackend } from './backend';
import { forecastConfidence } from './confidence';
import { scaleInputs } from './dataset';
import { ModelArtifactError } from './model-artifact.error';
import { ARTIFACT_FILES, artifactsChecksum, type ModelArtifacts, sha256 } from './model-artifacts';
import {
  computeInputSeries,
  INPUT_WARMUP,
  type InputName,
  type InputSeries,
  isInputName,
} from './model-inputs';
import { ModelPreprocessing, PREPROCESSING_FORMAT_VERSION } from './model-preprocessing';
import { forecastLogVariance } from './bilstm-network';

export type RiskLevel = 'low' | 'medium' | 'high';

/** SPEC §6: the ML risk level follows the regime of the predicted vol. */
export const RISK_LEVEL: Record<VolRegime, RiskLevel> = { calm: 'low', normal: 'medium', turbulent: 'high' };

export interface VolatilityForecast {
  /** Predicted realized vol of the next H candles (natural scale, per-candle std of returns). */
  prediction: number;
  /** vol24 of the last candle (SPEC §5), 0 when undefined. */
  current_volatility: number;
  /** volRegime(prediction): the heuristic's thresholds. */
  volatility_regime: VolRegime;
  risk_level: RiskLevel;
  /**
   * In [0, 1]: of the model's test-window forecasts at a similar predicted level (the same quintile), the share
   * whose realized vol came within ±25 % of the forecast (docs/model-card.md).
   */
  confidence: number;
  /** ts of the last candle used. */
  candle_ts: number;
}

export { ModelPreprocessing } from './model-preprocessing';

/** A trained model and its preprocessing, ready to predict. */
export class VolatilityModel {
  private readonly columns: InputName[];

  private constructor(
    private readonly network: tf.LayersModel,
    readonly preprocessing: ModelPreprocessing,
  ) {
    this.columns = preprocessing.feature_columns as InputName[];
  }

  /** @internal the training code's constructor; others load models with {@link fromArtifacts}. */
  static fromNetwork(network: tf.LayersModel, preprocessing: ModelPreprocessing): VolatilityModel {
    return new VolatilityModel(network, preprocessing);
  }

  /** Candles needed by predict(): L plus the inputs' warm-up (720 candles of returns). */
  get requiredCandles(): number {
    return this.preprocessing.required_candles;
  }

  get sequenceLength(): number {
    return this.preprocessing.sequence_length;
  }

  get horizon(): number {
    return this.preprocessing.horizon;
  }

  /**
   * Forecast of the realized vol of the next H candles after the last candle given, from the last
   * requiredCandles of them; MarketDataError('INSUFFICIENT_DATA') when fewer are given.
   */
  predict(candles: readonly Candle[]): VolatilityForecast {
    if (candles.length < this.requiredCandles) {
      throw new MarketDataError(
        'INSUFFICIENT_DATA',
        `the model needs ${this.requiredCandles} candles (L ${this.sequenceLength} + ${INPUT_WARMUP} of warm-up), got ${candles.length}`,
      );
    }
    const recent = candles.slice(candles.length - this.requiredCandles);
    const last = recent.length - 1;
    // the one window scored reads the last L rows of inputs: only those are computed
    const series = computeInputSeries(recent, last - this.sequenceLength + 1);
    return this.toForecast(series, last, this.predictOrigins(series, Int32Array.of(last))[0]!);
  }

  /**
   * Forecasts at the last `count` candles of each market's candles, all through the network in one batch
   * (the stream consumer scores the candles that arrive together this way). Each market's candles must hold
   * requiredCandles − 1 candles before the first one scored; `result[i][j]` then equals
   * `predict(markets[i].candles.slice(0, n − count + j + 1))`. A market with too few candles gets no forecast
   * for the candles it cannot cover (its array is shorter: the latest candles are scored first).
   */
  predictLatest(markets: readonly { candles: readonly Candle[]; count: number }[]): VolatilityForecast[][] {
    const first = this.requiredCandles - 1;
    const width = this.columns.length;
    const prepared = markets.map(({ candles, count }) => {
      // the oldest candle any scored window reaches back to
      const from = Math.max(0, candles.length - count - first);
      const recent = from === 0 ? candles : candles.slice(from);
      const start = Math.max(first, recent.length - count);
      const series = computeInputSeries(recent, start - this.sequenceLength + 1);
      return { series, start, scored: Math.max(0, recent.length - start) };
    });
    const total = prepared.reduce((sum, p) => sum + p.scored, 0);
    if (total === 0) return markets.map(() => []);
    // the markets' scaled rows end to end: a window never crosses from one market into the next (origins ≥ first)
    const rows = prepared.reduce((sum, p) => sum + p.series.length, 0);
    const scaled = new Float32Array(rows * width);
    const origins = new Int32Array(total);
    let row = 0;
    let k = 0;
    for (const p of prepared) {
      scaled.set(scaleInputs(p.series, this.columns, this.preprocessing.scaler), row * width);
      for (let t = p.start; t < p.series.length; t++) origins[k++] = row + t;
      row += p.series.length;
    }
    const logVariance = forecastLogVariance(this.network, scaled, width, this.sequenceLength, origins);
    k = 0;
    return prepared.map((p) => {
      const out: VolatilityForecast[] = [];
      for (let t = p.start; t < p.series.length; t++) {
        out.push(this.toForecast(p.series, t, Math.exp(logVariance[k++]! / 2)));
      }
      return out;
    });
  }

  private toForecast(series: InputSeries, t: number, prediction: number): VolatilityForecast {
    const vol24 = series.features.vol24[t]!;
    const regime = volRegime(prediction);
    return {
      prediction,
      current_volatility: Number.isNaN(vol24) ? 0 : vol24,
      volatility_regime: regime,
      risk_level: RISK_LEVEL[regime],
      confidence: forecastConfidence(this.preprocessing.confidence, prediction),
      candle_ts: series.ts[t]!,
    };
  }

  /**
   * The forecast at every candle of the series (NaN before the first full window): element t equals
   * predict(candles.slice(0, t + 1)).prediction.
   */
  predictSeries(candles: readonly Candle[]): Float64Array {
    const out = new Float64Array(candles.length).fill(NaN);
    const first = this.requiredCandles - 1;
    if (candles.length <= first) return out;
    const origins = Int32Array.from({ length: candles.length - first }, (_, i) => first + i);
    out.set(this.predictOrigins(computeInputSeries(candles), origins), first);
    return out;
  }

  /** @internal forecast vols of the given origins of a series. */
  predictOrigins(series: InputSeries, origins: Int32Array): Float64Array {
    const scaled = scaleInputs(series, this.columns, this.preprocessing.scaler);
    const logVariance = forecastLogVariance(
      this.network,
      scaled,
      this.columns.length,
      this.sequenceLength,
      origins,
    );
    // ln σ² → σ, in float64 from the float32 output.
    return Float64Array.from(logVariance, (v) => Math.exp(v / 2));
  }

  /** The model's files: TF.js topology and weights through an in-memory IO handler, and the preprocessing. */
  async toArtifacts(): Promise<ModelArtifacts> {
    let saved: tf.io.ModelArtifacts | undefined;
    await this.network.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
      }),
    );
    const { modelTopology, weightSpecs, weightData } = saved!;
    const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(weightData!));
    const topology = encodeJson({
      format: 'layers-model',
      generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
      convertedBy: null,
      modelTopology,
      weightsManifest: [{ paths: [ARTIFACT_FILES.weights], weights: weightSpecs }],
    });
    const preprocessing = encodeJson({
      ...this.preprocessing,
      files_sha256: {
        [ARTIFACT_FILES.topology]: sha256(topology),
        [ARTIFACT_FILES.weights]: sha256(weights),
      },
    });
    return {
      files: {
        [ARTIFACT_FILES.topology]: topology,
        [ARTIFACT_FILES.weights]: weights,
        [ARTIFACT_FILES.preprocessing]: preprocessing,
      },
    };
  }

  /**
   * Loads a model from its files: checks that each is present, that model.json and weights.bin match the
   * sha256 recorded in preprocessing.json (and the whole set matches `checksum` when given), and that the
   * preprocessing names only inputs this code computes, in the format it reads. ModelArtifactError otherwise.
   */
  static async fromArtifacts(
    artifacts: ModelArtifacts,
    options: { checksum?: string } = {},
  ): Promise<VolatilityModel> {
    if (options.checksum !== undefined && artifactsChecksum(artifacts) !== options.checksum) {
      throw new ModelArtifactError(
        'CHECKSUM_MISMATCH',
        `model files do not match checksum ${options.checksum}`,
      );
    }
    const file = (name: string) => {
      const bytes = artifacts.files[name];
      if (!bytes) throw new ModelArtifactError('MISSING_FILE', `model artifacts lack ${name}`);
      return bytes;
    };
    const preprocessing = parsePreprocessing(file(ARTIFACT_FILES.preprocessing));
    const topologyBytes = file(ARTIFACT_FILES.topology);
    const weights = file(ARTIFACT_FILES.weights);
    for (const [name, bytes] of [
      [ARTIFACT_FILES.topology, topologyBytes],
      [ARTIFACT_FILES.weights, weights],
    ] as const) {
      if (sha256(bytes) !== preprocessing.files_sha256[name]) {
        throw new ModelArtifactError(
          'CHECKSUM_MISMATCH',
          `${name} does not match the sha256 in preprocessing.json`,
        );
      }
    }
    const topology = decodeJson(topologyBytes, ARTIFACT_FILES.topology) as {
      modelTopology?: object;
      weightsManifest?: { weights: tf.io.WeightsManifestEntry[] }[];
    };
    if (!topology.modelTopology || !topology.weightsManifest) {
      throw new ModelArtifactError('CORRUPTED', `${ARTIFACT_FILES.topology} is not a TF.js layers model`);
    }
    await initBackend();
    let network: tf.LayersModel;
    try {
      network = await tf.loadLayersModel(
        tf.io.fromMemory({
          modelTopology: topology.modelTopology,
          weightSpecs: topology.weightsManifest.flatMap((group) => group.weights),
          // A view of its own: TF.js reads weightData as a whole ArrayBuffer.
          weightData: weights.slice().buffer,
        }),
      );
    } catch (error) {
      throw new ModelArtifactError('CORRUPTED', `TF.js cannot load the model: ${String(error)}`, {
        cause: error,
      });
    }
    const [windowShape] = network.inputs.map((input) => input.shape);
    const expected = [null, preprocessing.sequence_length, preprocessing.feature_columns.length];
    if (JSON.stringify(windowShape) !== JSON.stringify(expected)) {
      network.dispose();
      throw new ModelArtifactError(
        'INCOMPATIBLE',
        `network input ${JSON.stringify(windowShape)} does not fit the preprocessing (${JSON.stringify(expected)})`,
      );
    }
    return new VolatilityModel(network, preprocessing);
  }

  dispose(): void {
    this.network.dispose();
  }
}

function parsePreprocessing(bytes: Uint8Array): ModelPreprocessing {
  const parsed = ModelPreprocessing.safeParse(decodeJson(bytes, ARTIFACT_FILES.preprocessing));
  if (!parsed.success) {
    throw new ModelArtifactError('CORRUPTED', `${ARTIFACT_FILES.preprocessing}: ${parsed.error.message}`);
  }
  const preprocessing = parsed.data;
  if (preprocessing.format_version !== PREPROCESSING_FORMAT_VERSION) {
    throw new ModelArtifactError(
      'INCOMPATIBLE',
      `preprocessing format ${preprocessing.format_version}, this code reads ${PREPROCESSING_FORMAT_VERSION}`,
    );
  }
  const unknown = preprocessing.feature_columns.filter((name) => !isInputName(name));
  if (unknown.length) {
    throw new ModelArtifactError('INCOMPATIBLE', `unknown input columns: ${unknown.join(', ')}`);
  }
  const width = preprocessing.feature_columns.length;
  if (preprocessing.scaler.mean.length !== width || preprocessing.scaler.std.length !== width) {
    throw new ModelArtifactError('INCOMPATIBLE', `scaler parameters do not match ${width} input columns`);
  }
  return preprocessing;
}

const encodeJson = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

function decodeJson(bytes: Uint8Array, name: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new ModelArtifactError('CORRUPTED', `${name} is not valid JSON`, { cause: error });
  }
}

export type { BackendName };
