-- Issue #17 part B: check and reserve a provider's limits in one round-trip and one atomic step.
-- PostgreSQL only (Flyway reads db/postgresql beside db/migration when keel.db.url is PostgreSQL).
-- The provider's keel_provider_limit row is locked first (FOR UPDATE), so reservations of one provider
-- run one after another across every node; each later statement of the function sees what the
-- previous holder committed (READ COMMITTED takes a snapshot per statement in a VOLATILE function).

-- A hold for one call, or why not: cooling down, RPM, concurrency, TPM or the daily budget.
-- Limits of 0 mean none. The first call of an empty minute always passes TPM (as TokenWindow does).
CREATE FUNCTION keel_limit_reserve(p_provider VARCHAR, p_node VARCHAR, p_rpm INTEGER, p_tpm BIGINT, p_slots INTEGER,
                                   p_budget DOUBLE PRECISION, p_day DATE, p_tokens BIGINT, p_cost DOUBLE PRECISION,
                                   p_lease_seconds INTEGER, OUT hold_id BIGINT, OUT kind VARCHAR, OUT refusal VARCHAR)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_cooled   TIMESTAMP WITH TIME ZONE;
    v_minute   TIMESTAMP WITH TIME ZONE := date_trunc('minute', clock_timestamp());
    v_calls    INTEGER;
    v_used     BIGINT;
    v_flight   INTEGER;
    v_ftokens  BIGINT;
    v_fcost    DOUBLE PRECISION;
    v_spent    DOUBLE PRECISION;
BEGIN
    INSERT INTO keel_provider_limit (provider) VALUES (p_provider) ON CONFLICT DO NOTHING;
    SELECT l.cooled_until INTO v_cooled FROM keel_provider_limit l WHERE l.provider = p_provider FOR UPDATE;
    IF v_cooled IS NOT NULL AND v_cooled > clock_timestamp() THEN
        kind := 'COOLING';
        refusal := 'cools down for ' || ceil(extract(epoch FROM v_cooled - clock_timestamp()))::INTEGER
                   || ' s more (a Retry-After seen by the cluster)';
        RETURN;
    END IF;
    DELETE FROM keel_limit_hold h WHERE h.provider = p_provider AND h.lease_until < clock_timestamp();
    SELECT count(*), coalesce(sum(h.tokens), 0), coalesce(sum(h.cost_usd), 0) INTO v_flight, v_ftokens, v_fcost
        FROM keel_limit_hold h WHERE h.provider = p_provider;
    SELECT m.calls, m.tokens INTO v_calls, v_used FROM keel_provider_minute m WHERE m.provider = p_provider AND m.minute_at = v_minute;
    v_calls := coalesce(v_calls, 0);
    v_used := coalesce(v_used, 0);
    IF p_rpm > 0 AND v_calls >= p_rpm THEN
        kind := 'RPM';
        refusal := 'made its ' || p_rpm || ' calls of this minute across the cluster (RPM)';
        RETURN;
    END IF;
    IF p_slots > 0 AND v_flight >= p_slots THEN
        kind := 'SLOTS';
        refusal := 'has all ' || p_slots || ' of its concurrent slots busy across the cluster';
        RETURN;
    END IF;
    IF p_tpm > 0 AND v_used + v_ftokens > 0 AND v_used + v_ftokens + p_tokens > p_tpm THEN
        kind := 'TPM';
        refusal := 'used ' || (v_used + v_ftokens) || ' of its ' || p_tpm || ' tokens per minute across the cluster';
        RETURN;
    END IF;
    IF p_budget > 0 THEN
        SELECT d.spent_usd INTO v_spent FROM keel_provider_day d WHERE d.provider = p_provider AND d.spent_on = p_day;
        IF coalesce(v_spent, 0) + v_fcost + p_cost > p_budget THEN
            kind := 'BUDGET';
            refusal := 'has spent $' || round(coalesce(v_spent, 0)::NUMERIC, 2) || ' (+ $' || round(v_fcost::NUMERIC, 2)
                       || ' in flight) of its $' || round(p_budget::NUMERIC, 2) || ' daily budget across the cluster';
            RETURN;
        END IF;
    END IF;
    INSERT INTO keel_provider_minute (provider, minute_at, calls, tokens) VALUES (p_provider, v_minute, 1, 0)
        ON CONFLICT (provider, minute_at) DO UPDATE SET calls = keel_provider_minute.calls + 1;
    INSERT INTO keel_limit_hold (provider, node_id, tokens, cost_usd, lease_until)
        VALUES (p_provider, p_node, p_tokens, p_cost, clock_timestamp() + make_interval(secs => p_lease_seconds))
        RETURNING keel_limit_hold.hold_id INTO hold_id;
END $$;

-- Ends a hold with what the call really used: its tokens count in the minute it ended, its cost in the day.
-- A hold whose lease already ran out is settled all the same (the call did happen).
CREATE FUNCTION keel_limit_settle(p_hold BIGINT, p_provider VARCHAR, p_tokens BIGINT, p_cost DOUBLE PRECISION, p_day DATE)
RETURNS VOID LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    DELETE FROM keel_limit_hold WHERE hold_id = p_hold;
    IF p_tokens > 0 THEN
        INSERT INTO keel_provider_minute (provider, minute_at, calls, tokens)
            VALUES (p_provider, date_trunc('minute', clock_timestamp()), 0, p_tokens)
            ON CONFLICT (provider, minute_at) DO UPDATE SET tokens = keel_provider_minute.tokens + p_tokens;
    END IF;
    IF p_cost > 0 THEN
        INSERT INTO keel_provider_day (provider, spent_on, spent_usd) VALUES (p_provider, p_day, p_cost)
            ON CONFLICT (provider, spent_on) DO UPDATE SET spent_usd = keel_provider_day.spent_usd + p_cost;
    END IF;
END $$;
