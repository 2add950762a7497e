-- Each shopper of each A/B test (scene or floor): the variant first shown and when, how many variants
-- they saw, and what they did after that first exposure — clicks (select_item, select_promotion),
-- add-to-carts, orders and revenue — with their revenue in the 14 days before it (for CUPED). A
-- shopper is their unit in shopper_units (devices of one signed-in shopper are one); each order counts
-- once however often it was sent (by transaction id). Every event is stored once already (by event id).
-- $1: the store; $2: events before this time (epoch ms) are not read.
WITH ev AS (
  SELECT s.unit, e.name, e.time, e.event_id, e.body
  FROM events e
  JOIN shopper_units s ON s.store_id = e.store_id AND s.anonymous_id = e.anonymous_id
  WHERE e.store_id = $1 AND e.time >= $2
),
first_seen AS (
  SELECT unit, experiment_id, variant_id, first_exposure
  FROM (
    SELECT unit, body->>'experiment_id' AS experiment_id, body->>'variant_id' AS variant_id, time AS first_exposure,
      row_number() OVER (PARTITION BY unit, body->>'experiment_id' ORDER BY time, event_id) AS nth
    FROM ev
    WHERE name = 'experiment_exposure'
  ) x
  WHERE nth = 1
),
seen AS (
  SELECT unit, body->>'experiment_id' AS experiment_id, count(DISTINCT body->>'variant_id') AS variants
  FROM ev
  WHERE name = 'experiment_exposure'
  GROUP BY 1, 2
),
orders AS (
  SELECT unit, time, value
  FROM (
    SELECT unit, time, coalesce((body->>'value')::double precision, 0) AS value,
      row_number() OVER (PARTITION BY coalesce(body->>'transaction_id', event_id) ORDER BY time, event_id) AS nth
    FROM ev
    WHERE name = 'purchase'
  ) o
  WHERE nth = 1
),
acts AS (
  SELECT f.experiment_id, f.unit,
    sum(CASE WHEN ev.name IN ('select_item', 'select_promotion') THEN 1 ELSE 0 END) AS clicks,
    sum(CASE WHEN ev.name = 'add_to_cart' THEN 1 ELSE 0 END) AS carts
  FROM first_seen f
  JOIN ev ON ev.unit = f.unit AND ev.time >= f.first_exposure AND ev.name IN ('select_item', 'select_promotion', 'add_to_cart')
  GROUP BY 1, 2
),
bought AS (
  SELECT f.experiment_id, f.unit,
    sum(CASE WHEN o.time >= f.first_exposure THEN 1 ELSE 0 END) AS orders,
    sum(CASE WHEN o.time >= f.first_exposure THEN o.value ELSE 0 END) AS revenue,
    sum(CASE WHEN o.time < f.first_exposure AND o.time >= f.first_exposure - 14 * 86400000 THEN o.value ELSE 0 END) AS pre_revenue
  FROM first_seen f
  JOIN orders o ON o.unit = f.unit
  GROUP BY 1, 2
)
SELECT f.experiment_id, f.unit, f.variant_id, f.first_exposure, s.variants,
  coalesce(a.clicks, 0) AS clicks, coalesce(a.carts, 0) AS carts,
  coalesce(b.orders, 0) AS orders, coalesce(b.revenue, 0) AS revenue, coalesce(b.pre_revenue, 0) AS pre_revenue
FROM first_seen f
JOIN seen s ON s.unit = f.unit AND s.experiment_id = f.experiment_id
LEFT JOIN acts a ON a.unit = f.unit AND a.experiment_id = f.experiment_id
LEFT JOIN bought b ON b.unit = f.unit AND b.experiment_id = f.experiment_id
