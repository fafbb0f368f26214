-- One row per night run: when, why (cron, catch-up, by hand) and how it ended.
CREATE TABLE keel_night_run (
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL PRIMARY KEY,
    finished_at TIMESTAMP WITH TIME ZONE NOT NULL,
    run_trigger VARCHAR(50)  NOT NULL,
    outcome     VARCHAR(20)  NOT NULL,
    steps       TEXT         NOT NULL
);
