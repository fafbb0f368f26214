-- Alerts (#20): the "content queue not moving" rule reads when the newest ready task was queued every round. MAX(queued_at)
-- over the ready rows read each of them (100,000 rows of a large batch, 8.8 % of that run's CPU); the newest rows by this
-- index answer it in a few reads. queued_at never changes after the insert, so claims and ends do not update the index.
CREATE INDEX keel_content_task_queued ON keel_content_task (queued_at);
