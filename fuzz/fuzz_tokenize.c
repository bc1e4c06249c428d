/*
 * fuzz_tokenize.c: the tokenizer and its normal forms over any bytes.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static lx_tokenizer *t; /* one per process: the target's fixture */
	lx_error err;
	if (!t && lx_tokenizer_new(&t, true, &err)) {
		fprintf(stderr, "fuzz: %s\n", err.msg);
		abort();
	}
	const lx_token *tok;
	size_t n;
	if (lx_tokenize(t, (const char *)data, size, &tok, &n, &err))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (tok[i].start > tok[i].end || tok[i].end > size)
			abort(); /* offsets must stay inside the text */
		size_t nl;
		lx_tokenizer_norm(t, (const char *)data + tok[i].start,
		                  tok[i].end - tok[i].start, &nl);
	}
	return 0;
}
