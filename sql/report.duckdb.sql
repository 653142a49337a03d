-- Per-announcement figures of `whatsnew report --format json`, in DuckDB.
--
-- Reads a relation named `events` with the record's columns (docs/events.md). Over the
-- collector's files:
--
--   CREATE VIEW events AS SELECT * FROM read_json('events/*.jsonl*', format = 'newline_delimited',
--     ignore_errors = true, columns = {v: 'INTEGER', id: 'VARCHAR', type: 'VARCHAR',
--     reason: 'VARCHAR', announcement: 'VARCHAR', bundle: 'VARCHAR', revision: 'VARCHAR',
--     surface: 'VARCHAR', step: 'INTEGER', page: 'VARCHAR', locale: 'VARCHAR',
--     audience: 'VARCHAR', "user": 'VARCHAR', "at": 'BIGINT', "group": 'VARCHAR', goal: 'VARCHAR'});
--
-- then `.read sql/report.duckdb.sql`. Duplicates (the same id) count once, as in the report.
WITH deduplicated AS (
    SELECT * FROM events
    WHERE id IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY id ORDER BY "at") = 1
),
e AS (
    SELECT *,
        type = 'engage' AND coalesce(reason, '') NOT IN ('helpful', 'not_helpful') AS engaged
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
)
SELECT
    e.announcement,
    count(DISTINCT "user") FILTER (WHERE type = 'impression') AS users_reached,
    count(*) FILTER (WHERE type = 'impression') AS impressions,
    count(*) FILTER (WHERE engaged) AS engages,
    count(*) FILTER (WHERE type = 'dismiss') AS dismisses,
    count(*) FILTER (WHERE type = 'anchor-missing') AS anchor_missing,
    count(DISTINCT "user") FILTER (WHERE engaged) AS engaged_users,
    count(DISTINCT "user") FILTER (WHERE type = 'dismiss') AS dismissed_users,
    count(*) FILTER (WHERE type = 'engage' AND reason = 'helpful') AS helpful,
    count(*) FILTER (WHERE type = 'engage' AND reason = 'not_helpful') AS not_helpful,
    any_value(t.median_ms_to_engage) AS median_ms_to_engage,
    count(DISTINCT "user") FILTER (WHERE type = 'exposure' AND "group" = 'exposed') AS exposed_users,
    count(DISTINCT "user") FILTER (WHERE type = 'exposure' AND "group" = 'holdout') AS holdout_users
FROM e
LEFT JOIN time_to_engage t ON t.announcement = e.announcement
GROUP BY e.announcement
ORDER BY e.announcement;
