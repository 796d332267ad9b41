{#-
    Relationship answers -> dim_channel for the shared `channel` value domain: every option of that domain a
    carried wave can be answered with (the codebook lookup that maps every stored answer) is in dim_channel.
-#}
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

    select answer_codes.option_id
    from {{ ref('int_answer_options_mapped') }} as answer_codes
    inner join channel_options
        on
            answer_codes.wave_id = channel_options.wave_id
            and answer_codes.question_code = channel_options.question_code
            and answer_codes.option_code = channel_options.option_code

)

select channel_answers.option_id
from channel_answers
left join {{ ref('dim_channel') }} as channels
    on channel_answers.option_id = channels.channel_id
where channels.channel_id is null
