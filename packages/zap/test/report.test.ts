import { parseZapReport, ZapReportError } from '../src/report';
import { fixture } from './fixtures';

describe('parseZapReport', () => {
  it('reads string-typed numbers, alertRef, instances with and without evidence', () => {
    const report = parseZapReport(fixture('baseline-2.15.json'));
    expect(report.version).toBe('2.15.0');
    expect(report.sites).toEqual(['https://staging.api.mycredex.app']);
    const csp = report.alerts[0]!;
    expect(csp).toMatchObject({
      pluginId: '10038',
      alertRef: '10038-1',
      risk: 'medium',
      confidence: 'high',
      cweId: 693,
      wascId: 15,
      count: 3,
    });
    expect(csp.description).toBe('Content Security Policy (CSP) Header Not Set');
    expect(csp.instances[1]).toEqual({
      uri: 'https://staging.api.mycredex.app/v1/login',
      method: 'POST',
      param: '',
      attack: '',
      evidence: '',
      otherInfo: '',
    });
    expect(report.alerts[1]!.count).toBe(7);
    expect(report.alerts.map((a) => a.risk)).toEqual(['medium', 'low', 'informational', 'medium', 'informational']);
  });

  it('reads a ZAP 2.8 report: no alertRef, one site as an object, instances without evidence/attack', () => {
    const report = parseZapReport(fixture('legacy-2.8-no-alertref.json'));
    expect(report.sites).toEqual(['http://localhost:5000']);
    expect(report.alerts.map((a) => [a.pluginId, a.alertRef, a.risk])).toEqual([
      ['10016', undefined, 'low'],
      ['10020', undefined, 'medium'],
    ]);
    expect(report.alerts[0]!.instances[0]).toMatchObject({ evidence: '', attack: '', param: 'X-XSS-Protection' });
  });

  it('reads several sites, and no CWE when ZAP says -1', () => {
    expect(parseZapReport(fixture('multi-site.json')).alerts.map((a) => a.site)).toEqual([
      'https://staging.api.mycredex.app',
      'https://cdn.example.net',
    ]);
    expect(parseZapReport(fixture('informational-only.json')).alerts[0]!.cweId).toBeUndefined();
  });

  it('says what is wrong with something that is not a ZAP report', () => {
    expect(() => parseZapReport('<html>')).toThrow(ZapReportError);
    expect(() => parseZapReport('{"alerts": []}')).toThrow(/no 'site'/);
    expect(parseZapReport('{"@version": "2.15.0", "site": []}').alerts).toEqual([]);
  });
});
