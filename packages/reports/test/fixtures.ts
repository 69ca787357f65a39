import { automationId, type SarifRunInput } from '../src/index';

/** A ZAP-like run used by the SARIF builder and validation tests. */
export const zapRun: SarifRunInput = {
  tool: {
    name: 'OWASP ZAP',
    version: '2.15.0',
    informationUri: 'https://www.zaproxy.org/',
    rules: [
      {
        id: '10038',
        name: 'ContentSecurityPolicyHeaderNotSet',
        shortDescription: 'Content Security Policy (CSP) Header Not Set',
        fullDescription: 'CSP is an added layer of security.',
        helpUri: 'https://www.zaproxy.org/docs/alerts/10038/',
        help: { text: 'Set the header.', markdown: '**Set** the `Content-Security-Policy` header.' },
        tags: ['security', 'external/cwe/cwe-693', 'security'],
        securitySeverity: 5.5,
        level: 'warning',
      },
      { id: '40012', shortDescription: 'Cross Site Scripting (Reflected)', securitySeverity: '11', level: 'error' },
      { id: 'lic', shortDescription: 'License issue', securitySeverity: 'high' },
    ],
  },
  results: [
    {
      ruleId: '40012',
      message: 'POST https://staging.example/v1/login parameter `phone` reflects <script>',
      locations: [{ uri: 'docs/openapi.yaml', startLine: 10, startColumn: 3, endLine: 12, endColumn: 1 }],
      partialFingerprints: { 'zap/alertRef': '40012-1' },
    },
    { ruleId: '10038', level: 'note', message: 'missing CSP', locations: [{ uri: 'docs/openapi.yaml' }] },
    { ruleId: 'lic', message: 'GPL', locations: [{ uri: 'package.json', startLine: 1 }] },
  ],
  automationId: automationId('zap-scan', 'staging', 'baseline'),
};
