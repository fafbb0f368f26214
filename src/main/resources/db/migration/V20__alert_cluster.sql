-- Issue #18 (session 6): alerts once per cluster. The node holding the lease row evaluates the rules and sends; a lease
-- not renewed (its node died) is taken by the next node's round. Every node publishes its node-local inputs (guard level,
-- last health sample, free disk per work folder) in keel_alert_node for the evaluating node to read. Portable SQL.
CREATE TABLE keel_alert_lease (
    name        VARCHAR(40)  NOT NULL PRIMARY KEY,
    node_id     VARCHAR(100) NOT NULL,
    lease_until TIMESTAMP WITH TIME ZONE NOT NULL
);

-- A null column is a part the node could not read (the rules over it wait); disks is JSON {"folder": free percent}.
CREATE TABLE keel_alert_node (
    node_id            VARCHAR(100) NOT NULL PRIMARY KEY,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    guard_level        VARCHAR(20),
    last_sample_at     TIMESTAMP WITH TIME ZONE,
    health_interval_ms BIGINT,
    running_since      TIMESTAMP WITH TIME ZONE,
    disks              VARCHAR(4000)
);

-- Alert retention (keel.alerts.retention): resolved alerts and old deliveries are deleted by age.
CREATE INDEX keel_alert_delivery_created ON keel_alert_delivery (created_at);
CREATE INDEX keel_alert_delivery_alert ON keel_alert_delivery (alert_id);
