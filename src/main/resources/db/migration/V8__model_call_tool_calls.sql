-- Tool calls a model asked for in each call (issue 15: the ledger records tool calls made).
ALTER TABLE keel_model_call ADD COLUMN tool_calls INT DEFAULT 0 NOT NULL;
