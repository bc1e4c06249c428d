/*
 * error.c: the names of the error codes, and the library's version.
 * (lx_error_set, which fills the record, is in util.c: the index library
 * links its own copy of the helpers.)
 */
#include <stdarg.h>
#include <stdio.h>

#include "lx_int.h"

const char *lx_code_name(int code)
{
	switch (code) {
	case LX_OK: return "ok";
	case LX_ERR_IO: return "io";
	case LX_ERR_DECODE: return "decode";
	case LX_ERR_NOMEM: return "nomem";
	case LX_ERR_GRAMMAR: return "grammar";
	case LX_ERR_LIMIT: return "limit";
	case LX_ERR_USAGE: return "usage";
	case LX_ERR_NOT_FOUND: return "not-found";
	case LX_ERR_EXISTS: return "exists";
	case LX_ERR_AMBIGUOUS: return "ambiguous";
	case LX_ERR_LOCKED: return "locked";
	case LX_ERR_DAMAGED: return "damaged";
	case LX_ERR_CHANGED: return "changed";
	case LX_ERR_INDEX: return "index";
	case LX_ERR_INTERRUPTED: return "interrupted";
	case LX_ERR_WRITE: return "write";
	}
	return "unknown";
}

int lx_version(void) { return LX_VERSION; }
const char *lx_version_string(void) { return LX_VERSION_STRING; }
