// The reports as CSV, for a spreadsheet or a weekly mail: one row per figure, plain columns.
import type { CampaignReport } from './campaign-report.ts';
import type { ExperimentReport } from './experiment-report.ts';
import type { ShopperReport } from './shopper-report.ts';

/** One CSV field: quoted when it must be; a leading =, +, - or @ defused (a spreadsheet would run it). */
const field = (value: unknown): string => {
  let text = value === null || value === undefined ? '' : typeof value === 'number' ? (Number.isFinite(value) ? String(Math.round(value * 1e6) / 1e6) : '') : String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value !== 'number') text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};
const table = (header: string[], rows: unknown[][]) => `${[header, ...rows].map((r) => r.map(field).join(',')).join('\n')}\n`;

/** Per variation and metric: shoppers, the metric's mean and count, and against control its lift and the three readings. */
export function experimentCsv(report: ExperimentReport): string {
  const rows: unknown[][] = [];
  for (const v of report.variations) {
    for (const [metric, m] of Object.entries(v.metrics)) {
      const r = report.results.find((x) => x.variant === v.id && x.metric === metric);
      rows.push([
        v.id,
        metric,
        v.shoppers,
        m.mean,
        m.count,
        r?.lift,
        r?.frequentist.interval[0],
        r?.frequentist.interval[1],
        r?.frequentist.pValue,
        r?.bayesian.chanceToWin,
        r?.sequential.interval[0],
        r?.sequential.interval[1],
        r ? (r.enoughData ? 'yes' : 'no') : '',
        report.srm.pValue,
        report.status,
      ]);
    }
  }
  return table(['variant', 'metric', 'shoppers', 'mean', 'count', 'lift', 'ci_low', 'ci_high', 'p_value', 'chance_to_win', 'always_valid_low', 'always_valid_high', 'enough_data', 'srm_p_value', 'status'], rows);
}

/** Per phase, metric and key: events, shoppers and value. */
export function campaignCsv(report: CampaignReport): string {
  const rows: unknown[][] = [];
  for (const [phase, metrics] of Object.entries(report.phases)) for (const [metric, c] of Object.entries(metrics)) rows.push([phase, metric, '*', c.events, c.shoppers, c.value]);
  for (const [metric, list] of Object.entries(report.byKey)) for (const c of list) rows.push(['*', metric, c.key, c.events, c.shoppers, c.value]);
  return table(['phase', 'metric', 'key', 'events', 'shoppers', 'value'], rows);
}

/** Per snapshot and brand: AIPL stage counts and FAST; RFM tiers per snapshot (brand empty). */
export function shopperCsv(report: ShopperReport): string {
  const rows: unknown[][] = [];
  for (const [brand, series] of Object.entries(report.aipl)) {
    for (const point of series) {
      const f = report.fast[brand]?.find((x) => x.at === point.at);
      rows.push([new Date(point.at).toISOString(), brand, 'aipl', ...['awareness', 'interest', 'purchase', 'loyalty'].map((s) => point.stages[s] ?? 0), f?.reachable, f?.advancing, f?.superUsers, f?.thriving, '', '']);
    }
  }
  for (const point of report.rfm) for (const [segment, n] of Object.entries(point.segments)) rows.push([new Date(point.at).toISOString(), '', 'rfm', '', '', '', '', '', '', '', '', segment, n]);
  return table(['at', 'brand', 'kind', 'awareness', 'interest', 'purchase', 'loyalty', 'fast_f', 'fast_a', 'fast_s', 'fast_t', 'rfm_segment', 'shoppers'], rows);
}
