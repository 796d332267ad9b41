// Provenance footnotes of a chart, from the provenance columns of queries/option_scores.sql
// (mart_value_provenance): which values the report prints (and the warehouse reproduces), which are
// printed only as a sum / rank / sign, which are assumptions, and which printed values contradict.

const MEASURES = [
	{ key: 'share', label: 'share', printed: (v) => `${v}%` },
	{ key: 'cx', label: 'CX', printed: (v) => v },
	{ key: 'ex', label: 'EX', printed: (v) => v },
	{ key: 'ox', label: 'OX', printed: (v) => v }
];

/**
 * rows: option-score rows of one chart; labelOf(row) -> short label; measures: which measures the
 * chart draws. Returns {counts: {printed, constrained, assumed, contradicted}, contradictions: [...],
 * printed: [...], assumptions: [...]} for the footnote.
 */
export function summarise(rows, labelOf, measures = ['share', 'cx', 'ex', 'ox']) {
	const counts = { printed: 0, constrained: 0, assumed: 0, contradicted: 0 };
	const contradictions = [];
	const printed = [];
	const notes = new Set();
	for (const row of rows) {
		for (const m of MEASURES.filter((x) => measures.includes(x.key))) {
			const status = row[`${m.key}_provenance`] ?? 'assumed';
			counts[status] = (counts[status] ?? 0) + 1;
			const printedValue = row[`${m.key}_printed`];
			if (status === 'contradicted') {
				const why = m.key === 'share' ? row.share_contradiction : row.score_contradiction;
				const computed = m.key === 'share' ? row.share : row[`avg_${m.key}`];
				contradictions.push({
					label: `${labelOf(row)} ${m.label}`,
					printed: printedValue === null || printedValue === undefined ? '' : m.printed(printedValue),
					computed: m.key === 'share' ? `${(computed * 100).toFixed(0)}%` : Number(computed).toFixed(2),
					why: why ?? ''
				});
			} else if (status === 'printed' && printedValue !== null && printedValue !== undefined) {
				printed.push(`${labelOf(row)} ${m.label} ${m.printed(printedValue)}`);
			}
		}
		if (row.assumption_note) notes.add(row.assumption_note);
	}
	return { counts, contradictions, printed, assumptions: [...notes] };
}
