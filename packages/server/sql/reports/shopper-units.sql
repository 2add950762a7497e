-- Who each device is: the store's own id of the shopper (user_id, GA4's) when any of the device's
-- events carried one — the first, by time — else the device's anonymous id. A shopper signed in on a
-- phone and a laptop is then one shopper in every report. (PostgreSQL; on another warehouse, read
-- body->>'user_id' with its JSON function.)
-- $1: the store.
SELECT d.anonymous_id, coalesce(u.user_id, d.anonymous_id) AS unit
FROM (SELECT DISTINCT anonymous_id FROM events WHERE store_id = $1) d
LEFT JOIN (
  SELECT anonymous_id, user_id
  FROM (
    SELECT anonymous_id, body->>'user_id' AS user_id, row_number() OVER (PARTITION BY anonymous_id ORDER BY time, event_id) AS nth
    FROM events
    WHERE store_id = $1 AND body->>'user_id' IS NOT NULL
  ) firsts
  WHERE nth = 1
) u ON u.anonymous_id = d.anonymous_id
