/*
 * tool.h: what the benchmark and report tools share: a monotonic clock and
 * the built-in grammars (a tool cannot run without them: it exits).
 */
#ifndef LX_TOOL_H
#define LX_TOOL_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../parser/files.h"
#include <lexcn/lexcn.h>

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

/* `tool DIR [ROUNDS]`: the files of the corpus DIR, and the rounds (3
 * unless given).  Exits 2 on a usage error, 0 saying SKIPPED when there is
 * no corpus there. */
static inline int tool_corpus(int argc, char **argv, const char *tool,
                              lx_files *files)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s DIR [ROUNDS]\n", tool);
		exit(2);
	}
	if (lx_files_collect(files, argv[1], NULL) || !files->n) {
		printf("bench: SKIPPED: no corpus at %s\n", argv[1]);
		exit(0);
	}
	return argc > 2 ? atoi(argv[2]) : 3;
}

#endif
