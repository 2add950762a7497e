import { drawVenueView, type CampaignCards, type VenueViewOptions } from './venue-view.ts';

let campaignCards: Promise<CampaignCards> | undefined;
/** The group-buy and live-stream cards, fetched once per page (again after a failure). */
const loadCampaignCards = () => (campaignCards ??= import('./campaign-cards.ts').catch((error: unknown) => ((campaignCards = undefined), Promise.reject(error))));

/**
 * A festival venue drawn into `container`: the themed header with a countdown to the next phase, a
 * sticky floor navigation ("elevator"), the floors in their layouts with coupons and phase-aware
 * calls to action, and a scene-themed waterfall. Behaviour is the VenueModel's; this draws it.
 */
export function createVenueView(container: HTMLElement | ShadowRoot, options: VenueViewOptions): { destroy(): void } {
  return drawVenueView(container, options, loadCampaignCards);
}
