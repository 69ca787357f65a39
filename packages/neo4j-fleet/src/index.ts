export { parseSize, formatGiB } from './size';
export {
  parseInventory,
  selectEnvironments,
  readCredentials,
  type Inventory,
  type InventoryInstance,
  type Credentials,
} from './inventory';
export {
  inventorySchema,
  limitsSchema,
  validateInventoryShape,
  validateLimitsShape,
  describeSchemaError,
  type RawLimits,
} from './schema';
export { discoverInstances, describeTypes, tagFilters, type Ec2Instance, type TypeFacts } from './ec2';
export { mergeEnvironment, type Target, type Mismatch } from './merge';
export { DriverQueryRunner, plain, type QueryRunner, type QueryOptions, type Row } from './query-runner';
export { FixtureQueryRunner, type RecordedServer, type RecordedResponse, type RecordedCall } from './fixture-runner';
export { mapLimit, untilAborted } from './concurrency';
export { driverRunner, resolveTargets, type ConnectionSettings, type ResolvedTargets } from './targets';
export { readComponents } from './components';
