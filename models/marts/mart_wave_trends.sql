{#-
    Wave-on-wave changes: for every weighting scheme x harmonized question x trend option chosen in at least two
    waves, one row per wave compared with the previous wave that has it (comparison through trend_option_id,
    each respondent counted once). Shares: two-proportion z test (pooled). Means: Welch's t test with
    Welch–Satterthwaite degrees of freedom against the t table (normal value beyond it). Significance at 5 %.
    A pair is suppressed (no counts, no metrics) when either wave has fewer than var('csx_min_cell_size')
    respondents for the trend option, or one of its options' whole-wave cells is suppressed in mart_option_scores.
    Weighted schemes (docs/weighting.md): weighted shares and means; the z test pools the weighted shares and
    uses the Kish effective bases, Welch's t the effective sizes; suppression uses the unweighted counts.
-#}
{%- set min_cell = var('csx_min_cell_size') -%}
{%- set scores = csx.score_names() -%}
with

trend_options as (

    select * from {{ ref('int_trend_options_aggregated') }}

),

t_values as (

    select * from {{ ref('int_t_critical_values_ranged') }}

),

suppression as (

    select * from {{ ref('int_option_scores_suppressed') }}
    where segment_question_id = 'total'

),

answer_codes as (

    select * from {{ ref('int_answer_options_mapped') }}

),

hidden_members as (

    -- a trend option is hidden in a wave when any of its options' whole-wave cells is (the published cells
    -- of mart_option_scores must not let a suppressed one be recovered from a trend)
    select distinct
        answer_codes.wave_id,
        answer_codes.question_id,
        answer_codes.trend_option_id
    from answer_codes
    inner join suppression
        on
            answer_codes.wave_id = suppression.wave_id
            and answer_codes.question_id = suppression.question_id
            and answer_codes.option_id = suppression.option_id
    where suppression.suppressed

),

sequenced as (

    select
        trend_options.*,
        hidden_members.trend_option_id is not null as has_hidden_member,
        lag(trend_options.wave_id) over (
            partition by trend_options.weighting_scheme, trend_options.question_id, trend_options.trend_option_id
            order by trend_options.wave_year, trend_options.wave_id
        ) as previous_wave_id
    from trend_options
    left join hidden_members
        on
            trend_options.wave_id = hidden_members.wave_id
            and trend_options.question_id = hidden_members.question_id
            and trend_options.trend_option_id = hidden_members.trend_option_id

),

paired as (

    select
        sequenced.weighting_scheme,
        sequenced.question_id,
        sequenced.question_label_en,
        sequenced.question_label_ja,
        sequenced.trend_option_id,
        sequenced.option_label_en,
        sequenced.option_label_ja,
        sequenced.wave_id,
        sequenced.previous_wave_id,
        sequenced.respondents_n,
        sequenced.base_n,
        previous.respondents_n as previous_respondents_n,
        previous.base_n as previous_base_n,
        sequenced.weighted_respondents_n,
        sequenced.weighted_base_n,
        sequenced.effective_base_n,
        previous.weighted_respondents_n as previous_weighted_respondents_n,
        previous.weighted_base_n as previous_weighted_base_n,
        previous.effective_base_n as previous_effective_base_n,
        sequenced.share,
        previous.share as previous_share,
        {%- for score in scores %}
            sequenced.effective_{{ score }}_n,
            sequenced.avg_{{ score }},
            sequenced.stddev_{{ score }},
            previous.effective_{{ score }}_n as previous_effective_{{ score }}_n,
            previous.avg_{{ score }} as previous_avg_{{ score }},
            previous.stddev_{{ score }} as previous_stddev_{{ score }},
        {%- endfor %}
        sequenced.respondents_n < {{ min_cell }} or previous.respondents_n < {{ min_cell }}
        or sequenced.has_hidden_member or previous.has_hidden_member as suppressed
    from sequenced
    inner join sequenced as previous
        on
            sequenced.weighting_scheme = previous.weighting_scheme
            and sequenced.question_id = previous.question_id
            and sequenced.trend_option_id = previous.trend_option_id
            and sequenced.previous_wave_id = previous.wave_id

),

