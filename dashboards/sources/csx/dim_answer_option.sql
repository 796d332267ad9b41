select * from marts.dim_answer_option
