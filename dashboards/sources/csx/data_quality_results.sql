-- Used by `csx dashboards build` when the warehouse has no marts.data_quality_results yet
-- (no `csx validate` run): the same columns, no rows.
select
    cast(null as varchar) as run_id, cast(null as timestamp) as run_at, cast(null as varchar) as suite,
    cast(null as varchar) as "table", cast(null as varchar) as "column", cast(null as varchar) as expectation,
    cast(null as boolean) as success, cast(null as varchar) as observed, cast(null as varchar) as details
where false
