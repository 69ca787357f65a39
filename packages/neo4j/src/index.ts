export { createDriver, type Neo4jTarget } from './driver';
export { uriProblem } from './uri';
export { classifyNeo4jError, describeNeo4jProblem, type Neo4jProblem, type Neo4jProblemKind } from './errors';
export { checkConnectivity, detectServer, type ConnectivityResult, type ServerFacts } from './server-info';
