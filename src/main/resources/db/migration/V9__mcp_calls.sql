-- Every MCP tool call an agent makes on /mcp (issue #19), recorded like a model call: who, which tool, how it ended, how long.
CREATE TABLE keel_mcp_call (
    called_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    agent       VARCHAR(200)  NOT NULL,
    tool        VARCHAR(200)  NOT NULL,
    outcome     VARCHAR(40)   NOT NULL,
    latency_ms  BIGINT        NOT NULL,
    detail      VARCHAR(2000) NOT NULL
);
CREATE INDEX keel_mcp_call_time ON keel_mcp_call (called_at);
