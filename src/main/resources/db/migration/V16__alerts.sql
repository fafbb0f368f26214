-- Alerts (issue #18): one row per firing of a rule for a subject, open until resolved_at is set. A restart reads the
-- open rows back, so an alert that still holds is neither fired again nor forgotten. Portable SQL (H2 and PostgreSQL).
CREATE TABLE keel_alert (
    alert_id        VARCHAR(100)  NOT NULL PRIMARY KEY,
    rule_id         VARCHAR(100)  NOT NULL,
    subject         VARCHAR(300)  NOT NULL,
    severity        VARCHAR(10)   NOT NULL,
    summary         VARCHAR(2000) NOT NULL,
    fired_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    last_sent_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    resolved_at     TIMESTAMP WITH TIME ZONE,
    acknowledged_by VARCHAR(200),
    acknowledged_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX keel_alert_open ON keel_alert (resolved_at, fired_at);
