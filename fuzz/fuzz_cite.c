/*
 * fuzz_cite.c: citations found and resolved across two documents (the
 * input split at its first 0xFF byte), as a set, rendered.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lx_grammars *g = fuzz_grammars();
	size_t cut = fuzz_split(data, size);
	lx_set *s = NULL;
	if (lx_set_new(&s))
		return 0;
	const char *parts[2] = {(const char *)data, (const char *)data + cut};
	size_t lens[2] = {cut, size - cut};
	if (lens[1]) {
		parts[1]++; /* past the separator, or the middle byte */
		lens[1]--;
	}
	for (int i = 0; i < 2; i++) {
		lx_doc *d = NULL;
		lx_error err;
		if (lx_parse_buffer(&d, g, i ? "b" : "a", parts[i], lens[i], NULL,
		                    &err) == 0 &&
		    (lx_cite_find(d, g, &err) || lx_set_add(s, d)))
			lx_doc_free(d);
	}
	lx_set_resolve(s);
	lx_doc *const *docs;
	size_t n = lx_set_docs(s, &docs);
	FILE *null = fopen("/dev/null", "w");
	if (null && n) {
		lx_error err;
		lx_render(null, docs, n, LX_FMT_JSON, &err);
	}
	if (null)
		fclose(null);
	lx_set_free(s);
	return 0;
}
