-- Per-announcement figures of `whatsnew report --format json`, in ClickHouse (or chDB).
--
-- Reads a relation named `events` with the record's columns (docs/events.md). Over the
-- collector's files:
--
--   CREATE VIEW events AS SELECT * FROM file('events/*.jsonl', 'JSONEachRow',
--     'v UInt32, id String, type String, reason Nullable(String), announcement Nullable(String),
--      bundle String, revision Nullable(String), surface Nullable(String), step Nullable(UInt32),
--      page Nullable(String), locale Nullable(String), audience Nullable(String), user String,
--      at Int64, group Nullable(String), goal Nullable(String), alias Nullable(String)');
--
-- or a MergeTree table the files were inserted into (`INSERT INTO events FORMAT JSONEachRow`).
-- Duplicates (the same id) count once, as in the report. A visitor who signed in is one
-- person: events of the anonymous id an `exposure` names as its `alias` count as the
-- signed-in user's (the earliest such exposure decides).
WITH
aliases AS (
    SELECT alias, argMin(user, at) AS canonical
    FROM events
    WHERE alias IS NOT NULL AND alias != user
    GROUP BY alias
),
deduplicated AS (
    SELECT ev.* REPLACE (coalesce(al.canonical, ev.user) AS user)
    FROM events AS ev LEFT JOIN aliases AS al ON al.alias = ev.user
    ORDER BY ev.id, ev.at LIMIT 1 BY ev.id
),
e AS (
    SELECT *,
        type = 'engage' AND coalesce(reason, '') NOT IN ('helpful', 'not_helpful') AS engaged
    FROM deduplicated
    WHERE announcement IS NOT NULL AND type != 'goal'
),
per_user AS (
    SELECT announcement, user,
        countIf(type = 'impression') > 0 AS has_impression,
        countIf(engaged) > 0 AS has_engage,
        minIf(at, type = 'impression') AS first_impression,
        minIf(at, engaged) AS first_engage
    FROM e
    GROUP BY announcement, user
),
time_to_engage AS (
    SELECT announcement,
        -- The mean of the middle two for an even count, truncated to whole ms, as the report.
        toInt64(trunc(quantileExactInclusive(0.5)(first_engage - first_impression))) AS median_ms_to_engage
    FROM per_user
    WHERE has_impression AND has_engage AND first_engage >= first_impression
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
    SELECT x.announcement AS announcement, x.user AS user, argMin(x.group, x.at) AS grp,
        min(x.at) AS exposed_at, any(ag.goal_name) AS goal, uniqExact(x.group) AS groups
    FROM e AS x INNER JOIN announcement_goal AS ag ON ag.announcement = x.announcement
    WHERE x.type = 'exposure'
    GROUP BY x.announcement, x.user
),
goal_events AS (
    SELECT goal, user, at FROM deduplicated WHERE type = 'goal'
),
reached AS (
    SELECT x.announcement AS announcement, x.grp AS grp, x.user AS user,
        countIf(g.at >= x.exposed_at AND g.at <= x.exposed_at + 14 * 86400000) > 0 AS hit
    FROM exposures AS x
    LEFT JOIN goal_events AS g ON g.goal = x.goal AND g.user = x.user
    WHERE x.groups = 1
    GROUP BY x.announcement, x.grp, x.user
),
goal_figures AS (
    SELECT announcement,
        countIf(grp = 'exposed') AS exposed_users,
        countIf(grp = 'holdout') AS holdout_users,
        countIf(grp = 'exposed' AND hit) AS exposed_reached,
        countIf(grp = 'holdout' AND hit) AS holdout_reached
    FROM reached
    GROUP BY announcement
)
SELECT
    e.announcement AS announcement,
    uniqExactIf(e.user, e.type = 'impression') AS users_reached,
    countIf(e.type = 'impression') AS impressions,
    countIf(e.engaged) AS engages,
    countIf(e.type = 'dismiss' AND coalesce(e.reason, '') != 'cta') AS dismisses,
    countIf(e.type = 'anchor-missing') AS anchor_missing,
    uniqExactIf(e.user, e.engaged) AS engaged_users,
    uniqExactIf(e.user, e.type = 'dismiss' AND coalesce(e.reason, '') != 'cta') AS dismissed_users,
    countIf(e.type = 'engage' AND e.reason = 'helpful') AS helpful,
    countIf(e.type = 'engage' AND e.reason = 'not_helpful') AS not_helpful,
    any(t.median_ms_to_engage) AS median_ms_to_engage,
    coalesce(any(gf.exposed_users), 0) AS exposed_users,
    coalesce(any(gf.holdout_users), 0) AS holdout_users,
    coalesce(any(gf.exposed_reached), 0) AS exposed_reached,
    coalesce(any(gf.holdout_reached), 0) AS holdout_reached
FROM e
LEFT JOIN time_to_engage AS t ON t.announcement = e.announcement
LEFT JOIN goal_figures AS gf ON gf.announcement = e.announcement
GROUP BY e.announcement
ORDER BY e.announcement
SETTINGS join_use_nulls = 1
