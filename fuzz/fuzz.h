/*
 * fuzz.h: what the libFuzzer targets share: the built-in grammars and a
 * tokenizer, made once per process (libFuzzer calls the target millions of
 * times), and splitting an input in two.
 */
#ifndef LX_FUZZ_H
#define LX_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lexcn/lexcn.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline lx_grammars *fuzz_grammars(void)
{
	static lx_grammars *g; /* one per process: the target's fixture */
	lx_error err;
	if (!g && lx_grammars_builtin(&g, &err)) {
		fprintf(stderr, "fuzz: %s\n", err.msg);
		abort();
	}
	return g;
}

/* What every parsing target does with its input: parse it (as `name`,
 * with opts), find its citations, render the document as JSON and as an
 * outline to /dev/null, free it. */
static inline void fuzz_parse_render(const char *name, const char *buf,
                                     size_t len, const lx_parse_opts *opts)
{
	lx_grammars *g = fuzz_grammars();
	lx_doc *d = NULL;
	lx_error err;
	if (lx_parse_buffer(&d, g, name, buf, len, opts, &err))
		return;
	/* Every tree the parser makes passes the tree checker. */
	if (lx_doc_check(d, NULL, 0, &err) == LX_ERR_DAMAGED) {
		fprintf(stderr, "fuzz: lx_doc_check: %s\n", err.msg);
		abort();
	}
	lx_cite_find(d, g, &err);
	FILE *null = fopen("/dev/null", "w");
	if (null) {
		lx_render(null, &d, 1, LX_FMT_JSON, &err);
		lx_render(null, &d, 1, LX_FMT_TEXT, &err);
		fclose(null);
	}
	lx_doc_free(d);
}

/* Splits at the first 0xFF byte (never in UTF-8 text): two inputs. */
static inline size_t fuzz_split(const uint8_t *data, size_t size)
{
	const uint8_t *p = memchr(data, 0xFF, size);
	return p ? (size_t)(p - data) : size / 2;
}

#endif
