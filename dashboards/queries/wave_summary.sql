-- CX / EX / OX and respondents per wave (mart_wave_summary: unweighted, as printed) with their provenance (needs value_provenance.sql on the page).
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
left join ${value_provenance} p on p.wave_id = s.wave_id and p.question_id = 'overall'
order by w.sort_order
