-- Alerts (#18, #20): the "content queue not moving" rule reads the last time a task ended every round; without an
-- index MAX(finished_at) read the whole task table (100,000 rows of a large batch) every 5 s.
CREATE INDEX keel_content_task_finished ON keel_content_task (finished_at);
