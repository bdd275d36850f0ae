/** the model being served, as the metrics and health report it (a `ChampionModelSource`) */
export const MODEL_STATUS = Symbol('MODEL_STATUS');
/** `DependencyProbe[]` of `/health/detailed` */
export const DEPENDENCY_PROBES = Symbol('DEPENDENCY_PROBES');
