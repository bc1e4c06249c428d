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
 * when the whole document is meant).  A record: its fields are only ever
 * appended to, at a major version. */
typedef struct lx_target {
	const char *doc;
	const char *eid;
} lx_target;
/* True when target t names node eid or a node below it (art_45 holds
 * art_45__para_1), or any node when eid is NULL; the document is not
 * compared. */
LX_EXTERN bool lx_target_within(const lx_target *t, const char *eid);

/* What a reference names: 第X条 (or 第三章) of the same document
 * (absolute), 前款, 本条, 本章 (relative to where it stands), 《a document》
 * (or a law named without 《》: 违反道路交通安全法的), a document number
 * (西发改文〔2023〕71号), or a named text in 《》 that is not a law,
 * regulation or normative document (a form, standard, plan, contract or
 * catalogue: 《污水综合排放标准》), never linked. */
typedef enum {
	LX_CITE_ABSOLUTE,
	LX_CITE_RELATIVE,
	LX_CITE_DOCUMENT,
	LX_CITE_DOCNUM,
	LX_CITE_NAMED_TEXT
} lx_cite_kind;

/* How the citing text relates to what it names: it cites it, is based on
 * it (根据《…》), repeals it (…同时废止) or issues it (印发). */
typedef enum {
	LX_CITE_CITES,
	LX_CITE_BASIS,
	LX_CITE_REPEAL,
	LX_CITE_ISSUES
} lx_cite_relation;

/* "absolute", "relative", "document", "docnum", "named-text" (static;
 * NULL when out of range). */
LX_EXTERN const char *lx_cite_kind_name(lx_cite_kind k);
/* "cites", "basis", "repeal", "issues" (static; NULL when out of range). */
LX_EXTERN const char *lx_cite_relation_name(lx_cite_relation r);

/* A reference found in a document: opaque, read through the getters.
 * They take a citation that is not NULL, never fail, and return borrowed
 * strings valid until lx_doc_free() of the citing document (or
 * lx_set_free() of the set that owns it). */
typedef struct lx_cite lx_cite;

/* The citing document's id, and the eid of the node the reference stands
 * in ("wrapper" for the text of the notice that issues the document,
 * lx_doc_wrapper()). */
LX_EXTERN const char *lx_cite_get_doc(const lx_cite *c);
LX_EXTERN const char *lx_cite_get_from(const lx_cite *c);
/* The reference as written. */
LX_EXTERN const char *lx_cite_get_text(const lx_cite *c);
/* Its span in the text of the citing node (lx_node_get_text(), or the
 * wrapper's text), in BYTES of the UTF-8: [start, end), so that text +
 * start holds end - start bytes equal to lx_cite_get_text().  (The JSON output, "span", counts
 * characters instead, as it always has.) */
LX_EXTERN size_t lx_cite_get_start(const lx_cite *c);
LX_EXTERN size_t lx_cite_get_end(const lx_cite *c);
LX_EXTERN lx_cite_kind lx_cite_get_kind(const lx_cite *c);
LX_EXTERN lx_cite_relation lx_cite_get_relation(const lx_cite *c);
/* Kind document or named-text: the title as written, else NULL. */
LX_EXTERN const char *lx_cite_get_title(const lx_cite *c);
/* Kind docnum, or the number after a title; else NULL. */
LX_EXTERN const char *lx_cite_get_doc_number(const lx_cite *c);
/* The nodes it names, one per member of a list or range: the count, and
 * the i-th for i < count (NULL otherwise). */
LX_EXTERN size_t lx_cite_target_count(const lx_cite *c);
LX_EXTERN const lx_target *lx_cite_target(const lx_cite *c, size_t i);
/* True when every member was found; otherwise the reason why not ("no
 * such article", "document not in set" ...), else NULL. */
LX_EXTERN bool lx_cite_get_resolved(const lx_cite *c);
LX_EXTERN const char *lx_cite_get_reason(const lx_cite *c);

/* A term defined by the text: 本条例所称X，是指…, （以下简称X）.  A record:
 * its fields are only ever appended to, at a major version. */
typedef struct lx_definition {
	const char *term;
	const char *eid; /* the defining node */
	const char *text;
} lx_definition;

