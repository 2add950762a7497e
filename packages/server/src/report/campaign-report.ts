// What a scene's venue earned, from the campaign counts the refresh job keeps (campaign.sql): per
// phase, the venue's reach (floor views), its floors' clicks, coupons, group buys, live-stream clicks,
// word of mouth (shares → landings through a referrer code → their orders) and the orders of shoppers
// after they saw the venue; and day by day for the charts.
import { sceneTimeline, type SceneConfig } from '@shopscene/core';
import type { Db } from '../db/database.ts';

/** What campaign.sql counts. */
export const CAMPAIGN_METRICS = ['floor_view', 'floor_click', 'coupon', 'group_start', 'group_join', 'group_fill', 'live_click', 'share', 'landing', 'referred_order', 'venue_order'] as const;
export type CampaignMetric = (typeof CAMPAIGN_METRICS)[number];

/** Events, distinct shoppers, and value (order revenue) of one metric. */
export interface Count {
  events: number;
  shoppers: number;
  value: number;
}

/** A scene's campaign report. */
export interface CampaignReport {
  scene: { id: string; phases: { phase: string; start: number; end: number }[]; configured: boolean };
  /** Per phase ('*': the whole scene), each metric's total. */
  phases: Record<string, Record<CampaignMetric, Count>>;
  /** The whole scene, per metric and key: floors (views, clicks), coupons, products (group buys), streams, referrer codes. */
  byKey: Record<CampaignMetric, { key: string; events: number; shoppers: number; value: number }[]>;
  /** Day by day, each metric's events (and value for orders). */
  daily: { day: number; counts: Partial<Record<CampaignMetric, number>>; revenue: number }[];
}

type Row = { phase: string; day: number; metric: CampaignMetric; key: string; events: number; shoppers: number; value: number };

const empty = (): Record<CampaignMetric, Count> => Object.fromEntries(CAMPAIGN_METRICS.map((m) => [m, { events: 0, shoppers: 0, value: 0 }])) as Record<CampaignMetric, Count>;

/** Builds the report of one scene (a scene out of the config is reported from its counts). */
export async function campaignReport(db: Db, store: string, sceneId: string, config: SceneConfig | null): Promise<CampaignReport | null> {
  const { rows } = await db.query<Row>('SELECT phase, day, metric, key, events, shoppers, value FROM campaign_counts WHERE store_id = $1 AND scene_id = $2', [store, sceneId]);
  const scene = config?.scenes.find((s) => s.id === sceneId);
  if (!rows.length && !scene) return null;
  const timeline = scene ? sceneTimeline(scene) : null;
  const phases: CampaignReport['phases'] = { '*': empty() };
  const byKey = Object.fromEntries(CAMPAIGN_METRICS.map((m) => [m, []])) as unknown as CampaignReport['byKey'];
  const days = new Map<number, CampaignReport['daily'][number]>();
  for (const r of rows) {
    const count = { events: Number(r.events), shoppers: Number(r.shoppers), value: Number(r.value) };
    const day = Number(r.day);
    if (day !== -1) {
      const point = days.get(day) ?? { day, counts: {}, revenue: 0 };
      point.counts[r.metric] = (point.counts[r.metric] ?? 0) + count.events;
      if (r.metric === 'venue_order') point.revenue += count.value;
      days.set(day, point);
      continue;
    }
    if (r.key === '*') (phases[r.phase] ??= empty())[r.metric] = count;
    else if (r.phase === '*') byKey[r.metric]?.push({ key: r.key, ...count });
  }
  for (const list of Object.values(byKey)) list.sort((a, b) => b.events - a.events || (a.key < b.key ? -1 : 1));
  return {
    scene: {
      id: sceneId,
      phases: timeline ? timeline.phases.map((p, i) => ({ phase: p.phase, start: p.start, end: timeline.phases[i + 1]?.start ?? timeline.end })) : [],
      configured: !!scene,
    },
    phases,
    byKey,
    daily: [...days.values()].sort((a, b) => a.day - b.day),
  };
}

/** Every scene with counts or in the config: its id, floor views and orders after a view. */
export async function campaignList(db: Db, store: string, config: SceneConfig | null): Promise<{ id: string; views: number; orders: number; revenue: number; configured: boolean }[]> {
  const { rows } = await db.query<{ scene_id: string; views: number; orders: number; revenue: number }>(
    `SELECT scene_id,
       sum(CASE WHEN metric = 'floor_view' THEN events ELSE 0 END) AS views,
       sum(CASE WHEN metric = 'venue_order' THEN events ELSE 0 END) AS orders,
       sum(CASE WHEN metric = 'venue_order' THEN value ELSE 0 END) AS revenue
     FROM campaign_counts WHERE store_id = $1 AND phase = '*' AND day = -1 GROUP BY scene_id ORDER BY scene_id`,
    [store],
  );
  const listed = rows.map((r) => ({ id: r.scene_id, views: Number(r.views), orders: Number(r.orders), revenue: Number(r.revenue), configured: !!config?.scenes.some((s) => s.id === r.scene_id) }));
  for (const s of config?.scenes ?? []) if (!listed.some((l) => l.id === s.id)) listed.push({ id: s.id, views: 0, orders: 0, revenue: 0, configured: true });
  return listed;
}
