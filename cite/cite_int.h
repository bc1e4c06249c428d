/*
 * cite_int.h: what the files of cite/ share (extraction in cite.c,
 * resolution across documents in set.c).  Private to the library.
 */
#ifndef LX_CITE_INT_H
#define LX_CITE_INT_H

#include "../parser/lx_int.h"
#include <lexcn/cite.h>

/* Resolves the members of a chain in document d, relative to the node
 * `base` (NULL: the chain is absolute).  Appends targets to *out (arena of
 * `arena`); returns NULL, or the reason a member was not found. */
/* The reason resolution gives when memory ran out (compared by address:
 * the caller then reports LX_ERR_NOMEM). */
extern const char lx_oom_reason[];
#define LX_OOM_REASON lx_oom_reason
const char *lx_cite_resolve_refs(const lx_doc *d, const char *doc_id,
                                 const lx_node *base, const lx_ref *refs,
                                 size_t n, lx_arena *arena, lx_vec *out);

#endif
