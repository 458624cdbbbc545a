"""The ``unit_activity`` view: UNIT mentions per unit and month, as written and rolled up to today's successor.

Columns: ``month`` (DATE, the first day of the month of the article's publication), ``basis``
(``'as_written'``: the unit the article names; ``'current'``: that unit's successor, followed through the
``units`` table's successor links to the end), ``unit_id``, ``unit`` (the name in ``units``, else the most
frequent written form), ``mentions`` (count of UNIT mentions; articles without a date are left out).

The roll-up walks the links in SQL (a recursive CTE), so the view works on any ``units`` table with the
contract's columns. A unit with several successors (split between them, or sources that disagree) has no
single successor: the walk stops there. A cycle (two statements contradicting each other) stops before a
unit repeats, so the walk always ends.
"""

from __future__ import annotations

NEEDS = ("entities", "articles", "units")

# the id of a mention written before `attrs.unit_id` existed: nlp.units_table.slug in SQL
_SLUG = ("trim(regexp_replace(lower(strip_accents(replace(replace(e.value, 'đ', 'd'), 'Đ', 'D'))), "
         "'[^a-z0-9]+', '-', 'g'), '-')")

SQL = f"""
WITH RECURSIVE mentions AS (
    SELECT CAST(date_trunc('month', a.published_at) AS DATE) AS month,
           coalesce(e.attrs->>'$.unit_id', {_SLUG}) AS unit_id, e.value
    FROM entities e JOIN articles a USING (article_id)
    WHERE e.type = 'UNIT' AND a.published_at IS NOT NULL
), next_unit AS (
    SELECT unit_id, any_value(successor) AS successor FROM units
    WHERE successor IS NOT NULL AND successor <> '' AND NOT contains(successor, ';')
    GROUP BY unit_id
), walk AS (
    SELECT DISTINCT unit_id AS start_id, unit_id AS current_id, [unit_id] AS path FROM mentions
    UNION ALL
    SELECT w.start_id, n.successor, list_append(w.path, n.successor)
    FROM walk w JOIN next_unit n ON n.unit_id = w.current_id
    WHERE NOT list_contains(w.path, n.successor)
), rolled AS (
    SELECT start_id, arg_max(current_id, len(path)) AS current_id FROM walk GROUP BY start_id
), names AS (
    SELECT unit_id, any_value(name) AS name FROM units GROUP BY unit_id
), written AS (
    SELECT unit_id, mode(value) AS value FROM mentions GROUP BY unit_id
)
SELECT m.month, 'as_written' AS basis, m.unit_id, coalesce(n.name, w.value) AS unit, count(*) AS mentions
FROM mentions m LEFT JOIN names n ON n.unit_id = m.unit_id LEFT JOIN written w ON w.unit_id = m.unit_id
GROUP BY m.month, m.unit_id, n.name, w.value
UNION ALL
SELECT m.month, 'current' AS basis, r.current_id AS unit_id, coalesce(n.name, w.value) AS unit,
       count(*) AS mentions
FROM mentions m JOIN rolled r ON r.start_id = m.unit_id
LEFT JOIN names n ON n.unit_id = r.current_id LEFT JOIN written w ON w.unit_id = r.current_id
GROUP BY m.month, r.current_id, n.name, w.value
"""
