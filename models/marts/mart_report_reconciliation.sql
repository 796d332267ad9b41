{#-
    One row per printed figure of the report: printed vs computed value, and whether the computed value
    rounds to the printed one (|difference| <= half a unit of the printed precision). Misses show the
    contradiction recorded in the reference seed (NULL when the figure is met).
-#}
with

computed as (

    select * from {{ ref('int_published_figures_computed') }}

),

compared as (

    select
        *,
        computed_value - printed_value_num as difference,
        coalesce(abs(computed_value - printed_value_num) <= tolerance + 1e-9, false) as within_printed_precision
    from computed

),

final as (

    select
        cast(figure_id as {{ dbt.type_string() }}) as figure_id,
        cast(chart_id as {{ dbt.type_string() }}) as chart_id,
        cast(wave_id as {{ dbt.type_string() }}) as wave_id,
        cast(compare_wave_id as {{ dbt.type_string() }}) as compare_wave_id,
        cast(dimension as {{ dbt.type_string() }}) as dimension,
        cast(member as {{ dbt.type_string() }}) as member,
        cast(measure as {{ dbt.type_string() }}) as measure,
        cast(metric as {{ dbt.type_string() }}) as metric,
        cast(printed_value as {{ dbt.type_string() }}) as printed_value,
        cast(printed_value_num as {{ csx.type_double() }}) as printed_value_num,
        cast(computed_value as {{ csx.type_double() }}) as computed_value,
        cast(difference as {{ csx.type_double() }}) as difference,
        cast(tolerance as {{ csx.type_double() }}) as tolerance,
        cast(within_printed_precision as {{ dbt.type_boolean() }}) as within_printed_precision,
        cast(case when not within_printed_precision then contradiction end as {{ dbt.type_string() }})
            as contradiction,
        cast(confidence as {{ dbt.type_string() }}) as confidence,
        cast(note as {{ dbt.type_string() }}) as note
    from compared

)

select * from final
