-- Per-announcement figures of `whatsnew report --format json`, in DuckDB.
--
-- Reads a relation named `events` with the record's columns (docs/events.md). Over the
-- collector's files:
--
--   CREATE VIEW events AS SELECT * FROM read_json('events/*.jsonl*', format = 'newline_delimited',
--     ignore_errors = true, columns = {v: 'INTEGER', id: 'VARCHAR', type: 'VARCHAR',
--     reason: 'VARCHAR', announcement: 'VARCHAR', bundle: 'VARCHAR', revision: 'VARCHAR',
--     surface: 'VARCHAR', step: 'INTEGER', page: 'VARCHAR', locale: 'VARCHAR',
--     audience: 'VARCHAR', "user": 'VARCHAR', "at": 'BIGINT', "group": 'VARCHAR', goal: 'VARCHAR',
--     alias: 'VARCHAR'});
--
-- then `.read sql/report.duckdb.sql`. Duplicates (the same id) count once, as in the report. A
-- visitor who signed in is one person: events of the anonymous id an `exposure` names as its
-- `alias` count as the signed-in user's (the earliest such exposure decides).
WITH aliases AS (
    SELECT alias, arg_min("user", "at") AS canonical
    FROM events
    WHERE alias IS NOT NULL AND alias <> "user"
    GROUP BY alias
),
deduplicated AS (
    SELECT ev.* REPLACE (coalesce(al.canonical, ev."user") AS "user")
    FROM events ev LEFT JOIN aliases al ON al.alias = ev."user"
    WHERE ev.id IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY ev.id ORDER BY ev."at") = 1
),
e AS (
    SELECT *,
        type = 'engage' AND coalesce(reason, '') NOT IN ('helpful', 'not_helpful') AS engaged,
        -- A surface closed by its own call to action is not a dismissal (the engage counts).
        type = 'dismiss' AND coalesce(reason, '') <> 'cta' AS dismissed
    FROM deduplicated
    WHERE announcement IS NOT NULL AND type <> 'goal'
),
per_user AS (
    SELECT announcement, "user",
        min("at") FILTER (WHERE type = 'impression') AS first_impression,
        min("at") FILTER (WHERE engaged) AS first_engage
    FROM e
    GROUP BY announcement, "user"
),
time_to_engage AS (
    SELECT announcement,
        -- The mean of the middle two for an even count, truncated to whole ms, as the report.
        CAST(trunc(median(first_engage - first_impression)) AS BIGINT) AS median_ms_to_engage
    FROM per_user
    WHERE first_impression IS NOT NULL AND first_engage >= first_impression
    GROUP BY announcement
),
-- Goals: each exposed or held-back user's first exposure, and whether a goal event of the
-- announcement's goal (named on its exposure events) came within 14 days after it. Compared
-- are users in one group only (not exposed in one place and held back in another).
announcement_goal AS (
    SELECT announcement, min(goal) AS goal_name
    FROM e WHERE type = 'exposure' AND goal IS NOT NULL
    GROUP BY announcement
),
exposures AS (
    SELECT x.announcement, x."user", arg_min(x."group", x."at") AS grp, min(x."at") AS exposed_at,
        any_value(ag.goal_name) AS goal, count(DISTINCT x."group") AS groups
    FROM e x JOIN announcement_goal ag ON ag.announcement = x.announcement
    WHERE x.type = 'exposure'
    GROUP BY x.announcement, x."user"
),
goal_events AS (
    SELECT goal, "user", "at" FROM deduplicated WHERE type = 'goal'
),
reached AS (
    SELECT x.announcement, x.grp, x."user",
        count(g."at") FILTER (WHERE g."at" BETWEEN x.exposed_at AND x.exposed_at + 14 * 86400000) > 0 AS hit
    FROM exposures x
    LEFT JOIN goal_events g ON g.goal = x.goal AND g."user" = x."user"
    WHERE x.groups = 1
    GROUP BY x.announcement, x.grp, x."user"
),
goal_figures AS (
    SELECT announcement,
        count(*) FILTER (WHERE grp = 'exposed') AS exposed_users,
        count(*) FILTER (WHERE grp = 'holdout') AS holdout_users,
        count(*) FILTER (WHERE grp = 'exposed' AND hit) AS exposed_reached,
        count(*) FILTER (WHERE grp = 'holdout' AND hit) AS holdout_reached
    FROM reached
    GROUP BY announcement
)
SELECT
    e.announcement,
    count(DISTINCT "user") FILTER (WHERE type = 'impression') AS users_reached,
    count(*) FILTER (WHERE type = 'impression') AS impressions,
    count(*) FILTER (WHERE engaged) AS engages,
    count(*) FILTER (WHERE dismissed) AS dismisses,
    count(*) FILTER (WHERE type = 'anchor-missing') AS anchor_missing,
    count(DISTINCT "user") FILTER (WHERE engaged) AS engaged_users,
    count(DISTINCT "user") FILTER (WHERE dismissed) AS dismissed_users,
    count(*) FILTER (WHERE type = 'engage' AND reason = 'helpful') AS helpful,
    count(*) FILTER (WHERE type = 'engage' AND reason = 'not_helpful') AS not_helpful,
    any_value(t.median_ms_to_engage) AS median_ms_to_engage,
    coalesce(any_value(gf.exposed_users), 0) AS exposed_users,
    coalesce(any_value(gf.holdout_users), 0) AS holdout_users,
    coalesce(any_value(gf.exposed_reached), 0) AS exposed_reached,
    coalesce(any_value(gf.holdout_reached), 0) AS holdout_reached
FROM e
LEFT JOIN time_to_engage t ON t.announcement = e.announcement
LEFT JOIN goal_figures gf ON gf.announcement = e.announcement
GROUP BY e.announcement
ORDER BY e.announcement;
