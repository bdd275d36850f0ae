/** `DependencyProbe[]` of `/health/detailed` */
export const DEPENDENCY_PROBES = Symbol('DEPENDENCY_PROBES');
