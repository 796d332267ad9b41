select * from marts.mart_wave_trends
