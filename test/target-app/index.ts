export { startTargetApp, freePort, type StartOptions, type TargetApp } from './server';
export { spawnTargetApp } from './spawn';
export {
  createTargetApp,
  DEFAULT_API_KEY,
  RATE_LIMIT,
  type TargetAppOptions,
  type TargetAppStats,
  type RequestRecord,
} from './app';
export { TOKEN_EXPIRATION_S, MAX_TOKEN_AGE_S } from './tokens';
