-- 0014: an issue is titled by its first event (issue #13, docs/grouping.md "Titles"). `title` keeps
-- the newest event's (argMax), so an issue's title changed with every event carrying other
-- variable data; fingerprint v2 already replaces numbers and ids in each event's title, and
-- `first_title` keeps the first event's. Readers take first_title, and title when it is empty
-- (issues whose events all arrived before this migration).
-- The view is dropped and created again with the new column: migrations run before the processor
-- accepts data, so no insert passes between the two statements. Same SELECT as 0005 otherwise.

ALTER TABLE issues ADD COLUMN IF NOT EXISTS first_title AggregateFunction(argMin, String, DateTime64(3));

DROP VIEW IF EXISTS issues_mv;

CREATE MATERIALIZED VIEW IF NOT EXISTS issues_mv TO issues AS
SELECT project_id, fingerprint,
    max(e_retention_days) AS retention_days,
    min(e_received_at) AS first_seen, max(e_received_at) AS last_seen,
    count() AS events, countIf(e_handled = 0) AS unhandled,
    uniqState(nullIf(e_user, '')) AS users,
    uniqState(nullIf(e_session_id, '')) AS sessions,
    groupUniqArrayState(100)(e_release) AS releases,
    groupUniqArrayState(20)(e_environment) AS environments,
    argMinState(e_release, if(e_release = '', toDateTime64('2299-12-31 00:00:00', 3), e_received_at)) AS first_release,
    argMaxState(e_release, if(e_release = '', toDateTime64('1970-01-01 00:00:00', 3), e_received_at)) AS last_release,
    argMaxState(e_title, e_received_at) AS title,
    argMinState(e_title, e_received_at) AS first_title,
    argMaxState(e_culprit, e_received_at) AS culprit,
    argMaxState(e_type, e_received_at) AS exception_type,
    argMaxState(e_grouping, e_received_at) AS grouping,
    argMaxState(e_event_id, e_received_at) AS latest_event_id
FROM
(
    -- Renamed so the state aliases above (named like the target columns) shadow nothing.
    SELECT project_id, fingerprint,
        retention_days AS e_retention_days, received_at AS e_received_at, handled AS e_handled,
        if(user_id != '', user_id, if(visitor_id != '', visitor_id, visitor_hash)) AS e_user,
        session_id AS e_session_id, toString(release) AS e_release, toString(environment) AS e_environment,
        toString(exception_type) AS e_type, grouping AS e_grouping, event_id AS e_event_id,
        JSONExtractString(grouping, 'culprit') AS e_culprit,
        if(JSONExtractString(grouping, 'title') != '', JSONExtractString(grouping, 'title'),
            concat(e_type, if(exception_message = '', '', ': '), substring(splitByChar('\n', exception_message)[1], 1, 200))) AS e_title
    FROM errors
    WHERE fingerprint != ''
)
GROUP BY project_id, fingerprint;
