-- Every wave, newest first, with a short label for legends and pickers ("2025").
select
    wave_id,
    wave_id as wave_short,
    label_ja || ' / ' || label_en as wave_label,
    sort_order,
    respondents_n,
    is_synthetic,
    notes
from csx.dim_wave
order by sort_order desc
