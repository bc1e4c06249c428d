/*
 * error.c: the error record every exported function fills, the names of
 * the codes, and the library's version.
 */
#include <stdarg.h>
#include <stdio.h>

#include "lx_int.h"

int lx_error_set(lx_error *err, int code, const char *fmt, ...)
{
	if (!err)
		return code;
	err->code = code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

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
	}
	return "unknown";
}

int lx_version(void) { return LX_VERSION; }
const char *lx_version_string(void) { return LX_VERSION_STRING; }
