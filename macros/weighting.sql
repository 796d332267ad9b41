{#-
    Survey weights (docs/weighting.md). `csx weights compute` (run by `csx build` and by csx's own dbt runner
    before `dbt build` / `dbt run`) rakes the waves and writes Parquet files to $CSX_WEIGHTS_DIR, else
    `build/weights/` in the project; the staging models read them with the engine's own Parquet reader.
-#}

{#- The path of a weights file (`respondent_weights` or `weighting_runs`). -#}
{% macro weights_file(name) -%}
    {%- set directory = env_var('CSX_WEIGHTS_DIR', '') or (csx.project_root_dir() ~ '/build/weights') -%}
    {{ return(directory ~ '/' ~ name ~ '.parquet') }}
{%- endmacro %}

{#- A FROM-clause expression reading a weights file; a clear error when `csx weights compute` has not run. -#}
{% macro read_weights_file(name) -%}
    {%- set path = csx.weights_file(name) -%}
    {{ return(adapter.dispatch('read_weights_file', 'csx')(path)) }}
{%- endmacro %}

{% macro default__read_weights_file(path) -%}
    parquet.`{{ path }}`
{%- endmacro %}

{% macro duckdb__read_weights_file(path) -%}
    {#- only a real run needs the file (sqlfluff and `dbt compile` on a fresh clone compile without it) -#}
    {%- if execute and flags.WHICH in ('run', 'build') -%}
        {%- set found = run_query("select count(*) from glob('" ~ path.replace("'", "''") ~ "')") -%}
        {%- if found.rows[0][0] == 0 -%}
            {{ exceptions.raise_compiler_error(
                "csx: survey weights not found at " ~ path ~ ". Run `csx weights compute` before dbt "
                ~ "(`csx build` does; docs/weighting.md), or set CSX_WEIGHTS_DIR to where they are."
            ) }}
        {%- endif -%}
    {%- endif -%}
    read_parquet('{{ path }}')
{%- endmacro %}

{#-
    Null-safe join condition on the respondent-profile columns (the segment answers, var('csx_segment_questions')),
    between `left` and `right` relation aliases: survey weights are constant within a profile.
-#}
{% macro profile_join(left, right) -%}
    {%- for segment in var('csx_segment_questions') %}
        coalesce({{ left }}.{{ segment }}_id, '') = coalesce({{ right }}.{{ segment }}_id, '')
        {{- ' and' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{#-
    Weighted moments of the self-rating scores from per-row sums and a weight column `w`:
    `<s>_weight` = Σ w·n, `<s>_weight_sq` = Σ w²·n, `<s>_weighted_sum` = Σ w·sum, `<s>_weighted_sum_sq` = Σ w·sum_sq
    over `alias.<s>_n`, `<s>_sum`, `<s>_sum_sq` (comma-separated, no trailing comma).
-#}
{% macro weighted_score_sums(alias, weight) -%}
    {%- set columns = [] -%}
    {%- set d = csx.type_double() -%}
    {%- for name in csx.score_names() -%}
        {%- do columns.append(csx.exact_sum(weight ~ ' * ' ~ alias ~ name ~ '_n') ~ ' as ' ~ name ~ '_weight') -%}
        {%- do columns.append(
            csx.exact_sum(weight ~ ' * ' ~ weight ~ ' * ' ~ alias ~ name ~ '_n') ~ ' as ' ~ name ~ '_weight_sq'
        ) -%}
        {%- do columns.append(csx.exact_sum(weight ~ ' * ' ~ alias ~ name ~ '_sum') ~ ' as ' ~ name ~ '_weighted_sum') -%}
        {%- do columns.append(
            csx.exact_sum(weight ~ ' * ' ~ alias ~ name ~ '_sum_sq') ~ ' as ' ~ name ~ '_weighted_sum_sq'
        ) -%}
    {%- endfor -%}
    {{ columns | join(',\n') }}
{%- endmacro %}

{#- Adds up weighted_score_sums columns (comma-separated, no trailing comma). -#}
{% macro weighted_score_sums_rolled(alias='') -%}
    {%- set columns = [] -%}
    {%- for name in csx.score_names() -%}
        {%- for suffix in ['_weight', '_weight_sq', '_weighted_sum', '_weighted_sum_sq'] -%}
            {%- do columns.append(csx.exact_sum(alias ~ name ~ suffix) ~ ' as ' ~ name ~ suffix) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ columns | join(',\n') }}
{%- endmacro %}

{#-
    sum() of a per-row double in exact decimal arithmetic (each value fixed to 12 decimals), back to a double:
    order-independent, so weighted sums are identical from build to build however the engine splits the rows
    (a float sum is not). Integer-valued rows (every weight 1) sum to exactly the integer sum.
-#}
{% macro exact_sum(expression) -%}
    cast(sum(cast({{ expression }} as decimal(38, 12))) as {{ csx.type_double() }})
{%- endmacro %}

{#- exact_sum as a window function: `exact_window_sum('x', 'partition by ...')`. -#}
{% macro exact_window_sum(expression, window) -%}
    cast(sum(cast({{ expression }} as decimal(38, 12))) over ({{ window }}) as {{ csx.type_double() }})
{%- endmacro %}

{#- Kish's effective sample size (Σw)² / Σw² (NULL when Σw² = 0); equals n when every weight is 1. -#}
{% macro kish_effective_n(weight_sum, weight_sq_sum) -%}
    ({{ weight_sum }} * {{ weight_sum }} / nullif({{ weight_sq_sum }}, 0))
{%- endmacro %}

{#-
    Weighted sample standard deviation, the sum of weights V as the count (frequency weights, as SPSS):
    sqrt((V·Σwx² − (Σwx)²) / (V·(V − 1))), NULL unless V > 1. With every weight 1 it is stddev_from_sums,
    operation for operation (the numerator, exact in integers there, is floored at 0 against rounding).
-#}
{% macro weighted_stddev_from_sums(total, total_sq, weight) -%}
    {%- set d = csx.type_double() -%}
    case
        when {{ weight }} > 1
            then sqrt(
                greatest(cast({{ weight }} * {{ total_sq }} - {{ total }} * {{ total }} as {{ d }}), 0)
                / nullif(cast({{ weight }} as {{ d }}) * ({{ weight }} - 1), 0)
            )
    end
{%- endmacro %}

{#-
    For each score, from `alias`'s weighted_score_sums columns: `avg_<s>` (Σw·x / Σw), `stddev_<s>`
    (weighted_stddev_from_sums) and `effective_<s>_n` (Kish).
-#}
{% macro weighted_score_statistics(alias, scores) -%}
    {%- for score in scores %}
        {%- set p = alias ~ '.' ~ score %}
        {{ csx.mean_from_sums(p ~ '_weighted_sum', p ~ '_weight') }} as avg_{{ score }},
        {{ csx.weighted_stddev_from_sums(p ~ '_weighted_sum', p ~ '_weighted_sum_sq', p ~ '_weight') }}
            as stddev_{{ score }},
        {{ csx.kish_effective_n(p ~ '_weight', p ~ '_weight_sq') }} as effective_{{ score }}_n{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{#-
    Weighted moments of the self-rating scores over respondent rows (`alias.` + score column, weight expression
    `weight`): `<s>_weight` (Σw of respondents with the score), `<s>_weight_sq` (Σw²), `<s>_weighted_sum` (Σw·x),
    `<s>_weighted_sum_sq` (Σw·x²), comma-separated without a trailing comma.
-#}
{% macro weighted_score_row_sums(alias, weight) -%}
    {%- set columns = [] -%}
    {%- for question in csx.score_questions() -%}
        {%- set name = question | replace('_score', '') -%}
        {%- set score = alias ~ question -%}
        {%- set present = 'case when ' ~ score ~ ' is not null then ' ~ weight ~ ' end' -%}
        {%- do columns.append(csx.exact_sum(present) ~ ' as ' ~ name ~ '_weight') -%}
        {%- do columns.append(csx.exact_sum(present ~ ' * ' ~ weight) ~ ' as ' ~ name ~ '_weight_sq') -%}
        {%- do columns.append(csx.exact_sum(weight ~ ' * ' ~ score) ~ ' as ' ~ name ~ '_weighted_sum') -%}
        {%- do columns.append(
            csx.exact_sum(weight ~ ' * ' ~ score ~ ' * ' ~ score) ~ ' as ' ~ name ~ '_weighted_sum_sq'
        ) -%}
    {%- endfor -%}
    {{ columns | join(',\n') }}
{%- endmacro %}
