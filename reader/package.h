/*
 * package.h: a ZIP package (DOCX, OFD) read from memory within limits,
 * and its XML parts parsed safely: the ZIP-bomb and XML defences the
 * package readers share.
 */
#ifndef LX_PACKAGE_H
#define LX_PACKAGE_H

#include <libxml/tree.h>
#include <zip.h>

#include "reader.h"

typedef struct lx_package {
	zip_t *z;
	const char *name;   /* the file, for messages */
	lx_error *err;
	size_t total;       /* bytes inflated so far, every part */
	size_t max_part, max_total;
	size_t max_tags;    /* '<' in one XML part: the bound of its tree */
} lx_package;

/* Opens the ZIP in buf (borrowed: it must outlive the package).  LX_OK;
 * LX_ERR_DECODE (a damaged ZIP: "FILE: a damaged ZIP archive (...)"),
 * LX_ERR_LIMIT (more than max_entries entries); err filled.  Close it
 * with lx_package_close, also on failure. */
int lx_package_open(lx_package *p, const char *name, const char *buf,
                    size_t len, size_t max_entries, size_t max_part,
                    size_t max_total, size_t max_tags, lx_error *err);
void lx_package_close(lx_package *p);
/* The index of a part by its name (exactly, else ignoring case), or -1. */
zip_int64_t lx_package_find(const lx_package *p, const char *part);
/* Reads a part: *out malloc'd, NUL-terminated, *len bytes; its declared
 * and its inflated size counted against the limits.  LX_OK;
 * LX_ERR_NOT_FOUND when there is no such part (err untouched: the reader
 * says what is missing); LX_ERR_DECODE (damaged), LX_ERR_LIMIT,
 * LX_ERR_NOMEM with err filled ("FILE: PART: ..."). */
int lx_package_read(lx_package *p, const char *part, char **out,
                    size_t *len);
/* Parses XML of a part: no network, no DTD (a <!DOCTYPE> is refused:
 * package parts have none, and it is where billion laughs and external
 * entities would be declared), no entity substitution, libxml2's depth
 * limit, at most max_tags elements.  *out owned by the caller
 * (xmlFreeDoc).  LX_OK, LX_ERR_DECODE ("FILE: PART: malformed XML at
 * line N: ..."), LX_ERR_LIMIT, LX_ERR_NOMEM. */
int lx_package_xml(lx_package *p, const char *part, const char *buf,
                   size_t len, xmlDoc **out);

#endif
