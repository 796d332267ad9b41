{#- Relationship fct_survey_responses -> dim_channel for every option of the shared `channel` value domain. -#}
with

channel_options as (

    select distinct
        wave_id,
        question_code,
        option_code
    from {{ ref('stg_survey__options') }}
    where value_domain = 'channel'

),

channel_answers as (

    select responses.option_id
    from {{ ref('fct_survey_responses') }} as responses
    inner join channel_options
        on
            responses.wave_id = channel_options.wave_id
            and responses.question_code = channel_options.question_code
            and responses.option_code = channel_options.option_code

)

select channel_answers.option_id
from channel_answers
left join {{ ref('dim_channel') }} as channels
    on channel_answers.option_id = channels.channel_id
where channels.channel_id is null
