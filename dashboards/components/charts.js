// ECharts configurations for the report charts: every category labelled (interval 0, labels wrap to a
// width that fits the screen), value labels on every bar / point, 95 % interval whiskers, significance
// markers against the previous wave, and bar colours by provenance. Legends are HTML (never paginated).

export const NEUTRAL = '#5f8fd3';
export const PROVENANCE = {
	printed: { color: '#1f4e9c', ja: '掲載値（再現）', en: 'printed in the report, reproduced' },
	constrained: { color: '#5f8fd3', ja: '合計・順位のみ掲載', en: 'printed only as a sum, rank or sign' },
	assumed: { color: '#aab6c8', ja: '仮定（未掲載）', en: 'assumption (not printed)' },
	contradicted: { color: '#d9822b', ja: '掲載値が矛盾', en: 'printed figures contradict each other' }
};
export const METRICS = [
	{ key: 'cx', label: 'CX', color: '#1f4e9c' },
	{ key: 'ex', label: 'EX', color: '#2a9d8f' },
	{ key: 'ox', label: 'OX', color: '#c0504d' }
];
export const UP = '▲';
export const DOWN = '▼';

export const pct = (v, digits = 0) => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(digits)}%`);
export const num = (v, digits = 2) => (v === null || v === undefined ? '–' : Number(v).toFixed(digits));

/** ▲ / ▼ when the change against the previous wave is significant, else ''. */
export function marker(change, significant) {
	if (!significant || change === null || change === undefined) return '';
	return change > 0 ? UP : DOWN;
}

/** Strip the prefix every label of a grid shares ("AI use and investment: "), keeping the distinct part. */
export function stripCommonPrefix(labels, separators = ['：', ': ']) {
	if (labels.length < 2) return labels;
	for (const sep of separators) {
		const prefixes = labels.map((l) => (l.includes(sep) ? l.slice(0, l.indexOf(sep) + sep.length) : null));
		if (prefixes.every((p) => p !== null && p === prefixes[0])) {
			return labels.map((l) => l.slice(prefixes[0].length));
		}
	}
	return labels;
}

/** Bilingual category label: Japanese over English. */
export const bilingual = (ja, en) => (ja && en && ja !== en ? `${ja}\n${en}` : ja || en || '');

const baseGrid = (labelWidth) => ({ left: labelWidth + 12, right: 64, top: 10, bottom: 28, containLabel: false });

function categoryAxis(categories, labelWidth) {
	return {
		type: 'category',
		inverse: true,
		data: categories,
		axisTick: { show: false },
		axisLabel: {
			interval: 0,
			width: labelWidth,
			overflow: 'break',
			lineHeight: 14,
			fontSize: 11,
			color: '#333'
		}
	};
}

/** Lines a wrapped category label takes at `width` px (11 px font: ~11 px per CJK character, ~6 px Latin). */
export function labelLines(label, width) {
	return String(label)
		.split('\n')
		.reduce((sum, part) => {
			const px = [...part].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 12 : 6.6), 0);
			return sum + Math.max(1, Math.ceil(px / Math.max(40, width)));
		}, 0);
}

/** Height in px for the categories: at least `perRow` each, more when their wrapped labels need it. */
export function chartHeight(labels, perRow, labelWidth = 10000) {
	const list = Array.isArray(labels) ? labels : Array.from({ length: labels }, () => '');
	const rows = list.reduce((h, l) => h + Math.max(perRow, labelLines(l, labelWidth) * 14 + 14), 0);
	return `${Math.max(120, rows + 50)}px`;
}

function whiskerSeries(name, points, offsetFraction = 0, color = '#222', labelOf = null) {
	// points: [[low, high, categoryIndex], ...]; drawn as a line with end caps, offset within the band
	return {
		type: 'custom',
		name,
		silent: true,
		z: 10,
		data: points,
		encode: { x: [0, 1], y: 2 },
		renderItem: (params, api) => {
			const lo = api.coord([api.value(0), api.value(2)]);
			const hi = api.coord([api.value(1), api.value(2)]);
			const band = api.size([0, 1])[1];
			const y = lo[1] + offsetFraction * band;
			const cap = Math.max(3, Math.min(6, band * 0.12));
			const style = { stroke: color, lineWidth: 1.2 };
			const text = labelOf ? labelOf(params.dataIndex) : '';
			return {
				type: 'group',
				children: [
					...(text
						? [{ type: 'text', style: { x: hi[0] + 5, y, text, fill: '#222', fontSize: 11, verticalAlign: 'middle' } }]
						: []),
					{ type: 'line', shape: { x1: lo[0], y1: y, x2: hi[0], y2: y }, style },
					{ type: 'line', shape: { x1: lo[0], y1: y - cap, x2: lo[0], y2: y + cap }, style },
					{ type: 'line', shape: { x1: hi[0], y1: y - cap, x2: hi[0], y2: y + cap }, style }
				]
			};
		}
	};
}

/**
 * Share bars, one per category: value label "42% ▲", whisker = Wilson 95 % interval, colour = provenance.
 * items: [{label, share, low, high, provenance, marker}]
 */
export function shareConfig(items, { labelWidth = 220, max = null } = {}) {
	const top = Math.max(...items.map((d) => d.high ?? d.share ?? 0), 0.05);
	return {
		animation: false,
		grid: baseGrid(labelWidth),
		tooltip: { trigger: 'item' },
		legend: { show: false },
		xAxis: {
			type: 'value',
			min: 0,
			max: max ?? Math.min(1, Math.ceil((top + 0.08) * 10) / 10),
			axisLabel: { formatter: (v) => `${Math.round(v * 100)}%`, fontSize: 10 },
			splitLine: { lineStyle: { color: '#eee' } }
		},
		yAxis: categoryAxis(
			items.map((d) => d.label),
			labelWidth
		),
		series: [
			{
				type: 'bar',
				name: 'share',
				barMaxWidth: 22,
				data: items.map((d) => ({
					value: d.share,
					itemStyle: { color: PROVENANCE[d.provenance]?.color ?? NEUTRAL }
				})),
				label: { show: false }
			},
			// whiskers carry the value label at their upper end, so label and interval never overlap
			whiskerSeries(
				'95% CI',
				items.map((d, i) => [d.low ?? d.share ?? 0, d.high ?? d.share ?? 0, i]),
				0,
				'#222',
				(i) => {
					const d = items[i];
					if (d.share === null || d.share === undefined) return 'suppressed';
					return `${pct(d.share)}${d.marker ? ' ' + d.marker : ''}${d.provenance === 'contradicted' ? ' ⚠' : ''}`;
				}
			)
		]
	};
}

/**
 * CX / EX / OX means per category as points with 95 % whiskers (one row per metric within each band),
 * each labelled with its value and ▲▼ against the previous wave.
 * items: [{label, cx, cx_low, cx_high, cx_marker, ex..., ox...}]
 */
export function scoreConfig(items, { labelWidth = 220, averages = null } = {}) {
	const offsets = [-0.25, 0, 0.25];
	const series = [];
	METRICS.forEach((m, k) => {
		const off = offsets[k];
		if (averages && averages[m.key] !== null && averages[m.key] !== undefined) {
			series.push({
				type: 'line',
				name: `${m.label} wave average`,
				data: [],
				markLine: {
					silent: true,
					symbol: 'none',
					label: { show: false },
					lineStyle: { color: m.color, type: 'dashed', width: 1 },
					data: [{ xAxis: averages[m.key] }]
				}
			});
		}
		series.push(
			whiskerSeries(
				`${m.label} 95% CI`,
				items
					.map((d, i) => [d[`${m.key}_low`], d[`${m.key}_high`], i])
					.filter((p) => p[0] !== null && p[0] !== undefined),
				off,
				m.color
			)
		);
		series.push({
			type: 'custom',
			name: m.label,
			z: 11,
			data: items
				.map((d, i) => [d[m.key], i, d[`${m.key}_high`] ?? d[m.key]])
				.filter((p) => p[0] !== null && p[0] !== undefined),
			encode: { x: 0, y: 1 },
			renderItem: (params, api) => {
				const p = api.coord([api.value(0), api.value(1)]);
				const band = api.size([0, 1])[1];
				const y = p[1] + off * band;
				const end = api.coord([api.value(2), api.value(1)])[0];
				const d = items[api.value(1)];
				const text = `${m.label} ${num(d[m.key])}${d[`${m.key}_marker`] ? ' ' + d[`${m.key}_marker`] : ''}`;
				return {
					type: 'group',
					children: [
						{ type: 'circle', shape: { cx: p[0], cy: y, r: 3.5 }, style: { fill: m.color } },
						{
							type: 'text',
							style: {
								x: end + 5,
								y,
								text,
								fill: m.color,
								fontSize: 10,
								verticalAlign: 'middle'
							}
						}
					]
				};
			}
		});
	});
	return {
		animation: false,
		grid: { ...baseGrid(labelWidth), right: 80 },
		tooltip: { trigger: 'item' },
		legend: { show: false },
		xAxis: {
			type: 'value',
			min: 1,
			max: 5,
			interval: 1,
			axisLabel: { fontSize: 10 },
			splitLine: { lineStyle: { color: '#eee' } }
		},
		yAxis: categoryAxis(
			items.map((d) => d.label),
			labelWidth
		),
		series
	};
}

/**
 * 100 % stacked bars for a grid (one bar per item, one segment per option), segment labels inside.
 * items: [{label}], options: [{key, label, color}], values[itemIndex][optionKey] = share
 */
export function stackedConfig(items, options, values, { labelWidth = 220, minLabel = 0.07 } = {}) {
	return {
		animation: false,
		grid: baseGrid(labelWidth),
		tooltip: { trigger: 'item' },
		legend: { show: false },
		xAxis: {
			type: 'value',
			min: 0,
			max: 1,
			axisLabel: { formatter: (v) => `${Math.round(v * 100)}%`, fontSize: 10 },
			splitLine: { show: false }
		},
		yAxis: categoryAxis(
			items.map((d) => d.label),
			labelWidth
		),
		series: options.map((o) => ({
			type: 'bar',
			name: o.label,
			stack: 'all',
			barMaxWidth: 22,
			itemStyle: { color: o.color },
			data: values.map((v) => v[o.key] ?? null),
			label: {
				show: true,
				position: 'inside',
				fontSize: 10,
				color: '#fff',
				formatter: (p) => (p.value >= minLabel ? pct(p.value) : '')
			}
		}))
	};
}

export const PALETTE = ['#1f4e9c', '#5f8fd3', '#a9c4eb', '#c0504d', '#e8a33d', '#2a9d8f', '#8e6bb8', '#7f7f7f'];
