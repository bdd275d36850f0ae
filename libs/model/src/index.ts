export * from './backend';
export * from './confidence';
export * from './evaluation';
export * from './har';
export * from './metrics';
export * from './model-artifact.error';
export * from './model-artifacts';
export * from './model-config';
export {
  computeInputSeries,
  INPUT_COLUMNS,
  INPUT_WARMUP,
  type InputName,
  type InputSeries,
} from './model-inputs';
export { gatherWindows, type OriginRange, originsOf, scaleInputs } from './dataset';
export { fitLinearQlike, type LinearFit } from './linear-qlike';
export * from './model-preprocessing';
export * from './realized-vol';
export * from './train';
export * from './volatility-model';
export * from './training-speed';
