/**
 * Rules-file lines with the verdict ZAP's own parser gives them: `load_config` in zaproxy's docker/zap_common.py
 * (read at commit 90068415b), run by zap-baseline.py / zap-full-scan.py / zap-api-scan.py on `-c`, which open the
 * file as UTF-8 text (LANG=C.UTF-8 in the image) and `sys.exit(3)` on a ValueError. The verdicts were worked out by
 * reading that function (and Python 3.11's `re`, the image's Python), then cross-checked by running `load_config`
 * itself on each row outside this repository.
 *
 * - applies: ZAP accepts the line and it means `effect`;
 * - skipped: a comment or blank line;
 * - stops: ZAP raises ValueError and the script exits 3 before ZAP starts;
 * - crashes: another exception (re.error from an OUTOFSCOPE regex): a Python traceback, exit 1, no report;
 * - never-applies: ZAP accepts the line but it can never match an alert (silently misread);
 * - not-reproducible: valid for ZAP, but a Python regex feature JavaScript cannot express with the same meaning.
 * Only `applies` and `skipped` rows are accepted by the action; every other row is refused, naming the line.
 */
export type ZapVerdict = 'applies' | 'skipped' | 'stops' | 'crashes' | 'never-applies' | 'not-reproducible';

export interface RulesRow {
  name: string;
  /** The whole file (lines joined with \n unless the row says otherwise). */
  text: string | Uint8Array;
  zap: ZapVerdict;
  /** For applies: the actions ZAP records, in order (later lines win). */
  actions?: [string, string][];
  /** For applies: OUTOFSCOPE plugin ids and, per URL, whether `re.match` matches it. */
  outOfScope?: { ids: string[]; matches: Record<string, boolean> };
  /** For refused rows: what our one-line error says. */
  error?: RegExp;
}

const HEALTH = 'https://staging.api.mycredex.app/health';
const DEVADMIN = 'https://staging.api.mycredex.app/v1/devadmin/clearDevDBs';
const MEMBER = 'https://staging.api.mycredex.app/v1/getMember';

