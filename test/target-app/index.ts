export { startTargetApp, freePort, type StartOptions, type TargetApp } from './server';
export { spawnTargetApp } from './spawn';
export {
  createTargetApp,
  DEFAULT_API_KEY,
  type TargetAppOptions,
  type TargetAppStats,
  type RequestRecord,
} from './app';
