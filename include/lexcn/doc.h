/*
 * lexcn/doc.h: a parsed document: its tree of nodes (编/分编/章/节/条/款/
 * 项/目, a preamble and closing words), its metadata and its diagnostics.
 *
 * Ownership: a document owns every node and string reachable from it;
 * every pointer a getter returns is borrowed and valid until
 * lx_doc_free() (or lx_set_free() of the set that owns the document).
 *
 * Nodes are opaque (the getters below).  lx_diag, lx_event, lx_repeal,
 * lx_text_line and lx_wrapper are records: plain structs whose fields are
 * only ever appended to, and only at a major version, so that code
 * reading them keeps compiling and working.
 */
#ifndef LEXCN_DOC_H
#define LEXCN_DOC_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lx_doc lx_doc;
typedef struct lx_node lx_node;

typedef enum {
	LX_NODE_ROOT,
	LX_NODE_PART,
	LX_NODE_SUBPART,
	LX_NODE_CHAPTER,
	LX_NODE_SECTION,
	LX_NODE_ARTICLE,
	LX_NODE_PARAGRAPH,
	LX_NODE_ITEM,
	LX_NODE_SUBITEM,
	LX_NODE_PREAMBLE,
	LX_NODE_CLOSING
} lx_node_type;

typedef enum { LX_SEV_INFO, LX_SEV_WARNING, LX_SEV_ERROR } lx_severity;

/* A diagnostic (a record). */
typedef struct lx_diag {
	lx_severity severity;
	const char *code;    /* stable kebab-case code, e.g. "numbering-gap" */
	int line;            /* 1-based line in the input, 0 when none */
	const char *message; /* one line */
} lx_diag;

/* An event of the document's history (a record). */
typedef struct lx_event {
	const char *date;   /* YYYY-MM-DD or NULL when missing */
	const char *action; /* 通过, 修订, 修正, 公布, 印发, 批准, 发布 */
	const char *by;     /* as written: the body and its session, or the
	                       order or announcement, or NULL */
	int line;
	const char *body;   /* the body itself, named in full: without its
	                       session and meeting, 人大常委会 spelled out, the
	                       place of 市/省 filled in, an order or
	                       announcement reduced to who issued it
	                       (杭州市人民代表大会常务委员会, 国务院); or NULL */
} lx_event;

/* A document this one repeals (…同时废止; a record). */
typedef struct lx_repeal {
	const char *title;
	const char *doc_number; /* or NULL */
} lx_repeal;

/* An amendment applied to a node (编注), set by lx_amend_apply() in
 * lexcn/amend.h on the version it produces (a record):
 * "根据《中华人民共和国刑法修正案（十一）》修改". */
typedef struct lx_note {
	const char *eid;    /* the node changed, added or (deleted) removed */
	const char *op;     /* 修改, 增加, 删除, 改序 (renumbered) */
	const char *source; /* the title of the amending document */
	const char *source_id; /* its id (work@version), or NULL */
	const char *date;   /* its date (YYYY-MM-DD), or NULL */
	int line;           /* the line of the operation in the source */
} lx_note;

/* A line kept as it is: header or back matter (a record). */
typedef struct lx_text_line {
	int line;
	const char *text;
} lx_text_line;


/* ---- getters (borrowed, valid until lx_doc_free) -----------------------
 *
 * The string getters return NULL when the document does not have the
 * field.  The array getters set *out to the first element of an array of
 * the count they return (borrowed, valid until lx_doc_free()). */

LX_EXTERN const char *lx_doc_path(const lx_doc *d);
/* Identity, FRBR-like: the work is the law (its title, or the file name
 * without a title), the same across its versions (修正, 修订); a version
 * (expression) is work@YYYY-MM-DD, the date of the latest history event
 * that makes a version.  lx_doc_id() is that version id, or the work alone
 * when no date is known; lx_doc_version() the date or NULL. */
