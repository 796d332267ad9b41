// Evidence query results as plain arrays: a readable store that is null until the query has loaded.
import { readable } from 'svelte/store';
import { Query } from '@evidence-dev/sdk/usql';

export function rowsOf(data) {
	return readable(null, (set) => {
		if (Query.isQuery(data)) {
			data.fetch();
			return data.subscribe((value) => set(value.dataLoaded ? Array.from(value) : null));
		}
		set(Array.isArray(data) ? data : null);
		return () => {};
	});
}
