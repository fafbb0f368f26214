-- The cost ledger: one row per model call (seed roles O01, O25; quality gate "track cost per call").
CREATE TABLE keel_model_call (
    call_id             VARCHAR(40)   NOT NULL PRIMARY KEY,
    called_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    caller              VARCHAR(200)  NOT NULL,
    provider            VARCHAR(100)  NOT NULL,
    model               VARCHAR(200)  NOT NULL,
    tier                VARCHAR(20)   NOT NULL,
    reason              VARCHAR(2000) NOT NULL,
    input_tokens        BIGINT        NOT NULL,
    output_tokens       BIGINT        NOT NULL,
    cached_input_tokens BIGINT        NOT NULL,
    cache_write_tokens  BIGINT        NOT NULL,
    latency_ms          BIGINT        NOT NULL,
    cost_usd            DOUBLE PRECISION NOT NULL,
    local_call          BOOLEAN       NOT NULL,
    outcome             VARCHAR(40)   NOT NULL
);
CREATE INDEX keel_model_call_time ON keel_model_call (called_at);
