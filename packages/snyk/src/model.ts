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
  url?: string;
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
