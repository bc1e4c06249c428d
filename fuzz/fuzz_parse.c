/*
 * fuzz_parse.c: decoding, clean-up, structure and citations of any bytes,
 * with each grammar (the first byte chooses: automatic, statute, policy),
 * then the JSON and text renderers.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	lx_grammars *g = fuzz_grammars();
	static const char *const names[] = {NULL, "statute", "policy"};
	lx_parse_opts o = {.grammar = NULL};
	const char *name = names[data[0] % 3];
	if (name)
		o.grammar = lx_grammars_find(g, name);
	fuzz_parse_render("fuzz", (const char *)data + 1, size - 1, &o);
	return 0;
}
