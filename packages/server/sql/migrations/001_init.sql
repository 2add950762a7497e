-- The shopscene server's schema. Every table leads with store_id, so it can be distributed by store
-- (Citus: create_distributed_table('events', 'store_id'), and the same for each table here).
-- Times are epoch milliseconds (bigint).

CREATE TABLE stores (
  store_id text PRIMARY KEY,
  name text NOT NULL,
  -- Public: it sits in the store's script tag (data-key). It lets a page send events and ask for recommendations.
  write_key text NOT NULL UNIQUE,
  -- sha256 of the secret admin token (the token itself is shown once, when made).
  admin_token_hash text NOT NULL,
  -- Origins allowed to call from a browser (CORS): "https://shop.example", or "http://localhost:*".
  origins jsonb NOT NULL DEFAULT '[]',
  created_at bigint NOT NULL
);

-- What changed, so that every server on the database reloads what it keeps in memory.
CREATE TABLE store_versions (
  store_id text PRIMARY KEY,
  catalog bigint NOT NULL DEFAULT 0,
  learned bigint NOT NULL DEFAULT 0,
  scenes bigint NOT NULL DEFAULT 0
);

-- Every event, once: a retried batch finds its ids taken (ON CONFLICT DO NOTHING). The key holds the
-- event's own client time, which a retry never changes, so events can be partitioned by it (by day).
CREATE TABLE events (
  store_id text NOT NULL,
  event_id text NOT NULL,
  client_time bigint NOT NULL,
  -- The client time moved by the device's clock error (sent_at against the time of arrival).
  time bigint NOT NULL,
  received_at bigint NOT NULL,
  name text NOT NULL,
  anonymous_id text NOT NULL,
  session_id text NOT NULL,
  body jsonb NOT NULL,
  PRIMARY KEY (store_id, event_id, client_time)
);
CREATE INDEX events_by_time ON events (store_id, time);
CREATE INDEX events_by_name ON events (store_id, name, time);
CREATE INDEX events_by_shopper ON events (store_id, anonymous_id, time);

-- The catalog, product by product, in the store's order (position).
CREATE TABLE products (
  store_id text NOT NULL,
  product_id text NOT NULL,
  position double precision NOT NULL,
  body jsonb NOT NULL,
  updated_at bigint NOT NULL,
  PRIMARY KEY (store_id, product_id)
);

-- Every version of the scene config, as the marketer wrote it (text: their order and layout kept).
CREATE TABLE scene_versions (
  store_id text NOT NULL,
  version integer NOT NULL,
  source text NOT NULL,
  note text,
  created_at bigint NOT NULL,
  PRIMARY KEY (store_id, version)
);

-- What the refresh job learned from the events: each product's related list, popularity and trend.
CREATE TABLE related_lists (
  store_id text NOT NULL,
  product_id text NOT NULL,
  related jsonb NOT NULL,
  PRIMARY KEY (store_id, product_id)
);
CREATE TABLE item_stats (
  store_id text NOT NULL,
  product_id text NOT NULL,
  popularity double precision NOT NULL,
  trending double precision NOT NULL,
  PRIMARY KEY (store_id, product_id)
);

-- Each run of the refresh job.
CREATE TABLE refresh_runs (
  store_id text NOT NULL,
  run_id bigint NOT NULL,
  started_at bigint NOT NULL,
  finished_at bigint,
  status text NOT NULL,
  detail jsonb,
  PRIMARY KEY (store_id, run_id)
);
