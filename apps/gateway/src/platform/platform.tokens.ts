/** The components the services page probes (`PlatformComponentProbe[]`). */
export const PLATFORM_PROBES = Symbol('PLATFORM_PROBES');
/** The platform's consoles (`{name, url}[]`). */
export const PLATFORM_LINKS = Symbol('PLATFORM_LINKS');