LX_EXTERN const char *lx_doc_id(const lx_doc *d);
LX_EXTERN const char *lx_doc_work(const lx_doc *d);
LX_EXTERN const char *lx_doc_version(const lx_doc *d);
LX_EXTERN const char *lx_doc_title(const lx_doc *d);
LX_EXTERN const char *lx_doc_jurisdiction(const lx_doc *d);
LX_EXTERN const char *lx_doc_type(const lx_doc *d);
/* Status: 草案 or 征求意见稿 for a draft, else 有效; in a resolved set, as
 * of the set's date, also 已被修改, 失效 or 尚未生效 (lx_set_as_of() in
 * lexcn/cite.h).  试行 and 暂行 are part of the title, not statuses. */
LX_EXTERN const char *lx_doc_status(const lx_doc *d);
LX_EXTERN const char *lx_doc_number(const lx_doc *d);
LX_EXTERN const char *lx_doc_issuer(const lx_doc *d);
LX_EXTERN const char *lx_doc_effective(const lx_doc *d);
LX_EXTERN const char *lx_doc_expires(const lx_doc *d);
LX_EXTERN const char *lx_doc_encoding(const lx_doc *d);
/* The format the document was read from, told by its bytes. */
typedef enum lx_source_format {
	LX_SOURCE_TEXT, /* plain text or Markdown (any supported encoding) */
	LX_SOURCE_DOCX,
	LX_SOURCE_PDF,
	LX_SOURCE_OFD,
	LX_SOURCE_HTML
} lx_source_format;
LX_EXTERN lx_source_format lx_doc_source_format(const lx_doc *d);
/* "text", "docx", "pdf", "ofd", "html" (static). */
LX_EXTERN const char *lx_source_format_name(lx_source_format f);
LX_EXTERN const char *lx_doc_grammar(const lx_doc *d);
LX_EXTERN const lx_node *lx_doc_body(const lx_doc *d);
LX_EXTERN size_t lx_doc_history(const lx_doc *d, const lx_event **out);
LX_EXTERN size_t lx_doc_repeals(const lx_doc *d, const lx_repeal **out);
/* The amendments applied to make this version (none for a parsed text). */
LX_EXTERN size_t lx_doc_notes(const lx_doc *d, const lx_note **out);
LX_EXTERN size_t lx_doc_diags(const lx_doc *d, const lx_diag **out);
LX_EXTERN size_t lx_doc_header(const lx_doc *d, const lx_text_line **out);
LX_EXTERN size_t lx_doc_back_matter(const lx_doc *d, const lx_text_line **out);
/* The wrapper of a notice that issues the document (印发…的通知), or NULL
 * (a record). */
typedef struct lx_wrapper {
	const char *title;
	const char *doc_number;
	const char *issuer;
	const char *date;
	const char *addressees;
	const char *text;
} lx_wrapper;
LX_EXTERN const lx_wrapper *lx_doc_wrapper(const lx_doc *d);
/* Back matter of a notice: the 抄送 list and the 印发 line, or NULL. */
LX_EXTERN const char *lx_doc_cc(const lx_doc *d);
LX_EXTERN const char *lx_doc_printed_date(const lx_doc *d);
LX_EXTERN const char *lx_doc_printed_by(const lx_doc *d);

/* ---- nodes (opaque; cmark-style getters) -------------------------------
 *
 * Every getter takes a node that is not NULL (except the navigation ones,
 * which return NULL at the ends), never fails and returns borrowed
 * strings and nodes, valid until lx_doc_free() of the node's document.
 * Field getters are lx_node_get_*, navigation lx_node_parent() etc. */

LX_EXTERN lx_node_type lx_node_get_type(const lx_node *n);
/* The number of the node in its kind (第二十八条 -> 28, （三） -> 3), -1 when
 * the source has none or it is out of range. */
