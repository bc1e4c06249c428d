/*
 * lexcn/render.h: documents out as JSON (schema/document.schema.json),
 * JSONL (one line per article) or an indented text outline.
 */
#ifndef LEXCN_RENDER_H
#define LEXCN_RENDER_H

#include "cite.h"
#include "doc.h"
#include "tokenizer.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { LX_FMT_JSON, LX_FMT_JSONL, LX_FMT_TEXT } lx_format;

/*
 * Renders documents.  JSON: one object for one document, an array for
 * several (citation spans in characters, as the schema says); JSONL: one
 * line per article; text: an outline.  LX_OK, or LX_ERR_IO (the output
 * cannot be written) / LX_ERR_NOMEM with err filled.
 */
LX_EXTERN int lx_render(FILE *out, lx_doc *const *docs, size_t n, lx_format fmt,
              lx_error *err);
/* Citations as a JSON array of the citation objects of
 * schema/document.schema.json (spans in characters of the citing node's
 * text), indented by one, and a newline.  LX_OK, or LX_ERR_IO (the output
 * cannot be written) / LX_ERR_NOMEM with err filled. */
LX_EXTERN int lx_render_cites(FILE *out, const lx_cite *const *cites, size_t n,
                              lx_error *err);
/* Tokens of text (lx_tokenize) as a JSON array [{start, end, text, kind,
 * norm}] (byte offsets), indented by one, and a newline.  LX_OK, or
 * LX_ERR_IO / LX_ERR_NOMEM with err filled. */
LX_EXTERN int lx_render_tokens(FILE *out, const char *text,
                               const lx_token *tokens, size_t n,
                               lx_error *err);
/* Akoma Ntoso 3.0 (OASIS LegalDocML) FRBR URIs of a document: the work
 * (/akn/cn/act/<year of its first dated event>/<work>), the expression
 * (<work>/zho@<version>) or the manifestation (<expression>/!main.xml);
 * act is doc for policy documents, bill for drafts.  malloc'd (free with
 * free()), NULL when out of memory. */
typedef enum { LX_AKN_WORK, LX_AKN_EXPRESSION, LX_AKN_MANIFESTATION } lx_akn_level;
LX_EXTERN char *lx_akn_uri(const lx_doc *d, lx_akn_level level);
/*
 * One document as Akoma Ntoso 3.0 XML, valid against the OASIS schema
 * (schema/akn/akomantoso30.xsd): FRBR identity, lifecycle (history),
 * passiveModifications (amendment notes), the tree with lexcn's eids as
 * eId, resolved citations as <ref href>: "#eid" within the document,
 * "<expression URI>/~eid" for a document of set (NULL: links within the
 * document only).  Citations are those lx_cite_find() found.  LX_OK, or
 * LX_ERR_IO (the output cannot be written) / LX_ERR_NOMEM with err
 * filled.
 */
LX_EXTERN int lx_render_akn(FILE *out, const lx_doc *d, const lx_set *set,
                            lx_error *err);
/* The full text of an article: label, heading and paragraphs; malloc'd
 * (free with free()), NULL when out of memory. */
LX_EXTERN char *lx_article_text(const lx_node *article);
/* A node's place in a heading path: label and heading ("第一章 总则"), ""
 * when it has neither; malloc'd (free with free()), NULL when out of
 * memory. */
LX_EXTERN char *lx_node_heading(const lx_node *n);

#ifdef __cplusplus
}
#endif

#endif
