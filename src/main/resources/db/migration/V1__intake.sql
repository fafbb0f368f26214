-- Keys of inbox files already processed, per workflow (the intake's idempotent repository).
CREATE TABLE keel_intake_key (
    processor   VARCHAR(64)  NOT NULL,
    message_key VARCHAR(255) NOT NULL,
    created_at  TIMESTAMP    NOT NULL,
    PRIMARY KEY (processor, message_key)
);
CREATE INDEX keel_intake_key_created ON keel_intake_key (created_at);
