export { startTargetApp, freePort, type StartOptions, type TargetApp } from './server';
export {
  createTargetApp,
  DEFAULT_API_KEY,
  type TargetAppOptions,
  type TargetAppStats,
  type RequestRecord,
} from './app';