LX_EXTERN long lx_node_get_num(const lx_node *n);
/* 之一 -> 1, 之二 -> 2; 0 otherwise. */
LX_EXTERN int lx_node_get_sub(const lx_node *n);
/* The label as in the source ("第二十八条", "（三）", "1."), or NULL. */
LX_EXTERN const char *lx_node_get_label(const lx_node *n);
/* A chapter's title, or an article's 【heading】 contents, or NULL.  (Not
 * to be confused with lx_node_heading() of lexcn/render.h, which gives
 * label and heading together, malloc'd.) */
LX_EXTERN const char *lx_node_get_heading(const lx_node *n);
/* The node's own text without label or heading, or NULL. */
LX_EXTERN const char *lx_node_get_text(const lx_node *n);
/* The element id ("chp_1__art_3__para_2"); never NULL. */
LX_EXTERN const char *lx_node_get_eid(const lx_node *n);
/* First and last source lines, 1-based. */
LX_EXTERN int lx_node_get_line_first(const lx_node *n);
LX_EXTERN int lx_node_get_line_last(const lx_node *n);
/* Policy measures: the responsible agencies (count, and the i-th for
 * i < count). */
LX_EXTERN size_t lx_node_agency_count(const lx_node *n);
LX_EXTERN const char *lx_node_agency(const lx_node *n, size_t i);
/* The tree: NULL at the ends (the root has no parent). */
LX_EXTERN const lx_node *lx_node_parent(const lx_node *n);
LX_EXTERN const lx_node *lx_node_first_child(const lx_node *n);
LX_EXTERN const lx_node *lx_node_last_child(const lx_node *n);
LX_EXTERN const lx_node *lx_node_next(const lx_node *n);
LX_EXTERN const lx_node *lx_node_prev(const lx_node *n);

/* "article", "paragraph" ... (static). */
LX_EXTERN const char *lx_node_type_name(lx_node_type t);
/* Counts nodes of a type in the subtree of n (n included). */
LX_EXTERN size_t lx_node_count(const lx_node *n, lx_node_type t);
/* The next node in document order after n within the subtree of root,
 * or NULL after the last. */
LX_EXTERN const lx_node *lx_node_next_preorder(const lx_node *root, const lx_node *n);
/* Finds a node by eid in the body, or NULL (borrowed). */
LX_EXTERN const lx_node *lx_doc_find(const lx_doc *d, const char *eid);

/*
 * Verifies that no text was lost: the document's header lines, body nodes
 * (labels, headings, texts) and back matter, concatenated, equal the
 * source (UTF-8) minus whitespace, Markdown markup, 【】 and the lines
 * dropped with a diagnostic (page numbers).  Returns LX_OK when equal;
 * LX_ERR_DAMAGED when they differ (a tree that does not hold its source),
 * with a one-line description of the first difference in err;
 * LX_ERR_NOMEM.
 */
LX_EXTERN int lx_doc_check_text(const lx_doc *d, const char *src, size_t len,
                                lx_error *err);
/*
 * The tree checker (as cmark's cmark_node_check): parent, child and
 * sibling links; node types allowed under each parent (编 > 分编 > 章 > 节 >
 * 条 > 款 > 项 > 目, preamble and closing at the root); eids present, well
 * formed and unique; source lines inside the input (src, len: the decoded
 * text parsed) and not going back in document order; every break of
 * numbering (articles through the document, the other levels among
 * siblings) reported by a numbering-* or item-label-missing diagnostic on
 * its line; then lx_doc_check_text().  src NULL: the tree alone (no upper
 * bound on lines, no text check; for documents read from DOCX, PDF...).
 * LX_OK, LX_ERR_DAMAGED with the first problem in err (eid and line), or
 * LX_ERR_NOMEM.
 */
LX_EXTERN int lx_doc_check(const lx_doc *d, const char *src, size_t len,
                           lx_error *err);

#ifdef __cplusplus
}
#endif

#endif
