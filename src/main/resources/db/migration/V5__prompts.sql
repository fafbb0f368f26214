-- The prompt store (seed role O26): every prompt version Keel has used, immutable once recorded.
-- Portable SQL: the same script runs on H2 and PostgreSQL.
CREATE TABLE keel_prompt (
    name         VARCHAR(200)  NOT NULL,
    version      VARCHAR(50)   NOT NULL,
    sha256       CHAR(64)      NOT NULL,
    description  VARCHAR(2000) NOT NULL,
    variables    VARCHAR(2000) NOT NULL,
    body         TEXT          NOT NULL,
    recorded_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (name, version)
);
