{#- One row per wave x respondent: who answered each wave and when. -#}
with

{% for wave in var('csx_waves') %}
{%- if wave.storage == 'external' %}
    {%- set wave_from = csx.read_external_wave(wave.path) %}
{%- else %}
    {%- set wave_from = ref('wave_' ~ wave.wave_id) %}
{%- endif %}
wave_{{ loop.index }}_source as (

    select
        '{{ wave.wave_id }}' as wave_id,
        respondent_id,
        submitted_at
    from {{ wave_from }}

),
{% endfor %}

source as (

    {% for wave in var('csx_waves') -%}
    select * from wave_{{ loop.index }}_source
    {% if not loop.last %}union all
    {% endif -%}
    {%- endfor %}

),

renamed as (

    select
        wave_id,
        cast(respondent_id as {{ dbt.type_string() }}) as respondent_id,
        {{ csx.safe_cast('submitted_at', dbt.type_timestamp()) }} as submitted_at
    from source

)

select * from renamed
