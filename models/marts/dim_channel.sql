{#- Channels: every option of the shared `channel` value domain, whichever question lists it. -#}
with

answer_options as (

    select * from {{ ref('int_answer_options_deduplicated') }}
    where value_domain = 'channel'

),

questions as (

    select * from {{ ref('int_questions_deduplicated') }}

),

ranked as (

    select
        answer_options.option_id,
        answer_options.label_en,
        answer_options.label_ja,
        answer_options.sort_order,
        row_number() over (
            partition by answer_options.option_id
            order by questions.sort_order, answer_options.sort_order
        ) as label_rank
    from answer_options
    inner join questions
        on answer_options.question_id = questions.question_id

),

final as (

    {{ csx.conformed_dimension_members('ranked', 'option_id', 'channel_id') }}

)

select * from final
