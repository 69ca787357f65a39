// Seeds credex-core's development service into the running moto server (see scripts/demo/moto-ecs.ts) and prints
// KEY=value lines for GITHUB_ENV, so CI can run blue-green-deploy and rollback against it with `uses:`.
// Usage: npx tsx scripts/seed-moto-ecs.ts >> "$GITHUB_ENV"
import { servicesEnv } from '../test/services/env';
import { CLUSTER, CONTAINER, ensureCredexService, pushImages, REPOSITORY, SERVICE } from './demo/moto-ecs';

const services = servicesEnv();
const target = await ensureCredexService(services);
await pushImages(services, ['ci']);
const lines = {
  ...target.env,
  CREDEX_CLUSTER: CLUSTER,
  CREDEX_SERVICE: SERVICE,
  CREDEX_CONTAINER: CONTAINER,
  CREDEX_IMAGE: `${REPOSITORY}:ci`,
  CREDEX_PREVIOUS_TASK_DEFINITION: target.revisions[0],
  CREDEX_CURRENT_TASK_DEFINITION: target.revisions[1],
};
for (const [key, value] of Object.entries(lines)) console.log(`${key}=${value}`);
target.ecs.destroy();
