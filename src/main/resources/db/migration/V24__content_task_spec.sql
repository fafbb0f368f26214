-- The content queue (#20): a task's spec (the JSON it runs from, most of a row's bytes) moves to a table of its own. It is
-- written once at intake and read once at a claim, while the task's row is rewritten at its claim and at its end: on H2
-- each such write copies and stores the whole page holding the row, so the spec made every claim and end write pages of
-- a few rows each (with mixed priorities, one claimed row per page). Portable SQL: the same script runs on H2 and PostgreSQL.
CREATE TABLE keel_content_spec (
    seq  BIGINT           NOT NULL PRIMARY KEY,
    spec VARCHAR(1000000) NOT NULL
);
INSERT INTO keel_content_spec (seq, spec) SELECT seq, spec FROM keel_content_task;
ALTER TABLE keel_content_task DROP COLUMN spec;