tested as (

    select
        *,
        {%- for score in scores %}
            {{ csx.welch_t(
                'avg_' ~ score, 'stddev_' ~ score, 'effective_' ~ score ~ '_n',
                'previous_avg_' ~ score, 'previous_stddev_' ~ score, 'previous_effective_' ~ score ~ '_n'
            ) }} as {{ score }}_statistic,
            {{ csx.welch_df(
                'stddev_' ~ score, 'effective_' ~ score ~ '_n', 'previous_stddev_' ~ score,
                'previous_effective_' ~ score ~ '_n'
            ) }} as {{ score }}_df,
        {%- endfor %}
        {{ csx.two_proportion_z(
            'weighted_respondents_n', 'weighted_base_n', 'previous_weighted_respondents_n', 'previous_weighted_base_n',
            'effective_base_n', 'previous_effective_base_n'
        ) }} as share_statistic
    from paired

),

with_critical as (

    select
        tested.*,
        {{- csx.t_critical_columns(scores) }}
    from tested
    {{- csx.t_critical_joins('t_values', 'floor(tested.{score}_df)', scores) }}

),

final as (

    select
        cast({{ csx.surrogate_key([
            'with_critical.weighting_scheme', 'with_critical.question_id', 'with_critical.trend_option_id',
            'with_critical.wave_id', 'with_critical.previous_wave_id'
        ]) }} as {{ dbt.type_string() }}) as trend_key,
        cast(with_critical.weighting_scheme as {{ dbt.type_string() }}) as weighting_scheme,
        cast(with_critical.question_id as {{ dbt.type_string() }}) as question_id,
        cast(with_critical.trend_option_id as {{ dbt.type_string() }}) as trend_option_id,
        cast(with_critical.question_label_en as {{ dbt.type_string() }}) as question_label_en,
        cast(with_critical.question_label_ja as {{ dbt.type_string() }}) as question_label_ja,
        cast(with_critical.option_label_en as {{ dbt.type_string() }}) as option_label_en,
        cast(with_critical.option_label_ja as {{ dbt.type_string() }}) as option_label_ja,
        cast(with_critical.wave_id as {{ dbt.type_string() }}) as wave_id,
        cast(with_critical.previous_wave_id as {{ dbt.type_string() }}) as previous_wave_id,
        {%- for count in ['respondents_n', 'base_n', 'previous_respondents_n', 'previous_base_n'] %}
            cast(case when not with_critical.suppressed then with_critical.{{ count }} end as {{ dbt.type_bigint() }})
                as {{ count }},
        {%- endfor %}
        {%- for size in ['effective_base_n', 'previous_effective_base_n'] %}
            cast(case when not with_critical.suppressed then with_critical.{{ size }} end as {{ csx.type_double() }})
                as {{ size }},
        {%- endfor %}
        cast(
            case when not with_critical.suppressed then with_critical.share end
            as {{ csx.type_double() }}
        ) as share,
        cast(
            case when not with_critical.suppressed then with_critical.previous_share end
            as {{ csx.type_double() }}
        ) as previous_share,
        cast(
            case when not with_critical.suppressed then with_critical.share - with_critical.previous_share end
            as {{ csx.type_double() }}
        ) as share_change,
        cast('two_proportion_z' as {{ dbt.type_string() }}) as share_test,
        cast(
            case when not with_critical.suppressed then {{ csx.round_half_up('with_critical.share_statistic') }} end
            as {{ csx.type_double() }}
        ) as share_statistic,
        cast(
            case
                when not with_critical.suppressed
                    then abs(with_critical.share_statistic) > {{ csx.z_95() }}
            end as {{ dbt.type_boolean() }}
        ) as share_significant,
        {%- for score in scores %}
            cast(
                case when not with_critical.suppressed then with_critical.avg_{{ score }} end
                as {{ csx.type_double() }}
            ) as avg_{{ score }},
            cast(
                case when not with_critical.suppressed then with_critical.previous_avg_{{ score }} end
                as {{ csx.type_double() }}
            ) as previous_avg_{{ score }},
            cast(
                case
                    when not with_critical.suppressed
                        then with_critical.avg_{{ score }} - with_critical.previous_avg_{{ score }}
                end as {{ csx.type_double() }}
            ) as {{ score }}_change,
            cast('welch_t' as {{ dbt.type_string() }}) as {{ score }}_test,
            cast(
                case
                    when not with_critical.suppressed
                        then {{ csx.round_half_up('with_critical.' ~ score ~ '_statistic') }}
                end
                as {{ csx.type_double() }}
            ) as {{ score }}_statistic,
            cast(
                case
                    when not with_critical.suppressed
                        then abs(with_critical.{{ score }}_statistic) > with_critical.t_critical_{{ score }}
                end as {{ dbt.type_boolean() }}
            ) as {{ score }}_significant,
        {%- endfor %}
        cast(with_critical.suppressed as {{ dbt.type_boolean() }}) as suppressed
    from with_critical

)

select * from final