/* Finds the references and defined terms of a parsed document (the
 * "citation" grammar of set) and resolves those inside it; references to
 * other documents stay unresolved until lx_set_resolve.  Calling it again
 * does nothing.  At most LX_MAX_CITES_PER_TEXT references are taken from
 * the text of one node; beyond, a citation-limit diagnostic and the rest of
 * that text is not read for references.  LX_OK, LX_ERR_NOMEM or
 * LX_ERR_GRAMMAR (no citation grammar in set). */
LX_EXTERN int lx_cite_find(lx_doc *d, const lx_grammars *set, lx_error *err);

/* The citations found in the document (none before lx_cite_find()),
 * resolved within it; references to other documents stay unresolved until
 * lx_set_resolve().  The count, and the i-th in text order for i < count
 * (NULL otherwise); borrowed, valid until lx_doc_free(). */
LX_EXTERN size_t lx_doc_cite_count(const lx_doc *d);
LX_EXTERN const lx_cite *lx_doc_cite(const lx_doc *d, size_t i);
/* The defined terms: *out points to an array of the count returned,
 * borrowed, valid until lx_doc_free(). */
LX_EXTERN size_t lx_doc_definitions(const lx_doc *d, const lx_definition **out);

/* ---- document sets: citations across documents ------------------------- */

typedef struct lx_set lx_set;
/* A new empty set in *out (NULL on failure); free it with lx_set_free().
 * LX_OK or LX_ERR_NOMEM. */
LX_EXTERN int lx_set_new(lx_set **out);
/* Adds a document; on success the set owns it from then on (lx_set_free()
 * frees it; do not call lx_doc_free()).  On failure the caller keeps it.
 * LX_OK or LX_ERR_NOMEM. */
LX_EXTERN int lx_set_add(lx_set *s, lx_doc *d);
/* Links the references of every document to the others in the set:
 * 《title》 (with or without 中华人民共和国, the version in force at the citing
 * document's date: of the versions adopted by then, the latest whose
 * effective date, else version date, is not after it), notice titles, document numbers.  A repeal of the
 * document's own title (《X省物业管理条例》……同时废止 in a new X省物业管理条例)
 * links to the earlier version of that title, or stays unresolved with the
 * reason "earlier version not in set"; never to the document itself.  Then
 * derives every document's status (lx_set_as_of()).  LX_OK or
 * LX_ERR_NOMEM. */
LX_EXTERN int lx_set_resolve(lx_set *s);
/* The date the statuses of the set's documents are derived at
 * (lx_doc_status()), "YYYY-MM-DD"; NULL for today (local time, the
 * default).  lx_set_resolve() derives them from what the set knows: 有效;
 * 已被修改 when a later version of the same title and jurisdiction, in
 * force by that date (effective date, else version date, on or before
 * it), is in the set; 失效 when its validity period (有效期N年 from
 * its effective date, 有效期至) ended before that date, or a document of the
 * set in force by then repeals it (…同时废止); 尚未生效 when it takes effect
 * after that date.  Drafts keep 草案 / 征求意见稿.  Called after
 * lx_set_resolve(), it derives them again.  LX_OK, LX_ERR_USAGE (not a
 * date of that form; nothing changed) or LX_ERR_NOMEM. */
LX_EXTERN int lx_set_as_of(lx_set *s, const char *date);
/* The documents in the order added: *out points to an array of the count
 * returned (borrowed; valid until the next lx_set_add() or lx_set_free()). */
LX_EXTERN size_t lx_set_docs(const lx_set *s, lx_doc *const **out);
/* Finds a document by id, or by title (its latest version); NULL when
 * none.  Borrowed: the set still owns it. */
LX_EXTERN lx_doc *lx_set_find(const lx_set *s, const char *id_or_title);
/* Frees the set and every document in it; NULL is allowed. */
LX_EXTERN void lx_set_free(lx_set *s);

/* ---- catalogues: the same links without holding every document ------- */

/* What resolution across documents needs of each document of a set, and
 * no more: its id, title and notice title, document number, dates,
 * jurisdiction, the numbers and eids of its articles, paragraphs, items
 * and subitems, and its repeals (for the statuses).  Documents are added
 * in the order of the set, each after lx_cite_find(), and may be freed
 * right after; lx_catalog_finish() then links what it can; each document,
 * parsed again the same way, gets from lx_catalog_resolve() the id,
 * links and status lx_set_resolve() gives it in a set of the same
 * documents in the same order.  lx_set_resolve() runs on the same code,
 * borrowing its documents' trees.  A finished catalogue is only read:
 * several threads may resolve documents against it at once. */
