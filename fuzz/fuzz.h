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

/* Splits at the first 0xFF byte (never in UTF-8 text): two inputs. */
static inline size_t fuzz_split(const uint8_t *data, size_t size)
{
	const uint8_t *p = memchr(data, 0xFF, size);
	return p ? (size_t)(p - data) : size / 2;
}

#endif
