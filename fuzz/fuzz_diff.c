/*
 * fuzz_diff.c: two versions (the input split at its first 0xFF byte)
 * diffed and compared, rendered in every format.
 */
#include "fuzz.h"

#include <lexcn/compare.h>
#include <lexcn/diff.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lx_grammars *g = fuzz_grammars();
	size_t cut = fuzz_split(data, size);
	lx_doc *d[2] = {NULL, NULL};
	lx_error err;
	size_t skip = cut < size;
	if (lx_parse_buffer(&d[0], g, "old", (const char *)data, cut, NULL, &err) ||
	    lx_parse_buffer(&d[1], g, "new", (const char *)data + cut + skip,
	                    size - cut - skip, NULL, &err))
		goto out;
	lx_diff *df;
	FILE *null = fopen("/dev/null", "w");
	if (null && lx_diff_docs(&df, d[0], d[1]) == 0) {
		lx_diff_view v = {.width = 80, .color = true};
		lx_diff_text(null, df, &v);
		v.unified = true;
		lx_diff_text(null, df, &v);
		lx_diff_json(null, df);
		lx_diff_html(null, df, &v);
		lx_diff_free(df);
	}
	lx_compare *c;
	if (null && lx_compare_docs(&c, g, d, 2) == 0) {
		lx_compare_text(null, c, true, 80);
		lx_compare_json(null, c);
		lx_compare_html(null, c, true);
		lx_compare_free(c);
	}
	if (null)
		fclose(null);
out:
	lx_doc_free(d[0]);
	lx_doc_free(d[1]);
	return 0;
}
