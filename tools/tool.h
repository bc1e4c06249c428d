/*
 * tool.h: what the benchmark and report tools share: a monotonic clock and
 * the built-in grammars (a tool cannot run without them: it exits).
 */
#ifndef LX_TOOL_H
#define LX_TOOL_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../parser/lexcn.h"

static inline double tool_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline lx_grammars *tool_grammars(const char *tool)
{
	lx_grammars *g;
	lx_error err;
	if (lx_grammars_builtin(&g, &err)) {
		fprintf(stderr, "%s: %s\n", tool, err.msg);
		exit(1);
	}
	return g;
}

#endif
