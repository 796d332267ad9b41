{#-
    One row per wave x weighting scheme: how much the weights cost and how well they hit their targets
    (docs/weighting.md "Reading effective bases"). Kish design effect deff = n·Σw² / (Σw)², effective sample size
    n / deff; weight range; the raking run (iterations, convergence, library) as `csx weights compute` reported
    it, and the largest margin error recomputed here from the published weights (int_weighting_margins_compared).
-#}

with

weights as (

    select * from {{ ref('fct_respondent_weights') }}

),

runs as (

    select * from {{ ref('stg_weighting__runs') }}

),

schemes as (

    select * from {{ ref('dim_weighting_scheme') }}

),

margins as (

    select * from {{ ref('int_weighting_margins_compared') }}

),

weight_stats as (

    select
        wave_id,
        weighting_scheme,
        count(*) as respondents_n,
        {{ csx.exact_sum('weight') }} as weight_sum,
        {{ csx.exact_sum('weight * weight') }} as weight_sq_sum,
        min(weight) as min_weight,
        max(weight) as max_weight
    from weights
    group by wave_id, weighting_scheme

),

margin_errors as (

    select
        wave_id,
        weighting_scheme,
        count(*) as margins_n,
        max(margin_error) as max_margin_error
    from margins
    group by wave_id, weighting_scheme

),

final as (

    select
        cast(
            {{ csx.surrogate_key(['weight_stats.wave_id', 'weight_stats.weighting_scheme']) }}
            as {{ dbt.type_string() }}
        ) as weighting_diagnostic_key,
        cast(weight_stats.wave_id as {{ dbt.type_string() }}) as wave_id,
        cast(weight_stats.weighting_scheme as {{ dbt.type_string() }}) as weighting_scheme,
        cast(schemes.label_en as {{ dbt.type_string() }}) as scheme_label_en,
        cast(schemes.label_ja as {{ dbt.type_string() }}) as scheme_label_ja,
        cast(schemes.sort_order as {{ dbt.type_int() }}) as scheme_order,
        cast(runs.margin_question_ids as {{ dbt.type_string() }}) as margin_question_ids,
        cast(weight_stats.respondents_n as {{ dbt.type_bigint() }}) as respondents_n,
        cast(runs.raked_n as {{ dbt.type_bigint() }}) as raked_n,
        cast(runs.missing_margin_n as {{ dbt.type_bigint() }}) as missing_margin_n,
        cast(weight_stats.weight_sum / weight_stats.respondents_n as {{ csx.type_double() }}) as mean_weight,
        cast(weight_stats.min_weight as {{ csx.type_double() }}) as min_weight,
        cast(weight_stats.max_weight as {{ csx.type_double() }}) as max_weight,
        cast(
            weight_stats.respondents_n * weight_stats.weight_sq_sum
            / (weight_stats.weight_sum * weight_stats.weight_sum) as {{ csx.type_double() }}
        ) as design_effect,
        cast(
            {{ csx.kish_effective_n('weight_stats.weight_sum', 'weight_stats.weight_sq_sum') }}
            as {{ csx.type_double() }}
        ) as effective_n,
        cast(runs.trim_min as {{ csx.type_double() }}) as trim_min,
        cast(runs.trim_max as {{ csx.type_double() }}) as trim_max,
        cast(runs.tolerance as {{ csx.type_double() }}) as tolerance,
        cast(runs.iterations as {{ dbt.type_int() }}) as iterations,
        cast(runs.converged as {{ dbt.type_boolean() }}) as converged,
        cast(coalesce(margin_errors.margins_n, 0) as {{ dbt.type_bigint() }}) as margins_n,
        cast(runs.max_margin_error as {{ csx.type_double() }}) as raking_max_margin_error,
        cast(margin_errors.max_margin_error as {{ csx.type_double() }}) as max_margin_error,
        cast(runs.library as {{ dbt.type_string() }}) as library
    from weight_stats
    left join runs
        on
            weight_stats.wave_id = runs.wave_id
            and weight_stats.weighting_scheme = runs.weighting_scheme
    left join schemes
        on weight_stats.weighting_scheme = schemes.weighting_scheme
    left join margin_errors
        on
            weight_stats.wave_id = margin_errors.wave_id
            and weight_stats.weighting_scheme = margin_errors.weighting_scheme

)

select * from final
