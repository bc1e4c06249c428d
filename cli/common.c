/*
 * common.c: what every command shares: the one mapping of library error
 * codes (lx_code) to the documented exit statuses.
 */
#include "cli.h"

/* Every failure of the library reaches the user's shell through here. */
int lx_exit_status(int code)
{
	switch (code) {
	case LX_OK: return LX_EXIT_OK;
	case LX_ERR_IO: return LX_EXIT_INPUT;
	case LX_ERR_DECODE: return LX_EXIT_DECODE;
	case LX_ERR_LIMIT: return LX_EXIT_LIMIT;
	case LX_ERR_GRAMMAR: return LX_EXIT_GRAMMAR;
	case LX_ERR_USAGE: return LX_EXIT_USAGE;
	case LX_ERR_NOT_FOUND: /* the index: a missing one */
	case LX_ERR_LOCKED:
	case LX_ERR_DAMAGED:
	case LX_ERR_CHANGED:
	case LX_ERR_INDEX: return LX_EXIT_INDEX;
	default: return LX_EXIT_INTERNAL;
	}
}
