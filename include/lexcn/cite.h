/*
 * lexcn/cite.h: references in a document (本条例第四十五条第三项, 前款第一至
 * 第四项, 《中华人民共和国中小企业促进法》第十条, 西发改文〔2023〕71号) and the
 * nodes they name, within a document and across a set of documents.
 *
 * Ownership: citations and definitions belong to their document (valid
 * until lx_doc_free(), or lx_set_free() of the set that owns it).
 */
#ifndef LEXCN_CITE_H
#define LEXCN_CITE_H

#include "doc.h"
#include "grammar.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One node a citation points to: a document id and an eid in it (eid NULL
 * when the whole document is meant). */
typedef struct lx_target {
	const char *doc;
	const char *eid;
} lx_target;

/* A member of a reference chain: 第A条之S第P款第I项第J目, -1 when absent. */
typedef struct lx_ref {
	long art, para, item, subitem;
	int art_sub;
} lx_ref;

typedef struct lx_cite {
	const char *doc;      /* the citing document's id */
	const char *from;     /* the citing node's eid */
	const char *text;     /* the reference as written */
	size_t start, end;    /* its span, in characters of the node's text */
	const char *kind;     /* absolute, relative, document, docnum */
	const char *relation; /* cites, basis, repeal, issues */
	const char *title;    /* kind document: the title as written */
	const char *doc_number; /* kind docnum, or the number after a title */
	lx_target *targets;   /* one per member of a list or range */
	size_t n_targets;
	bool resolved;        /* every member found */
	const char *reason;   /* why not, when !resolved */
	/* The parsed chain, for resolution in another document. */
	lx_ref *refs;
	size_t n_refs;
	/* A law named without 《》 (刑法第二十条): the Chinese characters
	 * before the chain, whose longest ending that is exactly the title of
	 * a document in the set names it. */
	const char *name_run;
} lx_cite;

/* A term defined by the text: 本条例所称X，是指…, （以下简称X）. */
typedef struct lx_definition {
	const char *term;
	const char *eid; /* the defining node */
	const char *text;
} lx_definition;

/* Finds the references and defined terms of a parsed document (the
 * "citation" grammar of set) and resolves those inside it; references to
 * other documents stay unresolved until lx_set_resolve.  Calling it again
 * does nothing.  LX_OK, LX_ERR_NOMEM or LX_ERR_GRAMMAR (no citation
 * grammar in set). */
LX_EXTERN int lx_cite_find(lx_doc *d, const lx_grammars *set, lx_error *err);

/* Citations found in the document, resolved within it; references to other
 * documents stay unresolved until lx_set_resolve. */
LX_EXTERN size_t lx_doc_cites(const lx_doc *d, const lx_cite **out);
LX_EXTERN size_t lx_doc_definitions(const lx_doc *d, const lx_definition **out);

/* ---- document sets: citations across documents ------------------------- */

typedef struct lx_set lx_set;
LX_EXTERN int lx_set_new(lx_set **out);
/* Adds a document; the set owns it from then on. */
LX_EXTERN int lx_set_add(lx_set *s, lx_doc *d);
/* Links the references of every document to the others in the set:
 * 《title》 (with or without 中华人民共和国, the version in force at the citing
 * document's date), notice titles, document numbers.  Returns 0 or
 * LX_ERR_NOMEM. */
LX_EXTERN int lx_set_resolve(lx_set *s);
LX_EXTERN size_t lx_set_docs(const lx_set *s, lx_doc *const **out);
/* Finds a document by id, or by title (its latest version). */
LX_EXTERN lx_doc *lx_set_find(const lx_set *s, const char *id_or_title);
LX_EXTERN void lx_set_free(lx_set *s);

#ifdef __cplusplus
}
#endif

#endif
