// Apart from driver.ts so that reading inputs does not load neo4j-driver.

const SCHEMES = ['bolt', 'bolt+s', 'bolt+ssc', 'neo4j', 'neo4j+s', 'neo4j+ssc'];

/** Returns a problem with the URI, or undefined when it is usable. */
export function uriProblem(uri: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    return `is not a URI: ${JSON.stringify(uri)}`;
  }
  const scheme = parsed.protocol.replace(/:$/, '');
  if (!SCHEMES.includes(scheme)) return `has scheme '${scheme}', expected one of ${SCHEMES.join(', ')}`;
  if (!parsed.hostname) return 'has no host';
  return undefined;
}
