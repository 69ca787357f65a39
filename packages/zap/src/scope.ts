import type { ZapReport } from './model';

function origin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** A daemon's report covers every site it has seen; keep the alerts of the target's site only. */
export function onlyTargetSite(report: ZapReport, target: string): ZapReport {
  const wanted = origin(target);
  if (!wanted) return report;
  const keep = (site: string): boolean => origin(site) === wanted;
  return { ...report, sites: report.sites.filter(keep), alerts: report.alerts.filter((a) => keep(a.site)) };
}
