select * from marts.dim_wave
