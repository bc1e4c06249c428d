/*
 * cli.h: what the command files share: exit statuses and the command
 * signature.  One file per command (cmd_<name>.c); main.c holds the table.
 */
#ifndef LX_CLI_H
#define LX_CLI_H

#include "../parser/lexcn.h"

/* Exit statuses, documented in `lexcn --help` and README.md. */
enum {
	LX_EXIT_OK = 0,
	LX_EXIT_INPUT = 1,   /* an input is missing, unreadable or a directory */
	LX_EXIT_USAGE = 2,   /* bad command line */
	LX_EXIT_DECODE = 3,  /* an input is not text in a supported encoding */
	LX_EXIT_LIMIT = 4,   /* an input is beyond a documented limit */
	LX_EXIT_GRAMMAR = 5, /* a grammar file does not load */
	LX_EXIT_INTERNAL = 6 /* out of memory, or the output cannot be written */
};

int lx_exit_status(int lx_code);
int cmd_parse(int argc, char **argv);

#endif
