import { decayedValue } from '../profile/decay.ts';
import { PROFILE_DEFAULTS, type Profile } from '../profile/profile-types.ts';
import { matchAudience, type AudienceContext, type AudienceRule } from '../segments/match-audience.ts';
import type { Floor, Phase, Scene, SceneConfig, Theme } from './scene-schema.ts';
import { parseZoned } from './zoned-time.ts';
import { own } from '../util/own.ts';
import { assignVariant } from './assign-variant.ts';

/** The scene a shopper sees now, its phase, when the next phase begins, and their floors in order. */
export interface ActiveScene {
  scene: Scene;
  theme: Theme | undefined;
  phase: Phase;
  /** When the current phase began (epoch ms). */
  phaseStart: number;
  /** The next phase boundary, or the scene's end (epoch ms). */
  nextBoundary: number;
  /** The phase after `nextBoundary`, or null when the scene ends there. */
  nextPhase: Phase | null;
  start: number;
  end: number;
  floors: Floor[];
  /** The scene's A/B test, when it has one: the experiment (the scene's id) and this shopper's variant. */
  experiment?: { id: string; variant: string };
  /** Every A/B test this shopper meets here: the scene's, and those of the floors they see (`scene/floor`). */
  experiments: { id: string; variant: string }[];
}

/** Whom an A/B test sees: the shopper's anonymous id, and variants a preview forces (experiment → variant). */
export interface ExperimentContext {
  subject?: string;
  force?: Record<string, string>;
}

/** When each phase of a scene begins, in order (seeding at the start); and its end. */
export function sceneTimeline(scene: Scene): { phases: { phase: Phase; start: number }[]; start: number; end: number } {
  const { timeZone, start, end, phases = {} } = scene.schedule;
  const at = (text: string) => parseZoned(text, timeZone);
  const list: { phase: Phase; start: number }[] = [{ phase: 'seeding', start: at(start) }];
  for (const phase of ['growing', 'harvest', 'nurture'] as const) if (phases[phase]) list.push({ phase, start: at(phases[phase]!) });
  return { phases: list, start: at(start), end: at(end) };
}

/** How much a floor matches the shopper's interests: the strongest category, brand or tag it draws from. */
function floorInterest(floor: Floor, profile: Profile, now: number): number {
  const half = PROFILE_DEFAULTS.halfLifeDays;
  const best = (keys: string[] | undefined, map: Profile['affinities']['category']) => Math.max(0, ...(keys ?? []).map((k) => decayedValue(own(map, k), now, half)));
  return Math.max(best(floor.source?.categories, profile.affinities.category), best(floor.source?.brands, profile.affinities.brand), best(floor.source?.tags, profile.affinities.tag));
}

/**
 * Picks the highest-priority scene whose schedule holds `now` and whose audience matches (the first
 * listed wins a tie), its phase in the scene's time zone, and the floors this shopper may see:
 * filtered by their audiences, ordered by interest, pinned floors kept in place. Pure.
 */
export function selectScene(config: SceneConfig, profile: Profile, now: number, context: Omit<AudienceContext, 'now'> & ExperimentContext = {}): ActiveScene | null {
  const ctx: AudienceContext = { ...context, now };
  const fits = (rule: unknown) => !rule || matchAudience(rule as AudienceRule, profile, ctx);
  let best: { scene: Scene; timeline: ReturnType<typeof sceneTimeline> } | undefined;
  for (const scene of config.scenes) {
    const timeline = sceneTimeline(scene);
    if (!(timeline.start <= now && now < timeline.end) || !fits(scene.audience)) continue;
    if (!best || scene.priority > best.scene.priority) best = { scene, timeline };
  }
  if (!best) return null;
  const { timeline } = best;
  let { scene } = best;
  // A/B tests: the shopper's variant (or the one a preview forces) replaces what it changes, for the
  // scene (experiment: its id) and for each floor with variants (experiment: `scene/floor`).
  const experiments: { id: string; variant: string }[] = [];
  const pick = <V extends { id: string; weight: number }>(experimentId: string, variants: V[]): V => {
    const forced = context.force && own(context.force, experimentId);
    const chosen = variants.find((v) => v.id === forced) ?? (context.subject ? variants.find((v) => v.id === assignVariant(experimentId, variants, context.subject!)) : variants[0])!;
    experiments.push({ id: experimentId, variant: chosen.id });
    return chosen;
  };
  if (scene.variants?.length) {
    const { id: _, weight: __, ...changes } = pick(scene.id, scene.variants);
    scene = { ...scene, ...changes };
  }
  const experiment = experiments[0];
  const index = timeline.phases.reduce((found, p, i) => (p.start <= now ? i : found), 0);
  const current = timeline.phases[index]!;
  const next = timeline.phases[index + 1];

  const visible = scene.floors
    .filter((f) => fits(f.audience))
    .map((floor) => {
      if (!floor.variants?.length) return floor;
      const { id: _, weight: __, ...changes } = pick(`${scene.id}/${floor.id}`, floor.variants);
      return { ...floor, ...changes };
    });
  const movable = visible
    .filter((f) => !f.pinned)
    .map((floor, order) => ({ floor, order, interest: floorInterest(floor, profile, now) }))
    .sort((a, b) => b.interest - a.interest || a.order - b.order)
    .map((x) => x.floor);
  const floors = visible.map((f) => (f.pinned ? f : movable.shift()!));

  return {
    scene,
    theme: own(config.themes, scene.theme),
    phase: current.phase,
    phaseStart: current.start,
    nextBoundary: next?.start ?? timeline.end,
    nextPhase: next?.phase ?? null,
    start: timeline.start,
    end: timeline.end,
    floors,
    ...(experiment?.id === scene.id ? { experiment } : {}),
    experiments,
  };
}

export { localize } from './localize.ts';
