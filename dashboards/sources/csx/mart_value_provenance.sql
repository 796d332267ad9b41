select * from marts.mart_value_provenance