typedef struct lx_catalog lx_catalog;
/* A new empty catalogue in *out (NULL on failure).  LX_OK or
 * LX_ERR_NOMEM. */
LX_EXTERN int lx_catalog_new(lx_catalog **out);
/* Records what resolution needs of d, copied (d stays the caller's).  Its
 * number is the count of documents added before it.  LX_OK, LX_ERR_USAGE
 * (the catalogue is finished) or LX_ERR_NOMEM (the catalogue is then
 * unusable: lx_catalog_finish() fails). */
LX_EXTERN int lx_catalog_add(lx_catalog *c, const lx_doc *d);
/* The date statuses are derived at, as lx_set_as_of(); before or after
 * lx_catalog_finish().  LX_OK, LX_ERR_USAGE or LX_ERR_NOMEM. */
LX_EXTERN int lx_catalog_as_of(lx_catalog *c, const char *date);
/* Ends the adding: ids made unique (id~2 ...), the repeals linked, the
 * statuses derived.  Calling it again does nothing.  LX_OK or
 * LX_ERR_NOMEM. */
LX_EXTERN int lx_catalog_finish(lx_catalog *c);
/* The number of documents added. */
LX_EXTERN size_t lx_catalog_count(const lx_catalog *c);
/* The id of document i in the set (id~2 for a second document of one
 * id); NULL before lx_catalog_finish() or when i is out of range.
 * Borrowed, valid until lx_catalog_free(). */
LX_EXTERN const char *lx_catalog_id(const lx_catalog *c, size_t i);
/* Links the references of d, document number i of the catalogue parsed
 * again (after lx_cite_find()), to the documents of the catalogue, gives
 * it its id in the set and its status, as lx_set_resolve() would.  Only
 * d is written.  LX_OK, LX_ERR_USAGE (not finished, i out of range, or
 * d's id is not that of document i) or LX_ERR_NOMEM. */
LX_EXTERN int lx_catalog_resolve(const lx_catalog *c, size_t i, lx_doc *d);
/* For output that carries neither links nor statuses (JSONL: ids,
 * titles, texts), in one pass: gives d, the next document of a set, the
 * id lx_set_resolve() gives it (id~N for the N-th document of one id,
 * with its diagnostic), remembering only the ids.  A catalogue used so
 * is for that only: lx_catalog_add() and lx_catalog_finish() refuse it,
 * and this refuses a catalogue they have filled (LX_ERR_USAGE).  LX_OK,
 * LX_ERR_USAGE or LX_ERR_NOMEM. */
LX_EXTERN int lx_catalog_name(lx_catalog *c, lx_doc *d);
/* The keys that tie documents together in a catalogue, each passed to fn
 * (borrowed for the call): with cited false, those by which others find
 * d (its title, notice title and document number, normalised); with
 * cited true, every key by which d's citations (after lx_cite_find())
 * look documents up.  A document B can resolve differently after A
 * changed only when one of B's cited keys is one of A's own keys, before
 * or after the change (or A and B share an id: id~N).  Keys are strings
 * of their own: compare them with strcmp only.  LX_OK or LX_ERR_NOMEM. */
LX_EXTERN int lx_catalog_keys(const lx_doc *d, bool cited,
                              void (*fn)(void *ctx, const char *key),
                              void *ctx);
/* What lx_catalog_add() records of d (after lx_cite_find()), as text
 * (no NUL byte; malloc'd into *out, its length in *len): kept by a caller
 * beside the file it came from, it spares parsing the file again to
 * catalogue it.  Tied to this version of liblexcn: the text starts with
 * a tag of its form.  LX_OK or LX_ERR_NOMEM. */
LX_EXTERN int lx_catalog_entry(const lx_doc *d, char **out, size_t *len);
/* Adds the document of an entry, as lx_catalog_add() added the document
 * it was made of: the same catalogue, the same links.  LX_OK,
 * LX_ERR_DAMAGED (not an entry of this form: nothing added; the
 * catalogue stays usable), LX_ERR_USAGE (finished) or LX_ERR_NOMEM. */
LX_EXTERN int lx_catalog_add_entry(lx_catalog *c, const char *e, size_t len);
/* Frees the catalogue; NULL is allowed. */
LX_EXTERN void lx_catalog_free(lx_catalog *c);

#ifdef __cplusplus
}
#endif

#endif
