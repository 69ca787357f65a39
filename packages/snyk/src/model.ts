import type { Severity } from './severity';

export type FindingKind = 'vulnerability' | 'license' | 'code' | 'iac';

export interface SnykFinding {
  id: string;
  title: string;
  severity: Severity;
  kind: FindingKind;
  packageName?: string;
  version?: string;
  cvssScore?: number;
  cves: string[];
  cwes: string[];
  /** Each dependency path that brings the package in (first entry is the project itself). */
  paths: string[][];
  /** The direct dependency to upgrade to, when Snyk knows one. */
  upgradeTo?: string;
  fixedIn: string[];
  isUpgradable: boolean;
  isPatchable: boolean;
  /** A file in the repository this finding belongs to (manifest, source file, IaC file). */
  file?: string;
  line?: number;
  /** The whole region Snyk reported (Snyk Code), so code scanning highlights what Snyk highlighted. */
  region?: Region;
  /** Snyk Code's data flow from source to sink. */
  codeFlows?: { file: string; region: Region }[][];
  /** Set when Snyk itself ignores the finding (Snyk Code's consistent ignores: SARIF `suppressions`). */
  snykIgnore?: SnykIgnore;
  url?: string;
}

export interface Region {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}

export interface SnykIgnore {
  kind: 'inSource' | 'external';
  status?: 'accepted' | 'underReview' | 'rejected';
  justification?: string;
  /** Snyk's ignore category (e.g. wont-fix, not-vulnerable, temporary-ignore), when given. */
  category?: string;
  /** When the ignore ends (ISO date), when given. */
  expires?: string;
}

export interface SnykProject {
  /** What was scanned: the manifest, image or folder, as Snyk names it. */
  name: string;
  /** Manifest or file in the repository, relative, when Snyk reports one. */
  targetFile?: string;
  packageManager?: string;
  /** Set when Snyk could not test this project (`ok: false` with `error`). */
  error?: string;
  findings: SnykFinding[];
}
