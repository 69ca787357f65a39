export const RISKS = ['informational', 'low', 'medium', 'high'] as const;
export type Risk = (typeof RISKS)[number];
export const CONFIDENCES = ['false-positive', 'low', 'medium', 'high', 'confirmed'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

export interface ZapInstance {
  uri: string;
  method: string;
  param: string;
  attack: string;
  evidence: string;
  otherInfo: string;
}

export interface ZapAlert {
  pluginId: string;
  /** `<pluginId>` or `<pluginId>-<n>` for rules that raise several kinds of alert; absent in reports before 2.9. */
  alertRef?: string;
  name: string;
  risk: Risk;
  confidence: Confidence;
  description: string;
  solution: string;
  reference: string;
  cweId?: number;
  wascId?: number;
  site: string;
  instances: ZapInstance[];
  /** The alert's count as ZAP reported it (instances may be fewer: ZAP lists a sample). */
  count: number;
}

export interface ZapReport {
  programName?: string;
  version?: string;
  generated?: string;
  sites: string[];
  alerts: ZapAlert[];
}

/** The rule id code scanning sees: the alertRef when there is one, else the plugin id. */
export function ruleId(alert: Pick<ZapAlert, 'pluginId' | 'alertRef'>): string {
  return alert.alertRef ?? alert.pluginId;
}

export const riskRank = (risk: Risk): number => RISKS.indexOf(risk);
export const confidenceRank = (confidence: Confidence): number => CONFIDENCES.indexOf(confidence);
