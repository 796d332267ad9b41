-- CX / EX / OX and respondents per wave (mart_wave_summary: unweighted, as printed) with their provenance.
with provenance as (
    select
        wave_id,
        max(case when measure = 'avg_cx' then provenance end) as cx_provenance,
        max(case when measure = 'avg_cx' then printed_value end) as cx_printed,
        max(case when measure = 'avg_ex' then provenance end) as ex_provenance,
        max(case when measure = 'avg_ex' then printed_value end) as ex_printed,
        max(case when measure = 'avg_ox' then provenance end) as ox_provenance,
        max(case when measure = 'avg_ox' then printed_value end) as ox_printed,
        max(case when measure = 'respondents_n' then provenance end) as n_provenance,
        max(case when measure <> 'share' then contradiction end) as score_contradiction
    from csx.mart_value_provenance
    where question_id = 'overall'
    group by all
)
select
    s.wave_id,
    w.wave_id as wave_short,
    w.sort_order,
    s.respondents_n,
    s.avg_cx, s.avg_cx_ci_low, s.avg_cx_ci_high,
    s.avg_ex, s.avg_ex_ci_low, s.avg_ex_ci_high,
    s.avg_ox, s.avg_ox_ci_low, s.avg_ox_ci_high,
    p.cx_provenance, p.cx_printed, p.ex_provenance, p.ex_printed, p.ox_provenance, p.ox_printed,
    p.n_provenance, p.score_contradiction
from csx.mart_wave_summary s
join csx.dim_wave w on w.wave_id = s.wave_id
left join provenance p on p.wave_id = s.wave_id
order by w.sort_order
