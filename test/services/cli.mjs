#!/usr/bin/env node
// npm run services:start | services:stop, or: node test/services/cli.mjs start|stop|status
import { formatMs } from './format.mjs';
import { ENV_FILE, MissingToolsError, servicesStatus, startServices, stopServices } from './services.mjs';

const command = process.argv[2];
try {
  if (command === 'start') {
    const { started, timings } = await startServices({ owner: 'cli' });
    if (started.length === 0) {
      console.log(`services: already running and answering (checked in ${formatMs(timings.total)}); ${ENV_FILE}`);
    } else {
      const parts = started.map((name) => `${name} ${formatMs(timings[name])}`).join(', ');
      console.log(`services: started ${parts} (total ${formatMs(timings.total)}); coordinates in ${ENV_FILE}`);
    }
  } else if (command === 'stop') {
    const { stopped } = await stopServices();
    console.log(stopped.length ? `services: stopped ${stopped.join(', ')}` : 'services: nothing was running');
  } else if (command === 'status') {
    const status = await servicesStatus();
    const line = (name, s, where) =>
      s
        ? `${name}: pid ${s.pid}, ${where(s)}, ${s.answers ? 'answering' : `NOT answering (${s.problem})`}`
        : `${name}: not started`;
    console.log(line('neo4j', status.neo4j, (s) => s.uris.join(' ')));
    console.log(line('moto', status.moto, (s) => s.endpoint));
    if (status.owner) console.log(`started by: ${status.owner}`);
    process.exitCode = status.neo4j?.answers && status.moto?.answers ? 0 : 1;
  } else {
    console.error('usage: node test/services/cli.mjs start|stop|status');
    process.exitCode = 2;
  }
} catch (error) {
  console.error(`services: ${error instanceof MissingToolsError ? error.message : (error?.message ?? error)}`);
  process.exitCode = 1;
}
