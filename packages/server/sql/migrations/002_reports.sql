-- What the reports read, kept by the refresh job (as Plausible and Umami keep hourly aggregates): the
-- reports answer from these small tables, not from every stored event. Each is rebuilt from the
-- events by the SQL in sql/reports/ (and, for shopper flow, by the SDK's own profile code).

-- Who each device is: a device's anonymous id, and the shopper it belongs to — the store's own id
-- (user_id) when any of the device's events carried one, else the device itself.
CREATE TABLE shopper_units (
  store_id text NOT NULL,
  anonymous_id text NOT NULL,
  unit text NOT NULL,
  PRIMARY KEY (store_id, anonymous_id)
);

-- Each shopper of each A/B test (the unit of assignment): the variant first shown and when, how many
-- variants they saw (more than one: a device split), and what they did after that first exposure;
-- their revenue in the 14 days before it (for variance reduction, CUPED).
CREATE TABLE experiment_units (
  store_id text NOT NULL,
  experiment_id text NOT NULL,
  unit text NOT NULL,
  variant_id text NOT NULL,
  first_exposure bigint NOT NULL,
  variants integer NOT NULL,
  clicks integer NOT NULL,
  carts integer NOT NULL,
  orders integer NOT NULL,
  revenue double precision NOT NULL,
  pre_revenue double precision NOT NULL,
  PRIMARY KEY (store_id, experiment_id, unit)
);

-- Campaign counts per scene and phase (phase '*': the whole scene), day (-1: the whole phase), what
-- (floor_view, floor_click, coupon, group_start, group_join, group_fill, live_click, share, landing,
-- referred_order, venue_order) and which (a floor, a coupon, a stream, a referrer code; '' for none).
CREATE TABLE campaign_counts (
  store_id text NOT NULL,
  scene_id text NOT NULL,
  phase text NOT NULL,
  day bigint NOT NULL,
  metric text NOT NULL,
  key text NOT NULL,
  events bigint NOT NULL,
  shoppers bigint NOT NULL,
  value double precision NOT NULL,
  PRIMARY KEY (store_id, scene_id, phase, day, metric, key)
);

-- Shopper flow at each snapshot (the end of each of the last weeks, and the refresh): AIPL stage counts
-- per brand, the moves between stages since the snapshot before, RFM tier sizes, and FAST per brand.
CREATE TABLE aipl_counts (
  store_id text NOT NULL,
  at bigint NOT NULL,
  brand text NOT NULL,
  stage text NOT NULL,
  shoppers bigint NOT NULL,
  PRIMARY KEY (store_id, at, brand, stage)
);
CREATE TABLE aipl_flows (
  store_id text NOT NULL,
  at bigint NOT NULL,
  since bigint NOT NULL,
  brand text NOT NULL,
  from_stage text NOT NULL,
  to_stage text NOT NULL,
  shoppers bigint NOT NULL,
  PRIMARY KEY (store_id, at, brand, from_stage, to_stage)
);
CREATE TABLE rfm_counts (
  store_id text NOT NULL,
  at bigint NOT NULL,
  segment text NOT NULL,
  shoppers bigint NOT NULL,
  PRIMARY KEY (store_id, at, segment)
);
CREATE TABLE fast_indicators (
  store_id text NOT NULL,
  at bigint NOT NULL,
  since bigint NOT NULL,
  brand text NOT NULL,
  -- F: shoppers at any AIPL stage with the brand; of them, those who moved up a stage since the snapshot before (A = advanced / reachable).
  reachable bigint NOT NULL,
  advanced bigint NOT NULL,
  -- S: loyal shoppers of high value (RFM monetary score at least 3); T = active / super.
  super_users bigint NOT NULL,
  active_super_users bigint NOT NULL,
  PRIMARY KEY (store_id, at, brand)
);
