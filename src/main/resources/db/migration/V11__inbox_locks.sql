-- Inbox files taken by a node among several on shared storage (issue 17): Camel's idempotent read lock
-- keeps one row per file being taken, named by its path; the node renews its rows' leases, and a file a
-- dead node left in .inprogress goes back to its inbox once the lease ran out.
CREATE TABLE keel_inbox_lock (
    lock_key    VARCHAR(2000) NOT NULL PRIMARY KEY,
    node_id     VARCHAR(64)   NOT NULL,
    lease_until TIMESTAMP WITH TIME ZONE NOT NULL
);
