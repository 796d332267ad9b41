select * from marts.mart_report_reconciliation
