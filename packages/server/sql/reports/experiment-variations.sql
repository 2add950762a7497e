-- What the statistics of an A/B test run on: per test, variation and day of first exposure, the
-- shoppers and, for each metric measured per shopper, its sum and sum of squares — and the
-- cross-products a ratio (revenue per order) and CUPED (revenue before exposure) need. Days add up:
-- the figures as of any day are the sums of the days up to it. (Binary metrics: a 0/1 per shopper, so
-- sum = sum of squares.) The refresh job keeps it in experiment_variations, which the reports read.
-- $1: the store.
SELECT experiment_id, variant_id, floor(first_exposure / 86400000.0) * 86400000 AS day,
  max(first_exposure) AS last_exposure,
  count(*) AS shoppers,
  sum(CASE WHEN variants > 1 THEN 1 ELSE 0 END) AS multiple_variants,
  sum(CASE WHEN clicks > 0 THEN 1 ELSE 0 END) AS clicked,
  sum(CASE WHEN carts > 0 THEN 1 ELSE 0 END) AS carted,
  sum(CASE WHEN orders > 0 THEN 1 ELSE 0 END) AS converted,
  sum(orders) AS orders, sum(orders * orders) AS orders_squares,
  sum(revenue) AS revenue, sum(revenue * revenue) AS revenue_squares, sum(revenue * orders) AS revenue_orders,
  sum(pre_revenue) AS pre_revenue, sum(pre_revenue * pre_revenue) AS pre_revenue_squares, sum(pre_revenue * revenue) AS pre_revenue_revenue
FROM experiment_units
WHERE store_id = $1
GROUP BY 1, 2, 3
