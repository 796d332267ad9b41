{#-
    One row per wave x weighting scheme x margin (question x option): the target share the scheme asks for and
    the weighted share the weights give, computed here independently of the raking step (docs/weighting.md).
    Targets: the wave's own rows of seeds/reference/weighting_targets.csv for a question, else its `*` rows; an
    option's `target_share` (shares of a margin normalised to sum to 1), or with option `*` every option's share
    among the source wave's respondents who answered. Weighted shares are over the raked respondents: those who
    answered every margin question of the scheme (the others keep weight 1 and are not raked). A margin present
    on one side only has 0 on the other. Schemes without targets (`unweighted`) have no rows.
-#}
{%- set segments = var('csx_segment_questions') %}

with

targets as (

    select * from {{ ref('stg_reference__weighting_targets') }}

),

profiles as (

    select * from {{ ref('int_profile_weights_aggregated') }}

),

carried as (

    select distinct
        wave_id,
        weighting_scheme
    from profiles

),

applicable as (

    -- a wave's own rows for a question replace the scheme's `*` rows for that question
    select
        carried.wave_id,
        targets.weighting_scheme,
        targets.question_id,
        targets.option_id,
        targets.target_share,
        targets.source_wave_id
    from targets
    inner join carried
        on
            targets.weighting_scheme = carried.weighting_scheme
            and (targets.wave_id = carried.wave_id or targets.wave_id = '*')
    where
        targets.wave_id = carried.wave_id
        or not exists (
            select 1
            from targets as own
            where
                own.weighting_scheme = targets.weighting_scheme
                and own.question_id = targets.question_id
                and own.wave_id = carried.wave_id
        )

),

margin_questions as (

    select distinct
        wave_id,
        weighting_scheme,
        question_id
    from applicable

),

profile_answers as (

    {% for segment in segments %}
        select
            wave_id,
            weighting_scheme,
            profile_key,
            respondents_n,
            weight,
            '{{ segment }}' as question_id,
            {{ segment }}_id as option_id
        from profiles
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

scheme_answers as (

    select
        profile_answers.*,
        count(profile_answers.option_id) over (
            partition by profile_answers.wave_id, profile_answers.weighting_scheme, profile_answers.profile_key
        ) as answered_n,
        count(*) over (
            partition by profile_answers.wave_id, profile_answers.weighting_scheme, profile_answers.profile_key
        ) as margins_n
    from profile_answers
    inner join margin_questions
        on
            profile_answers.wave_id = margin_questions.wave_id
            and profile_answers.weighting_scheme = margin_questions.weighting_scheme
            and profile_answers.question_id = margin_questions.question_id

),

weighted_counts as (

    select
        wave_id,
        weighting_scheme,
        question_id,
        option_id,
        sum(respondents_n) as respondents_n,
        {{ csx.exact_sum('weight * respondents_n') }} as weighted_n
    from scheme_answers
    where answered_n = margins_n
    group by wave_id, weighting_scheme, question_id, option_id

),

weighted_shares as (

    select
        *,
        weighted_n
        / {{ csx.exact_window_sum('weighted_n', 'partition by wave_id, weighting_scheme, question_id') }}
            as weighted_share
    from weighted_counts

),

source_counts as (

    -- every answered option's respondents in each wave (unweighted, answered respondents only)
    select
        wave_id,
        question_id,
        option_id,
        sum(respondents_n) as respondents_n
    from profile_answers
    where weighting_scheme = 'unweighted' and option_id is not null
    group by wave_id, question_id, option_id

),

source_targets as (

    select
        applicable.wave_id,
        applicable.weighting_scheme,
        applicable.question_id,
        source_counts.option_id,
        cast(source_counts.respondents_n as {{ csx.type_double() }})
        / sum(source_counts.respondents_n) over (
            partition by applicable.wave_id, applicable.weighting_scheme, applicable.question_id
        ) as target_share
    from applicable
    inner join source_counts
        on
            applicable.source_wave_id = source_counts.wave_id
            and applicable.question_id = source_counts.question_id
    where applicable.option_id = '*'

),

given_targets as (

    select
        wave_id,
        weighting_scheme,
        question_id,
        option_id,
        target_share / sum(target_share) over (partition by wave_id, weighting_scheme, question_id) as target_share
    from applicable
    where option_id <> '*'

),

resolved_targets as (

    select * from source_targets
    union all
    select * from given_targets

),

compared as (

    select
        coalesce(resolved_targets.wave_id, weighted_shares.wave_id) as wave_id,
        coalesce(resolved_targets.weighting_scheme, weighted_shares.weighting_scheme) as weighting_scheme,
        coalesce(resolved_targets.question_id, weighted_shares.question_id) as question_id,
        coalesce(resolved_targets.option_id, weighted_shares.option_id) as option_id,
        coalesce(weighted_shares.respondents_n, 0) as respondents_n,
        coalesce(resolved_targets.target_share, 0) as target_share,
        coalesce(weighted_shares.weighted_share, 0) as weighted_share
    from resolved_targets
    full outer join weighted_shares
        on
            resolved_targets.wave_id = weighted_shares.wave_id
            and resolved_targets.weighting_scheme = weighted_shares.weighting_scheme
            and resolved_targets.question_id = weighted_shares.question_id
            and resolved_targets.option_id = weighted_shares.option_id

),

final as (

    select
        *,
        abs(weighted_share - target_share) as margin_error
    from compared

)

select * from final
