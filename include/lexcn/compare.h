/*
 * lexcn/compare.h: the same provision side by side across documents (cities,
 * districts, the national law), with the figures in it.
 *
 * Rows are built from the articles' text, not their numbers.  Similarity
 * of two articles of different documents: the weighted Dice coefficient of
 * their sets of character bigrams, each bigram weighted by its inverse
 * document frequency over all the articles compared (log(N / df)), so that
 * 中小, 企业 and 应当 count for little and 预留, 采购 for much.  Steps:
 *   1. for every pair of documents, each article's best match in the other
 *      document; mutual best matches at least LX_CMP_MUTUAL (0.15), and
 *      one-sided best matches at least LX_CMP_STRONG (0.35), are edges;
 *   2. edges, strongest first, join rows, never putting two articles of
 *      one document into one row (a row holds at most one per document);
 *   3. articles left alone are particular to their document.
 * Rows are ordered by where their articles stand in their documents; a
 * row's similarity is the mean over its pairs.  Deterministic.
 */
#ifndef LEXCN_COMPARE_H
#define LEXCN_COMPARE_H

#include <stdio.h>

#include "doc.h"
#include "grammar.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- figures: quantities in provisions (grammar/figures.grammar) ---- */

typedef struct lx_figure {
	const char *kind; /* percent, money, workday, day, month, year, count */
	const char *op;   /* "=", ">=", "<=", "<", ">" */
	double value;     /* percent: 40 for 百分之四十; money: in yuan */
	const char *unit; /* "%", "CNY", "workday", "day", "month", "year", or
	                     the counter as written (家, 名) */
	char *per;        /* 每年, 每家企业, 单个项目 ..., or NULL */
	size_t start, end; /* bytes of the text */
	char *text;       /* as written */
} lx_figure;

/* The figures of a text, in text order; *out malloc'd (free with
 * lx_figures_free).  Needs the built-in "figures" grammar (or one loaded
 * under that name).  0, LX_ERR_NOMEM, or LX_ERR_GRAMMAR when absent. */
LX_EXTERN int lx_figures(const lx_grammars *set, const char *text, size_t len,
               lx_figure **out, size_t *n);
LX_EXTERN void lx_figures_free(lx_figure *f, size_t n);
/* "≥40%", "≤1,200,000 CNY", "≤30 days", "每年 ≤5,000,000 CNY"; malloc'd. */
LX_EXTERN char *lx_figure_format(const lx_figure *f);



#define LX_CMP_MUTUAL 0.15
#define LX_CMP_STRONG 0.35

typedef struct lx_cmp_cell {
	const lx_node *article; /* NULL: no counterpart in this document */
	lx_figure *figures;
	size_t n_figures;
} lx_cmp_cell;

typedef struct lx_cmp_row {
	lx_cmp_cell *cells; /* one per document, in their order */
	size_t filled;      /* cells with an article */
	double similarity;
	char *topic;        /* the heading most cells share, or NULL */
	bool keep;          /* after --topic */
} lx_cmp_row;

typedef struct lx_compare {
	lx_doc *const *docs;
	size_t n_docs;
	lx_cmp_row *rows;
	size_t n_rows;
} lx_compare;

/* Compares n >= 2 documents; 0, LX_ERR_NOMEM or LX_ERR_GRAMMAR. */
LX_EXTERN int lx_compare_docs(lx_compare *out, const lx_grammars *g,
                    lx_doc *const *docs, size_t n);
LX_EXTERN void lx_compare_free(lx_compare *c);

/* Renderers; `particular`: also the rows with one article.  0 or
 * LX_ERR_IO / LX_ERR_NOMEM. */
LX_EXTERN int lx_compare_text(FILE *out, const lx_compare *c, bool particular, int width);
LX_EXTERN int lx_compare_json(FILE *out, const lx_compare *c);
LX_EXTERN int lx_compare_html(FILE *out, const lx_compare *c, bool particular);

#ifdef __cplusplus
}
#endif

#endif
