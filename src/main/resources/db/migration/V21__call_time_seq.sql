-- Dashboard (#18, session 6): the calls page filtered by day finds the day's sequence range first (MIN/MAX(seq) of the
-- day), then pages by sequence inside it. With (called_at, seq) that range is read from the index alone. It replaces the
-- (called_at) index, which is its prefix, so the ledger's write path keeps the same number of indexes.
CREATE INDEX keel_model_call_time_seq ON keel_model_call (called_at, seq);
DROP INDEX keel_model_call_time;
