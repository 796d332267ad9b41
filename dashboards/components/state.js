// Shared view state of the site: the selected wave and weighting, kept in the URL (?wave=&weighting=)
// and in sessionStorage, so a view can be shared and survives moving between pages.
import { writable } from 'svelte/store';
import { browser } from '$app/environment';

export const selectedWave = writable(null);
export const selectedWeighting = writable('unweighted');

const KEY = (name) => `csx.${name}`;

/** The URL's value of `name`, else the one remembered from another page, else null. */
export function readParam(name) {
	if (!browser) return null;
	const fromUrl = new URL(window.location.href).searchParams.get(name);
	if (fromUrl) return fromUrl;
	try {
		return sessionStorage.getItem(KEY(name));
	} catch {
		return null;
	}
}

/** Write {name: value} into the URL (replacing the history entry) and sessionStorage. */
export function writeParams(values) {
	if (!browser) return;
	const url = new URL(window.location.href);
	for (const [name, value] of Object.entries(values)) {
		if (value === null || value === undefined || value === '') {
			url.searchParams.delete(name);
		} else {
			url.searchParams.set(name, value);
			try {
				sessionStorage.setItem(KEY(name), value);
			} catch {
				// storage may be unavailable (private mode): the URL still carries the state
			}
		}
	}
	if (url.href !== window.location.href) {
		window.history.replaceState(window.history.state, '', url);
	}
}

/** Readable names of the weighting schemes (seeds/reference/weighting_schemes.csv). */
export const WEIGHTING_LABELS = {
	unweighted: 'Unweighted / ウェイトなし',
	composition_2025: 'Composition-adjusted (2025 mix) / 構成比調整（2025年の構成）'
};
export const weightingLabel = (id) => WEIGHTING_LABELS[id] ?? String(id).replace(/_/g, ' ');
