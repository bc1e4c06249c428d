/*
 * fuzz_grammar.c: loading a grammar file of any content: it loads or it is
 * refused with a file:line:col message, never more.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lx_grammars *g = NULL;
	lx_error err;
	if (lx_grammars_builtin(&g, &err))
		abort();
	err.msg[0] = '\0';
	if (lx_grammars_add_buffer(g, "fuzz.grammar", (const char *)data, size,
	                           &err) &&
	    strncmp(err.msg, "fuzz.grammar", 12))
		abort(); /* an error must name the file */
	lx_grammars_free(g);
	return 0;
}
