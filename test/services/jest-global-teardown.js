import { releaseJestLease } from './services.mjs';

// Stops the services only when a jest run started them and no other jest run still holds a lease.
export default async function globalTeardown() {
  const { stopped } = await releaseJestLease();
  if (stopped.length > 0) process.stderr.write(`test services: stopped ${stopped.join(', ')}\n`);
}
