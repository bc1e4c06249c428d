/*
 * lexcn/amend.h: amendments applied (consolidation).  A 修正案 or 修改决定
 * is read as a list of operations (grammar/amend.grammar) and applied to
 * the version of the law it amends, giving the next version: a new
 * lx_doc with its tree parsed from the consolidated text (so eids are
 * real), its history gaining the decision's event (修正, by the decision's
 * body), its version the decision's date, and one lx_note (编注) per node
 * changed, added, deleted or renumbered.
 *
 * Numbering: 第N条 in an operation names the article of the base (its label
 * as it stands); 在第N条后增加一条，作为第N条之一 places after that article;
 * 增加一条，作为第N条 and 第N条改为第M条 name the place in the new text
 * (the N-th article once renumbered).  With 条文顺序作相应调整 the articles
 * are renumbered in order (第N条之一 becomes N+1 …; notes 改序); without
 * it labels stay (刑法 style: 第一百三十三条之一, a deleted article left as
 * "第一百九十九条 （删去）").  Paragraph (款) and item (项) numbers are those
 * of the article as the operations before have left it.
 */
#ifndef LEXCN_AMEND_H
#define LEXCN_AMEND_H

#include "doc.h"
#include "grammar.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	LX_AMEND_REPLACE,       /* 将第N条(第M款)(第K项)修改为：“…” */
	LX_AMEND_PHRASE,        /* 将第N条中的“A”修改为“B” (texts: A, B, ...) */
	LX_AMEND_INSERT_PHRASE, /* 在第N条中的“A”后增加“B” (texts: A, B, ...) */
	LX_AMEND_DELETE_PHRASE, /* 删去第N条中的“A” (texts: A, ...) */
	LX_AMEND_DELETE,        /* 删去第N条 / 第N条第M款 / 第N条第K项 */
	LX_AMEND_ADD_AFTER,     /* 在第N条后增加一条，作为第N条之一：“…” */
	LX_AMEND_ADD_ARTICLE,   /* 增加一条，作为第N条：“…” */
	LX_AMEND_ADD_PARA,      /* 在第N条中增加一款，作为第M款：“…” (or 项) */
	LX_AMEND_MOVE,          /* 第N条改为第M条 (，修改为：“…”) */
	LX_AMEND_RENUMBER_PARA, /* 原第M款作为第K款 (，修改为：“…”) */
	LX_AMEND_UNKNOWN        /* a numbered sentence that no rule reads */
} lx_amend_kind;

/* One operation (a record; strings live as long as the lx_amendment). */
typedef struct lx_amend_op {
	lx_amend_kind kind;
	const char *law;  /* the law it amends (title as written), or NULL */
	long art;         /* 第art条之art_sub; -1 when not named */
	int art_sub;
	long para, para2; /* 第para款(、第para2款), -1 when none */
	long item;        /* 第item项, -1 */
	long at;          /* 作为第at条(之at_sub) / 第at款 / 第at项, -1 */
	int at_sub;
	long count;       /* articles or paragraphs added */
	bool unit_item;   /* ADD_PARA: 项 rather than 款 */
	long to;          /* MOVE: 改为第to条(之to_sub) */
	int to_sub;
	bool before;      /* INSERT_PHRASE: 前增加 rather than 后增加 */
	const char **texts; /* the quoted paragraphs, or the phrases */
	size_t n_texts;
	int line;         /* 1-based line in the decision */
	const char *src;  /* that line */
} lx_amend_op;

/* "replace", "phrase", ... (static). */
LX_EXTERN const char *lx_amend_kind_name(lx_amend_kind k);

typedef struct lx_amendment lx_amendment;

/* Reads decision text (UTF-8; name for messages) as operations, and its
 * title, date, body and effective date (parsed with set's metadata
 * grammar; the operations with its "amend" grammar).  *out owned by the
 * caller: lx_amend_free.  Errors: LX_ERR_NOMEM, LX_ERR_GRAMMAR (no amend
 * grammar in set), LX_ERR_USAGE (an unterminated quotation, naming the
 * line). */
LX_EXTERN int lx_amend_read(lx_amendment **out, const lx_grammars *set,
                            const char *name, const char *text, size_t len,
                            lx_error *err);
/* lx_amend_read of a file (any encoding lx_read_text reads). */
LX_EXTERN int lx_amend_read_file(lx_amendment **out, const lx_grammars *set,
                                 const char *path, lx_error *err);
LX_EXTERN void lx_amend_free(lx_amendment *a);

LX_EXTERN size_t lx_amend_ops(const lx_amendment *a, const lx_amend_op **out);
LX_EXTERN const char *lx_amend_title(const lx_amendment *a);
LX_EXTERN const char *lx_amend_id(const lx_amendment *a);   /* work@version */
LX_EXTERN const char *lx_amend_date(const lx_amendment *a); /* 通过, or NULL */
LX_EXTERN const char *lx_amend_effective(const lx_amendment *a);
/* True when the decision renumbers the articles (条文顺序作相应调整). */
LX_EXTERN bool lx_amend_renumbers(const lx_amendment *a);

/* Applies the operations of a that amend base (those naming another law
 * in a decision amending several are left out) and parses the result
 * with set into *out (a new document; base is not changed).  An operation
 * that cannot be applied (no such article, paragraph or item; a quoted
 * phrase not in its text; an UNKNOWN sentence) fails with
 * LX_ERR_NOT_FOUND and "DECISION:LINE: why"; a decision with no operation
 * for base fails the same way.  LX_ERR_NOMEM otherwise. */
LX_EXTERN int lx_amend_apply(lx_doc **out, const lx_grammars *set,
                             const lx_doc *base, const lx_amendment *a,
                             lx_error *err);

#ifdef __cplusplus
}
#endif

#endif
