-- "Shoppers who viewed, carted or bought this also…" lists in plain SQL, for a log that outgrows one
-- machine: the same computation as `shopscene related` (build-related.ts), for a warehouse engine
-- with window functions (BigQuery, Snowflake, Redshift, PostgreSQL, DuckDB, SQLite 3.35+).
--
-- Input: a table `events(session, item, time, weight, line)`: one row per view, cart or purchase;
-- `time` in epoch ms; `weight` 1 for a view, 2 a wishlist, 3 a cart, 4 a purchase; `line` the row's
-- order in the log (ties in time). A click on an item in a list (GA4's select_item) and the view of
-- its page right after it are one step: leave that view out (as the builder does).
-- Output: item, related item, weight (the first of a list is 1), rank.
WITH ordered AS (
  -- A visit ends after 30 minutes without an event.
  SELECT session, item, time, weight, line,
         CASE WHEN time - LAG(time) OVER (PARTITION BY session ORDER BY time, line) > 1800000 THEN 1 ELSE 0 END AS new_visit
  FROM events
), visits AS (
  SELECT session, item, time, weight, line,
         SUM(new_visit) OVER (PARTITION BY session ORDER BY time, line ROWS UNBOUNDED PRECEDING) AS visit
  FROM ordered
), positioned AS (
  SELECT session, visit, item, weight,
         ROW_NUMBER() OVER (PARTITION BY session, visit ORDER BY time, line) AS pos,
         ROW_NUMBER() OVER (PARTITION BY session, visit ORDER BY time DESC, line DESC) AS from_end
  FROM visits
), kept AS (
  -- The last 200 events of a visit.
  SELECT * FROM positioned WHERE from_end <= 200
), counts AS (
  SELECT item, COUNT(*) AS n FROM kept GROUP BY item
), near AS (
  -- Item y after item x in a visit, at most 5 apart.
  SELECT x.item AS x_item, y.item AS y_item, x.weight AS x_weight, y.weight AS y_weight, y.pos - x.pos AS d
  FROM kept x
  JOIN kept y ON y.session = x.session AND y.visit = x.visit AND y.pos > x.pos AND y.pos - x.pos <= 5
  WHERE x.item <> y.item
), pairs AS (
  -- Went on to: y's weight over the distance; came from: half of x's.
  SELECT x_item AS a, y_item AS b, 1.0 * y_weight / d AS w FROM near
  UNION ALL
  SELECT y_item AS a, x_item AS b, 0.5 * x_weight / d AS w FROM near
  UNION ALL
  -- The same item again at once: its own entry (how often it is reopened), the repeat's weight.
  SELECT x.item AS a, x.item AS b, 1.0 * y.weight AS w
  FROM kept x
  JOIN kept y ON y.session = x.session AND y.visit = x.visit AND y.pos = x.pos + 1
  WHERE x.item = y.item
), scored AS (
  -- Over √(count a × count b): the default damping, 0.5 (a block fitted with another: POWER(1.0 * ca.n * cb.n, damping)).
  SELECT p.a, p.b, SUM(p.w) / SQRT(1.0 * ca.n * cb.n) AS score
  FROM pairs p JOIN counts ca ON ca.item = p.a JOIN counts cb ON cb.item = p.b
  GROUP BY p.a, p.b, ca.n, cb.n
), ranked AS (
  SELECT a, b, score,
         ROW_NUMBER() OVER (PARTITION BY a ORDER BY score DESC, b) AS r,
         MAX(score) OVER (PARTITION BY a) AS top
  FROM scored
)
SELECT a AS item, b AS related, score / top AS weight, r AS rank
FROM ranked
WHERE r <= 20
ORDER BY a, r;