export const RULES_TABLE: RulesRow[] = [
  {
    name: 'FAIL with a name',
    text: '10021\tFAIL\t(X-Content-Type-Options Header Missing)',
    zap: 'applies',
    actions: [['10021', 'FAIL']],
  },
  { name: 'IGNORE', text: '10038\tIGNORE\t(Content Security Policy)', zap: 'applies', actions: [['10038', 'IGNORE']] },
  { name: 'INFO', text: '10049\tINFO\t(Storable and Cacheable Content)', zap: 'applies', actions: [['10049', 'INFO']] },
  { name: 'WARN', text: '10098\tWARN\t(Cross-Domain Misconfiguration)', zap: 'applies', actions: [['10098', 'WARN']] },
  {
    name: 'PASS is a level ZAP accepts',
    text: '10020\tPASS\t(Anti-clickjacking Header)',
    zap: 'applies',
    actions: [['10020', 'PASS']],
  },
  {
    name: 'a fourth field is the message',
    text: '10021\tFAIL\t(X-CTO)\tFix before release',
    zap: 'applies',
    actions: [['10021', 'FAIL']],
  },
  {
    name: 'negative plugin id (-1 is a real id)',
    text: '-1\tIGNORE\t(manual alerts)',
    zap: 'applies',
    actions: [['-1', 'IGNORE']],
  },
  {
    name: 'a later line for the same id wins',
    text: '10021\tWARN\t(x)\n10021\tFAIL\t(x)',
    zap: 'applies',
    actions: [['10021', 'FAIL']],
  },
  {
    name: 'CRLF line endings',
    text: '# rules\r\n10021\tFAIL\t(x)\r\n10038\tIGNORE\t(y)\r\n',
    zap: 'applies',
    actions: [
      ['10021', 'FAIL'],
      ['10038', 'IGNORE'],
    ],
  },
  {
    name: 'lone CR line endings (Python universal newlines)',
    text: '10021\tFAIL\t(x)\r10038\tIGNORE\t(y)',
    zap: 'applies',
    actions: [
      ['10021', 'FAIL'],
      ['10038', 'IGNORE'],
    ],
  },
  {
    name: 'trailing whitespace after the name',
    text: '10021\tFAIL\t(x)  \t ',
    zap: 'applies',
    actions: [['10021', 'FAIL']],
  },
  { name: 'comment in the first column', text: '# zap-baseline rule configuration file', zap: 'skipped', actions: [] },
  { name: 'comment holding tabs', text: '#\t10021\tFAIL', zap: 'skipped', actions: [] },
  { name: 'empty and whitespace-only lines', text: '\n   \t  \n', zap: 'skipped', actions: [] },
  { name: 'five fields', text: '10021\tFAIL\t(X-CTO)\tmessage\textra', zap: 'stops', error: /line 1: too many fields/ },
  {
    name: 'two fields',
    text: '10021\tFAIL',
    zap: 'stops',
    error: /line 1: ZAP needs at least 3 tab-separated fields .* found 2/,
  },
  { name: 'an empty third field', text: '10021\tFAIL\t', zap: 'stops', error: /line 1: the third field .* is empty/ },
  {
    name: 'lower-case action',
    text: '10021\tfail\t(x)',
    zap: 'stops',
    error: /line 1: action "fail" must be written exactly FAIL/,
  },
  {
    name: 'space before the action',
    text: '10021\t FAIL\t(x)',
    zap: 'stops',
    error: /line 1: action " FAIL" must be written exactly FAIL/,
  },
  {
    name: 'unknown action',
    text: '10021\tBLOCK\t(x)',
    zap: 'stops',
    error: /line 1: action "BLOCK" is not one of PASS, IGNORE, INFO, WARN, FAIL, OUTOFSCOPE/,
  },
  {
    name: 'spaces instead of tabs',
    text: '10021 FAIL (X-Content-Type-Options)',
    zap: 'stops',
    error: /line 1: fields are separated by spaces; ZAP needs tabs/,
  },
  {
    name: 'indented comment',
    text: '10021\tFAIL\t(x)\n  # not a comment for ZAP',
    zap: 'stops',
    error: /line 2: an indented comment/,
  },
  {
    name: 'tab-indented comment with tabs',
    text: '\t# note\tx',
    zap: 'stops',
    error: /line 1: action "# note" is not one of/,
  },
  {
    name: 'byte-order mark before a rule',
    text: '\ufeff10021\tFAIL\t(x)',
    zap: 'never-applies',
    error: /line 1: starts with a byte-order mark/,
  },
  {
    name: 'byte-order mark before a comment',
    text: '\ufeff# rules\n10021\tFAIL\t(x)',
    zap: 'stops',
    error: /line 1: starts with a byte-order mark/,
  },
  {
    name: 'not UTF-8 (Latin-1 é in a name)',
    text: Uint8Array.from([...Buffer.from('10021\tFAIL\t(caf'), 0xe9, ...Buffer.from(')')]),
    zap: 'stops',
    error: /is not UTF-8 text/,
  },
  {
    name: 'id list outside OUTOFSCOPE',
    text: '10020,10021\tFAIL\t(x)',
    zap: 'never-applies',
    error: /line 1: a list of plugin ids only works with OUTOFSCOPE/,
  },
  {
    name: '* outside OUTOFSCOPE',
    text: '*\tFAIL\t(x)',
    zap: 'never-applies',
    error: /line 1: \* only works with OUTOFSCOPE/,
  },
  {
    name: 'plugin id that is not a number',
    text: 'xss\tFAIL\t(x)',
    zap: 'never-applies',
    error: /line 1: plugin id "xss" is not a number/,
  },
  {
    name: 'space before the plugin id',
    text: ' 10021\tFAIL\t(x)',
    zap: 'never-applies',
    error: /line 1: plugin id " 10021" is not a number/,
  },
  {
    name: 'OUTOFSCOPE for every rule, matched from the start of the URL',
    text: '*\tOUTOFSCOPE\t.*/v1/devadmin/.*',
    zap: 'applies',
    actions: [],
    outOfScope: { ids: ['*'], matches: { [DEVADMIN]: true, [HEALTH]: false } },
  },
  {
    name: 'OUTOFSCOPE with a comma-separated id list',
    text: '10020,10021\tOUTOFSCOPE\thttps://staging\\.api\\.mycredex\\.app/health',
    zap: 'applies',
    actions: [],
    outOfScope: { ids: ['10020', '10021'], matches: { [HEALTH]: true, [`${HEALTH}/deep`]: true, [MEMBER]: false } },
  },
  {
    name: 'OUTOFSCOPE path without .* never matches a full URL (re.match is anchored)',
    text: '10021\tOUTOFSCOPE\t/v1/getMember',
    zap: 'applies',
    actions: [],
    outOfScope: { ids: ['10021'], matches: { [MEMBER]: false, '/v1/getMember': true } },
  },
  {
    name: 'OUTOFSCOPE with a global case-insensitive flag',
    text: '*\tOUTOFSCOPE\t(?i)HTTPS://STAGING\\.API\\.MYCREDEX\\.APP/HEALTH$',
    zap: 'applies',
    actions: [],
    outOfScope: { ids: ['*'], matches: { [HEALTH]: true, [`${HEALTH}/x`]: false } },
  },
  {
    name: 'OUTOFSCOPE with Python named groups and \\d',
    text: '*\tOUTOFSCOPE\t(?P<scheme>https?)://[^/]+/v\\d+/get',
    zap: 'applies',
    actions: [],
    outOfScope: { ids: ['*'], matches: { [MEMBER]: true, [HEALTH]: false } },
  },
  {
    name: 'OUTOFSCOPE with {,n} (Python: 0 to n)',
    text: '*\tOUTOFSCOPE\thttps://x{,3}staging',
    zap: 'applies',
    actions: [],
    outOfScope: { ids: ['*'], matches: { [HEALTH]: true, 'https://xxxxstaging': false } },
  },
  {
    name: 'lower-case outofscope',
    text: '*\toutofscope\t.*',
    zap: 'stops',
    error: /line 1: action "outofscope" must be written exactly OUTOFSCOPE/,
  },
  {
    name: 'OUTOFSCOPE without a regex',
    text: '*\tOUTOFSCOPE\t',
    zap: 'stops',
    error: /line 1: the third field .* is empty/,
  },
  {
    name: 'OUTOFSCOPE regex Python cannot compile',
    text: '*\tOUTOFSCOPE\t.*(/v1/devadmin',
    zap: 'crashes',
    error: /line 1: the URL regex is not valid for Python's re, so ZAP would stop: missing \), unterminated subpattern/,
  },
  {
    name: 'OUTOFSCOPE regex in JavaScript-only syntax (\\p{L})',
    text: '*\tOUTOFSCOPE\t.*\\p{L}',
    zap: 'crashes',
    error: /line 1: the URL regex is not valid for Python's re.*bad escape \\p/,
  },
  {
    name: 'OUTOFSCOPE regex with a JavaScript named group',
    text: '*\tOUTOFSCOPE\t(?<host>[^/]+)',
    zap: 'crashes',
    error: /line 1: the URL regex is not valid for Python's re.*unknown extension \?<h/,
  },
  {
    name: 'OUTOFSCOPE regex with a tab (a fourth field)',
    text: '*\tOUTOFSCOPE\t.*/health\t(health check)',
    zap: 'never-applies',
    error: /line 1: the URL regex contains a tab/,
  },
  {
    name: 'OUTOFSCOPE id list with a name in it',
    text: '10021,xss\tOUTOFSCOPE\t.*',
    zap: 'never-applies',
    error: /line 1: OUTOFSCOPE plugin id "xss" is not a number or \*/,
  },
  {
    name: 'OUTOFSCOPE regex with an atomic group (Python 3.11 only)',
    text: '*\tOUTOFSCOPE\t.*(?>/v1/)devadmin',
    zap: 'not-reproducible',
    error: /line 1: the URL regex is valid Python but cannot be applied the same way here: atomic groups/,
  },
];
