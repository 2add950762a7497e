-- The refresh job reads a store's events a page at a time, each page after the last row of the one
-- before: in order of time (related lists, the fitted ranking) and of shopper (shopper flow). With an
-- index in that very order a page is a short range; without one, every page sorted the whole table
-- again (an hour for the related lists of 10,000,000 events).
DROP INDEX events_by_time;
CREATE INDEX events_by_time ON events (store_id, time, event_id);
DROP INDEX events_by_shopper;
CREATE INDEX events_by_shopper ON events (store_id, anonymous_id, time, event_id);
