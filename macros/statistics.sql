{#-
    Statistics used by the analysis marts, as portable SQL expressions.
    All arguments are SQL expressions; results are doubles (NULL when undefined, e.g. n = 0).
-#}

{#- Two-sided 95 % critical value of the standard normal distribution. -#}
{% macro z_95() -%}
    cast(1.959964 as {{ csx.type_double() }})
{%- endmacro %}

{#- Wilson score interval for a proportion x / n at 95 %: lower bound. -#}
{% macro wilson_ci_low(successes, trials) -%}
    {{ csx._wilson_ci(successes, trials, '-') }}
{%- endmacro %}

{#- Wilson score interval for a proportion x / n at 95 %: upper bound. -#}
{% macro wilson_ci_high(successes, trials) -%}
    {{ csx._wilson_ci(successes, trials, '+') }}
{%- endmacro %}

{% macro _wilson_ci(successes, trials, sign) -%}
    {%- set n = "cast(nullif(" ~ trials ~ ", 0) as " ~ csx.type_double() ~ ")" -%}
    {%- set p = "(cast(" ~ successes ~ " as " ~ csx.type_double() ~ ") / " ~ n ~ ")" -%}
    {{ csx._wilson_ci_from_share(p, n, sign) }}
{%- endmacro %}

{#-
    Wilson score bound for a share `p` on an (effective) sample size `n` (both SQL expressions, n a double that
    is NULL when 0). For a weighted share, p = Σw(choosers) / Σw(base) and n = the base's Kish effective size.
-#}
{% macro _wilson_ci_from_share(p, n, sign) -%}
    {%- set z = csx.z_95() -%}
    (
        ({{ p }} + {{ z }} * {{ z }} / (2 * {{ n }}))
        {{ sign }} {{ z }} * sqrt({{ p }} * (1 - {{ p }}) / {{ n }} + {{ z }} * {{ z }} / (4 * {{ n }} * {{ n }}))
    ) / (1 + {{ z }} * {{ z }} / {{ n }})
{%- endmacro %}

{#-
    A weighted share with its Wilson 95 % interval on the effective base, NULL when `suppressed`: `share`,
    `share_ci_low`, `share_ci_high`. share = weighted_successes / weighted_trials; with every weight 1 (then
    effective_trials = trials) the same figures as suppressed_share_with_ci, operation for operation.
-#}
{% macro suppressed_weighted_share_with_ci(weighted_successes, weighted_trials, effective_trials, suppressed) -%}
    {%- set d = csx.type_double() -%}
    {#- sums of weights added in different orders can put a share of 1 a rounding step above it: capped -#}
    {%- set p = "least(cast(" ~ weighted_successes ~ " as " ~ d ~ ") / cast(nullif(" ~ weighted_trials ~ ", 0) as " ~ d ~ "), 1)" -%}
    {%- set n = "cast(nullif(" ~ effective_trials ~ ", 0) as " ~ d ~ ")" -%}
    {%- set low = csx.round_half_up(csx._wilson_ci_from_share(p, n, '-')) -%}
    {%- set high = csx.round_half_up(csx._wilson_ci_from_share(p, n, '+')) -%}
    cast(case when not {{ suppressed }} then {{ p }} end as {{ d }}) as share,
    cast(case when not {{ suppressed }} then {{ csx.bound_not_past(low, p, '>') }} end as {{ d }}) as share_ci_low,
    cast(case when not {{ suppressed }} then {{ csx.bound_not_past(high, p, '<') }} end as {{ d }}) as share_ci_high
{%- endmacro %}

{#- Student t interval for a mean: mean -/+ t * sd / sqrt(n). `t_critical` is the two-sided 95 % value. -#}
{% macro t_ci_low(mean, stddev, n, t_critical) -%}
    ({{ mean }} - {{ t_critical }} * {{ stddev }} / sqrt(cast(nullif({{ n }}, 0) as {{ csx.type_double() }})))
{%- endmacro %}

{% macro t_ci_high(mean, stddev, n, t_critical) -%}
    ({{ mean }} + {{ t_critical }} * {{ stddev }} / sqrt(cast(nullif({{ n }}, 0) as {{ csx.type_double() }})))
{%- endmacro %}

{#-
    Two-proportion z statistic (pooled variance) for x1/n1 vs x2/n2. For weighted shares x and n are sums of
    weights and `e1`, `e2` the Kish effective sizes of the bases (default n1, n2: the unweighted test).
-#}
{% macro two_proportion_z(x1, n1, x2, n2, e1=none, e2=none) -%}
    {%- set d = csx.type_double() -%}
    {%- set e1 = e1 or n1 -%}
    {%- set e2 = e2 or n2 -%}
    {%- set pooled = "((cast(" ~ x1 ~ " as " ~ d ~ ") + " ~ x2 ~ ") / nullif(cast(" ~ n1 ~ " as " ~ d ~ ") + " ~ n2 ~ ", 0))" -%}
    (
        (cast({{ x1 }} as {{ d }}) / nullif({{ n1 }}, 0) - cast({{ x2 }} as {{ d }}) / nullif({{ n2 }}, 0))
        / nullif(sqrt({{ pooled }} * (1 - {{ pooled }}) * (1.0 / nullif({{ e1 }}, 0) + 1.0 / nullif({{ e2 }}, 0))), 0)
    )
{%- endmacro %}

{#- Welch's t statistic for two means with sample standard deviations and sizes. -#}
{% macro welch_t(mean1, sd1, n1, mean2, sd2, n2) -%}
    {%- set d = csx.type_double() -%}
    (
        ({{ mean1 }} - {{ mean2 }})
        / nullif(sqrt(
            {{ sd1 }} * {{ sd1 }} / cast(nullif({{ n1 }}, 0) as {{ d }})
            + {{ sd2 }} * {{ sd2 }} / cast(nullif({{ n2 }}, 0) as {{ d }})
        ), 0)
    )
{%- endmacro %}

{#- Welch–Satterthwaite degrees of freedom. -#}
{% macro welch_df(sd1, n1, sd2, n2) -%}
    {%- set d = csx.type_double() -%}
    {%- set v1 = "(" ~ sd1 ~ " * " ~ sd1 ~ " / cast(nullif(" ~ n1 ~ ", 0) as " ~ d ~ "))" -%}
    {%- set v2 = "(" ~ sd2 ~ " * " ~ sd2 ~ " / cast(nullif(" ~ n2 ~ ", 0) as " ~ d ~ "))" -%}
    (
        ({{ v1 }} + {{ v2 }}) * ({{ v1 }} + {{ v2 }})
        / nullif(
            {{ v1 }} * {{ v1 }} / nullif({{ n1 }} - 1, 0)
            + {{ v2 }} * {{ v2 }} / nullif({{ n2 }} - 1, 0),
            0
        )
    )
{%- endmacro %}

{#-
    Two-sided 95 % t critical values for several scores at once, from the ranged t table
    (int_t_critical_values_ranged), the normal value beyond the table. In one select:
        select rel.*, {{ csx.t_critical_columns(scores) }} from rel {{ csx.t_critical_joins('t_values', 'rel.{score}_n - 1', scores) }}
    gives t_critical_<score> for each score; `df_expression` names the degrees of freedom, `{score}` replaced.
-#}
{% macro t_critical_columns(scores) -%}
    {%- for score in scores %}
    coalesce(t_{{ score }}.t_critical, {{ csx.z_95() }}) as t_critical_{{ score }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{% macro t_critical_joins(t_values, df_expression, scores) -%}
    {%- for score in scores %}
    {%- set df = df_expression | replace('{score}', score) %}
    left join {{ t_values }} as t_{{ score }}
        on
            {{ df }} >= t_{{ score }}.df_from
            and {{ df }} < t_{{ score }}.df_to
    {%- endfor %}
{%- endmacro %}

{#-
    Moments kept as sums, so that partial aggregates add up exactly (integers) and statistics come last.
    `score_sums(alias)`: for each self-rating score, `<s>_n`, `<s>_sum`, `<s>_sum_sq` aggregated over rows
    (`alias.` + the score column, e.g. `respondents.cx_score`); `score_sums_rolled(alias)` adds such columns up.
    Both give comma-separated columns without a trailing comma.
-#}
{% macro score_sums(alias='') -%}
    {%- set columns = [] -%}
    {%- for question in csx.score_questions() -%}
        {%- set name = question | replace('_score', '') -%}
        {%- set value = 'cast(' ~ alias ~ question ~ ' as ' ~ dbt.type_bigint() ~ ')' -%}
        {%- do columns.append('count(' ~ alias ~ question ~ ') as ' ~ name ~ '_n') -%}
        {%- do columns.append('sum(' ~ value ~ ') as ' ~ name ~ '_sum') -%}
        {%- do columns.append('sum(' ~ value ~ ' * ' ~ value ~ ') as ' ~ name ~ '_sum_sq') -%}
    {%- endfor -%}
    {{ columns | join(',\n') }}
{%- endmacro %}

{% macro score_sums_rolled(alias='') -%}
    {%- set columns = [] -%}
    {%- for name in csx.score_names() -%}
        {%- for suffix in ['_n', '_sum', '_sum_sq'] -%}
            {%- do columns.append('sum(' ~ alias ~ name ~ suffix ~ ') as ' ~ name ~ suffix) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ columns | join(',\n') }}
{%- endmacro %}

{#- Mean from a sum and a count (NULL when n = 0). -#}
{% macro mean_from_sums(total, n) -%}
    (cast({{ total }} as {{ csx.type_double() }}) / nullif({{ n }}, 0))
{%- endmacro %}

{#- Sample standard deviation from sum, sum of squares and count: sqrt((n*ss - s*s) / (n*(n-1))), exact in integers. -#}
{% macro stddev_from_sums(total, total_sq, n) -%}
    sqrt(
        cast({{ n }} * {{ total_sq }} - {{ total }} * {{ total }} as {{ csx.type_double() }})
        / nullif(cast({{ n }} as {{ csx.type_double() }}) * ({{ n }} - 1), 0)
    )
{%- endmacro %}

{#- The short names of the self-rating scores (cx, ex, ox): column prefixes in the aggregates and marts. -#}
{% macro score_names() -%}
    {{ return(csx.score_questions() | map('replace', '_score', '') | list) }}
{%- endmacro %}

{#- `avg_<s>` and `stddev_<s>` for each score from its `<s>_n`, `<s>_sum`, `<s>_sum_sq` columns of `alias`. -#}
{% macro score_statistics(alias, scores) -%}
    {%- for score in scores %}
        {{ csx.mean_from_sums(alias ~ '.' ~ score ~ '_sum', alias ~ '.' ~ score ~ '_n') }} as avg_{{ score }},
        {{ csx.stddev_from_sums(alias ~ '.' ~ score ~ '_sum', alias ~ '.' ~ score ~ '_sum_sq', alias ~ '.' ~ score ~ '_n') }}
            as stddev_{{ score }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{#-
    A mean with its t 95 % interval, NULL when `suppressed`: `avg_<score>`, `avg_<score>_ci_low`, `avg_<score>_ci_high`
    from `alias`'s `avg_<score>`, `stddev_<score>`, `<score>_n` (or the column `n_column`, e.g. the Kish effective
    size of a weighted mean) and `t_critical_<score>` (bounds rounded to 6 places).
-#}
{% macro suppressed_mean_with_ci(alias, score, suppressed, n_column=none) -%}
    {%- set mean = alias ~ '.avg_' ~ score -%}
    {%- set n = alias ~ '.' ~ (n_column or score ~ '_n') -%}
    {%- set args = [mean, alias ~ '.stddev_' ~ score, n, alias ~ '.t_critical_' ~ score] -%}
    {%- set low = csx.round_half_up(csx.t_ci_low(*args)) -%}
    {%- set high = csx.round_half_up(csx.t_ci_high(*args)) -%}
    cast(case when not {{ suppressed }} then {{ mean }} end as {{ csx.type_double() }}) as avg_{{ score }},
    cast(case when not {{ suppressed }} then {{ csx.bound_not_past(low, mean, '>') }} end as {{ csx.type_double() }})
        as avg_{{ score }}_ci_low,
    cast(case when not {{ suppressed }} then {{ csx.bound_not_past(high, mean, '<') }} end as {{ csx.type_double() }})
        as avg_{{ score }}_ci_high
{%- endmacro %}

{#- A share with its Wilson 95 % interval, NULL when `suppressed`: `share`, `share_ci_low`, `share_ci_high`. -#}
{% macro suppressed_share_with_ci(successes, trials, suppressed) -%}
    cast(case when not {{ suppressed }} then cast({{ successes }} as {{ csx.type_double() }}) / {{ trials }} end
        as {{ csx.type_double() }}) as share,
    cast(case when not {{ suppressed }} then {{ csx.round_half_up(csx.wilson_ci_low(successes, trials)) }} end
        as {{ csx.type_double() }}) as share_ci_low,
    cast(case when not {{ suppressed }} then {{ csx.round_half_up(csx.wilson_ci_high(successes, trials)) }} end
        as {{ csx.type_double() }}) as share_ci_high
{%- endmacro %}

{#-
    A rounded interval bound that rounding must not carry past its point estimate (a weighted mean of equal scores
    is 4.999999999999999, its zero-width interval rounds to 5): `bound` unless it lies `past` ('>' for a lower,
    '<' for an upper bound) the point, then the point. NULL stays NULL; a valid bound is returned unchanged.
-#}
{% macro bound_not_past(bound, point, past) -%}
    case when {{ bound }} {{ past }} {{ point }} then {{ point }} else {{ bound }} end
{%- endmacro %}

{#-
    Round to `places` decimals, half away from zero, the same on every engine: the double is first fixed to 10
    decimals (so floating-point noise cannot decide a tie such as 3.5334975), then rounded in DECIMAL
    arithmetic, which DuckDB and Spark both round half-up.
-#}
{% macro round_half_up(expression, places=6) -%}
    cast(round(cast({{ expression }} as decimal(28, 10)), {{ places }}) as {{ csx.type_double() }})
{%- endmacro %}

{#-
    Net Promoter Score in points (-100..100) from promoters (9-10) and detractors (0-6) of n respondents:
    100 * (p_P - p_D). Its variance (in proportion units) is that of a difference of two multinomial
    proportions, [p_P + p_D - (p_P - p_D)^2] / n.
-#}
{% macro nps_points(promoters, detractors, n) -%}
    (100 * (cast({{ promoters }} as {{ csx.type_double() }}) - {{ detractors }}) / nullif({{ n }}, 0))
{%- endmacro %}

{% macro nps_variance(promoters, detractors, n) -%}
    {%- set d = csx.type_double() -%}
    {%- set p_p = "(cast(" ~ promoters ~ " as " ~ d ~ ") / nullif(" ~ n ~ ", 0))" -%}
    {%- set p_d = "(cast(" ~ detractors ~ " as " ~ d ~ ") / nullif(" ~ n ~ ", 0))" -%}
    (({{ p_p }} + {{ p_d }} - ({{ p_p }} - {{ p_d }}) * ({{ p_p }} - {{ p_d }})) / nullif({{ n }}, 0))
{%- endmacro %}

{#- Bound of the 95 % Wald interval of the NPS in points, clipped to -100..100 (`sign` is '-' or '+'). -#}
{% macro nps_ci(promoters, detractors, n, sign) -%}
    {%- set bound = csx.nps_points(promoters, detractors, n) ~ " " ~ sign ~ " 100 * " ~ csx.z_95()
        ~ " * sqrt(" ~ csx.nps_variance(promoters, detractors, n) ~ ")" -%}
    {{ 'greatest' if sign == '-' else 'least' }}({{ bound }}, {{ '-100' if sign == '-' else '100' }})
{%- endmacro %}

{#- z statistic for the difference of two independent NPS (points and variances as above). -#}
{% macro nps_difference_z(nps1, variance1, nps2, variance2) -%}
    (({{ nps1 }} - {{ nps2 }}) / 100 / nullif(sqrt({{ variance1 }} + {{ variance2 }}), 0))
{%- endmacro %}
