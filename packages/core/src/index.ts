export { EVENT_NAMES, EVENT_RULES, ITEM_RULES } from './events/event-schema.ts';
export type { EventInput, EventItem, EventName, EventPage, ShopEvent } from './events/event-schema.ts';
export { validateEvent, validateShopEvent } from './events/validate-event.ts';
export type { ValidEvent } from './events/validate-event.ts';

export { createTracker, initialConsent } from './tracker/create-tracker.ts';
export type { Consent, IdentifyResult, Tracker, TrackerOptions, TrackResult } from './tracker/create-tracker.ts';
export { startAutoCapture } from './tracker/auto-capture.ts';
export { oneEventPerAction, SAME_ACTION_MS, startDataLayerCapture } from './tracker/data-layer.ts';
export { linkReferral, REFERRAL_PARAM, referralCode, shareLink, type ShareTags } from './tracker/share-link.ts';
export { readItem } from './tracker/read-item.ts';
export { createViewabilityObserver } from './tracker/viewability.ts';
export type { ViewabilityObserver, ViewabilityOptions } from './tracker/viewability.ts';

export { createProfile } from './profile/create-profile.ts';
export { reduceProfile } from './profile/reduce-profile.ts';
export { decayedValue, topDecayed } from './profile/decay.ts';
export { createMemoryProfileStore, openProfileStore } from './profile/profile-store.ts';
export type { ProfileStore, ProfileStoreOptions } from './profile/profile-store.ts';
export { PROFILE_DEFAULTS, PROFILE_VERSION } from './profile/profile-types.ts';
export type { AiplFacts, AiplStage, Decayed, Order, Profile, ProfileOptions, RecentItem, Referral } from './profile/profile-types.ts';
export { migrateProfile } from './profile/migrate-profile.ts';
export type { LoadedProfile } from './profile/migrate-profile.ts';
export { capProfile, PROFILE_MAX_BYTES, profileBytes } from './profile/cap-profile.ts';
export { AGE_BANDS, GENDERS, INCOME_BANDS, LIFE_STAGES, parseTraits, TRAIT_RULES } from './profile/traits.ts';
export type { Traits } from './profile/traits.ts';

export { RFM_DEFAULTS, rfmSegment, rfmThresholds, rfmValues } from './segments/rfm.ts';
export type { ClassicRfmSegment, RfmOptions, RfmResult, RfmSegmentRule, RfmThresholds } from './segments/rfm.ts';
export { AIPL_STAGES, AIPL_WINDOWS, aiplCategoryStage, aiplStage, aiplStages, stageChanges } from './segments/aipl.ts';
export type { AiplWindows, StageChange } from './segments/aipl.ts';
export { matchAudience } from './segments/match-audience.ts';
export type { AudienceContext, AudienceRule } from './segments/match-audience.ts';

export { INTENT_SHAPE, rank, RANK_WEIGHTS } from './ranking/rank.ts';
export type { IntentShape, RankedItem, RankOptions, RankWeights, ReasonKind } from './ranking/rank.ts';
export { readRankingBlock, type RankingBlock } from './ranking/ranking-block.ts';

export { leafCategory, MAX_RELATED, parseProduct } from './adapters/product.ts';
export type { Product, ProductGroup, RelatedItem } from './adapters/product.ts';
export { loadCatalog, MAX_STATIC_PRODUCTS, parseCatalog, staticAdapter } from './adapters/static-adapter.ts';
export { DeliveryError, restAdapter } from './adapters/rest-adapter.ts';
export { restEvents } from './adapters/rest-events.ts';
export { toJson } from './util/to-json.ts';
export type { HttpOptions } from './adapters/http.ts';
export type { RestEventsOptions } from './adapters/rest-events.ts';
export type { RestAdapterOptions } from './adapters/rest-adapter.ts';
export type { CatalogInput, StaticAdapterOptions } from './adapters/static-adapter.ts';
export type { BackendAdapter, CandidatesRequest, CandidatesResponse, DeliveryReceipt, ProfileSummary } from './adapters/types.ts';

export { createFeedModel, FeedModel } from './models/feed-model.ts';
export type { FeedCard, FeedOptions, FeedSnapshot, FeedSource, FeedStatus } from './models/feed-model.ts';
export { columnsFor, createMasonry, DEFAULT_COLUMNS, layoutMasonry } from './models/layout-masonry.ts';
export type { ColumnBreakpoints, Masonry, MasonryInput, MasonryLayout } from './models/layout-masonry.ts';

export { createOutbox } from './outbox/create-outbox.ts';
export { beaconEvents, eventsUrl } from './adapters/events-beacon.ts';
export type { DeliveryAttempt, DeliveryFailure, Outbox, OutboxOptions, OutboxStatus } from './outbox/create-outbox.ts';
export { createMemoryQueueStore, openQueueStore } from './outbox/queue-store.ts';
export type { QueueLimits, QueueRecord, QueueStore, QueueStoreOptions } from './outbox/queue-store.ts';
export { batchBytes, chunkByBytes, classifyStatus, eventPriority, evict, retryDelayMs } from './outbox/delivery-policy.ts';
export type { BackoffOptions, DeliveryVerdict } from './outbox/delivery-policy.ts';

export { createShopscene, guessDevice, sdkClock } from './create-shopscene.ts';
export type { Diagnostics, Shopscene, ShopsceneOptions } from './create-shopscene.ts';
export { createRecommender, productToItem } from './create-recommender.ts';
export { summarize } from './profile/summarize.ts';
export type { Coupon, Preview, Recommender, RecommenderOptions, RecommendPage, RecommendRequest } from './create-recommender.ts';
export { createReadable } from './util/readable.ts';
export type { Readable } from './util/readable.ts';

export { issuesToText } from './util/issues.ts';
export type { Issue, Result } from './util/issues.ts';

export { parseSceneConfig, SCENE_LIMITS, sceneIssuesToText } from './scenes/parse-scene-config.ts';
export { loadSceneConfig } from './scenes/load-scene-config.ts';
export type { SceneConfigResult, SceneIssue } from './scenes/parse-scene-config.ts';
export { sceneConfigJsonSchema } from './scenes/scene-json-schema.ts';
export { PHASES, sceneConfigSchema } from './scenes/scene-schema.ts';
export type { Floor, Phase, Scene, SceneConfig, Stream, Text, Theme, Variant } from './scenes/scene-schema.ts';
export { localize, sceneTimeline, selectScene } from './scenes/select-scene.ts';
export { sceneSelector } from './scenes/scene-selector.ts';
export { assignVariant } from './scenes/assign-variant.ts';
export { AA, contrastRatio, parseColor, readableOn } from './scenes/contrast.ts';
export type { SceneSelectorOptions } from './scenes/scene-selector.ts';
export type { ActiveScene } from './scenes/select-scene.ts';
export { createVenueModel, PHASE_ACTIONS, VenueModel } from './models/venue-model.ts';
export type { FloorState, ShareOutcome, VenueOptions, VenueSource } from './models/venue-model.ts';
export { createCampaignFloors } from './models/campaign-floors.ts';
export type { CampaignFloors, GroupDeal, GroupJoin, StreamState } from './models/campaign-floors.ts';
