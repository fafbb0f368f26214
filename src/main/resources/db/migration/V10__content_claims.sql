-- Which node works a running task, and until when its claim holds (issue 17): a node renews the lease of
-- the tasks it runs; a task whose lease ran out (its node died) goes back to the queue.
ALTER TABLE keel_content_task ADD COLUMN claimed_by VARCHAR(64);
ALTER TABLE keel_content_task ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;
