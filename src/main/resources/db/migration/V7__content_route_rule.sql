-- The routing review (issue 14): what each content task was, and which rule of the router chose its
-- first tier (pin, tier, kind:<kind>, context-window or a routing.yaml rule id), so QA failures and
-- escalations of local outputs can be counted per kind and per rule.
ALTER TABLE keel_content_task ADD COLUMN kind VARCHAR(100);
ALTER TABLE keel_content_task ADD COLUMN route_rule VARCHAR(100);
