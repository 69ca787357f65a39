import { Neo4jError } from 'neo4j-driver';
import { classifyNeo4jError, describeNeo4jProblem, uriProblem } from '@credex/neo4j';

describe('classifyNeo4jError', () => {
  test.each([
    [
      'Neo.ClientError.Security.Unauthorized',
      'The client is unauthorized due to authentication failure.',
      'credentials',
    ],
    ['Neo.ClientError.Database.DatabaseNotFound', "Database does not exist. Database name: 'ledger'.", 'database'],
    ['ServiceUnavailable', 'Could not perform discovery. No routing servers available.', 'unreachable'],
    ['Neo.ClientError.Statement.UnsupportedAdministrationCommand', 'Unsupported administration command', 'unsupported'],
    [
      'Neo.ClientError.Procedure.ProcedureNotFound',
      'There is no procedure with the name `dbms.licenseAgreementDetails`',
      'unsupported',
    ],
    ['Neo.ClientError.Statement.SemanticError', 'Something else', 'other'],
  ])('%s → %s', (code, message, kind) => {
    const problem = classifyNeo4jError(new Neo4jError(message, code, 'gql', 'desc'));
    expect(problem).toEqual({ kind, code, message });
  });

  test('TLS failures are told apart from unreachable servers', () => {
    const error = new Neo4jError(
      'Failed to connect to server. Caused by: self-signed certificate',
      'ServiceUnavailable',
      'gql',
      'desc',
    );
    expect(classifyNeo4jError(error).kind).toBe('tls');
    const refused = new Neo4jError(
      'Failed to connect to server. Caused by: connect ECONNREFUSED 127.0.0.1:1',
      'ServiceUnavailable',
      'g',
      'd',
    );
    expect(classifyNeo4jError(refused).kind).toBe('unreachable');
  });

  test('non-Error values are handled', () => {
    expect(classifyNeo4jError('boom')).toEqual({ kind: 'other', code: 'unknown', message: 'boom' });
  });

  test('descriptions say what kind of problem it is', () => {
    expect(
      describeNeo4jProblem({ kind: 'credentials', code: 'Neo.ClientError.Security.Unauthorized', message: 'x' }),
    ).toBe('bad credentials (Neo.ClientError.Security.Unauthorized): x');
  });
});

describe('uriProblem', () => {
  test.each(['neo4j+s://ledger.staging.example:7687', 'bolt://127.0.0.1:7687', 'neo4j://host'])('%s is fine', (uri) => {
    expect(uriProblem(uri)).toBeUndefined();
  });
  test.each([
    ['http://host:7474', /scheme 'http'/],
    ['not a uri', /is not a URI/],
  ])('%s is rejected', (uri, message) => {
    expect(uriProblem(uri)).toMatch(message);
  });
});
