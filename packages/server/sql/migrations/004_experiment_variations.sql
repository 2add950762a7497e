-- What an A/B test's report reads (experiment-variations.sql over experiment_units, kept by the
-- refresh job): per test, variation and day of first exposure, the shoppers and the sums its
-- statistics need. A report then reads a few rows per day, not a row per shopper (a second or more at
-- 1,000,000 shoppers).
CREATE TABLE experiment_variations (
  store_id text NOT NULL,
  experiment_id text NOT NULL,
  variant_id text NOT NULL,
  day bigint NOT NULL,
  last_exposure bigint NOT NULL,
  shoppers bigint NOT NULL,
  multiple_variants bigint NOT NULL,
  clicked bigint NOT NULL,
  carted bigint NOT NULL,
  converted bigint NOT NULL,
  orders bigint NOT NULL,
  orders_squares bigint NOT NULL,
  revenue double precision NOT NULL,
  revenue_squares double precision NOT NULL,
  revenue_orders double precision NOT NULL,
  pre_revenue double precision NOT NULL,
  pre_revenue_squares double precision NOT NULL,
  pre_revenue_revenue double precision NOT NULL,
  PRIMARY KEY (store_id, experiment_id, variant_id, day)
);
