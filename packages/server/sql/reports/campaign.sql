-- What a scene's venue earned, per phase and day: views of each floor, clicks on its products, coupons
-- claimed, group buys started, joined and filled, live-stream clicks, shares, landings through a
-- shared link and the orders of those who landed (word of mouth, by the sharer's referrer code), and
-- the orders of shoppers after they saw the venue. Events and distinct shoppers (devices of one
-- signed-in shopper count once), and value (order revenue; each order once, by transaction id).
-- Rows for each day, for each whole phase (day -1) and for the whole scene (phase '*', day -1); key
-- '*' is every key of a metric together (its shoppers counted once).
-- $1: the store; $2: the scenes' phases [{scene_id, phase, starts, ends}] (epoch ms, from the scene
-- config's schedules); $3: floors [{scene_id, floor_id}]; $4: coupons [{scene_id, coupon_id}].
WITH phases AS (
  SELECT * FROM jsonb_to_recordset($2::jsonb) AS p(scene_id text, phase text, starts bigint, ends bigint)
),
floors AS (
  SELECT * FROM jsonb_to_recordset($3::jsonb) AS f(scene_id text, floor_id text)
),
coupons AS (
  SELECT * FROM jsonb_to_recordset($4::jsonb) AS c(scene_id text, coupon_id text)
),
ev AS (
  SELECT s.unit, e.name, e.time, e.event_id, e.body
  FROM events e
  JOIN shopper_units s ON s.store_id = e.store_id AND s.anonymous_id = e.anonymous_id
  WHERE e.store_id = $1 AND e.time >= (SELECT min(starts) FROM phases) AND e.time < (SELECT max(ends) FROM phases)
),
orders AS (
  SELECT unit, time, value, event_id
  FROM (
    SELECT unit, time, event_id, coalesce((body->>'value')::double precision, 0) AS value,
      row_number() OVER (PARTITION BY coalesce(body->>'transaction_id', event_id) ORDER BY time, event_id) AS nth
    FROM ev
    WHERE name = 'purchase'
  ) o
  WHERE nth = 1
),
promotions AS (
  SELECT unit, time, body,
    split_part(body->>'promotion_id', ':', 1) AS scene_id,
    coalesce(body->>'creative_name', '') AS creative,
    coalesce((body->>'group_joined')::int, 0) AS joined,
    coalesce((body->>'group_size')::int, 0) AS size
  FROM ev
  WHERE name = 'select_promotion'
),
landings AS (
  SELECT unit, body->>'utm_campaign' AS scene_id, body->>'referral' AS referral, min(time) AS first_landing
  FROM ev
  WHERE name = 'page_view' AND body->>'referral' IS NOT NULL AND body->>'utm_medium' = 'share'
  GROUP BY 1, 2, 3
),
venue_views AS (
  SELECT unit, split_part(body->>'promotion_id', ':', 1) AS scene_id, min(time) AS first_view
  FROM ev
  WHERE name = 'view_promotion'
  GROUP BY 1, 2
),
tagged AS (
  SELECT split_part(body->>'promotion_id', ':', 1) AS scene_id, 'floor_view' AS metric, coalesce(body->>'creative_slot', '') AS key, unit, time, 0.0 AS value
  FROM ev WHERE name = 'view_promotion'
  UNION ALL
  SELECT f.scene_id, 'floor_click', f.floor_id, ev.unit, ev.time, 0.0
  FROM ev JOIN floors f ON ev.body->>'item_list_id' = 'floor:' || f.floor_id
  WHERE ev.name = 'select_item'
  UNION ALL
  SELECT c.scene_id, 'coupon', c.coupon_id, p.unit, p.time, 0.0
  FROM promotions p JOIN coupons c ON p.body->>'promotion_id' = c.coupon_id
  UNION ALL
  SELECT scene_id, CASE WHEN joined = 0 THEN 'group_start' ELSE 'group_join' END, coalesce(body->'items'->0->>'item_id', ''), unit, time, 0.0
  FROM promotions WHERE creative = 'group-buy'
  UNION ALL
  SELECT scene_id, 'group_fill', coalesce(body->'items'->0->>'item_id', ''), unit, time, 0.0
  FROM promotions WHERE creative = 'group-buy' AND size > 0 AND joined + 1 >= size
  UNION ALL
  SELECT scene_id, 'live_click', split_part(body->>'promotion_id', ':', 3), unit, time, 0.0
  FROM promotions WHERE creative = 'live'
  UNION ALL
  SELECT body->>'utm_campaign', 'share', coalesce(body->>'referral', ''), unit, time, 0.0
  FROM ev WHERE name = 'share' AND body->>'utm_campaign' IS NOT NULL
  UNION ALL
  SELECT body->>'utm_campaign', 'landing', body->>'referral', unit, time, 0.0
  FROM ev WHERE name = 'page_view' AND body->>'referral' IS NOT NULL AND body->>'utm_medium' = 'share'
  UNION ALL
  SELECT l.scene_id, 'referred_order', l.referral, o.unit, o.time, o.value
  FROM orders o JOIN landings l ON l.unit = o.unit AND o.time >= l.first_landing
  UNION ALL
  SELECT v.scene_id, 'venue_order', '', o.unit, o.time, o.value
  FROM orders o JOIN venue_views v ON v.unit = o.unit AND o.time >= v.first_view
)
SELECT t.scene_id, coalesce(p.phase, '*') AS phase,
  coalesce(floor(t.time / 86400000.0) * 86400000, -1) AS day,
  t.metric, coalesce(t.key, '*') AS key,
  count(*) AS events, count(DISTINCT t.unit) AS shoppers, sum(t.value) AS value
FROM tagged t
JOIN phases p ON p.scene_id = t.scene_id AND t.time >= p.starts AND t.time < p.ends
GROUP BY GROUPING SETS (
  (t.scene_id, p.phase, floor(t.time / 86400000.0), t.metric, t.key),
  (t.scene_id, p.phase, t.metric, t.key),
  (t.scene_id, t.metric, t.key),
  (t.scene_id, p.phase, t.metric),
  (t.scene_id, t.metric)
)
