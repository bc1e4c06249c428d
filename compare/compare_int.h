/*
 * compare_int.h: the bodies of the figure, the figure list and the
 * comparison (opaque in lexcn/compare.h), shared by compare/'s files.
 * Private to the library.
 */
#ifndef LX_COMPARE_INT_H
#define LX_COMPARE_INT_H

#include <lexcn/compare.h>

struct lx_figure {
	const char *kind; /* as the grammar names it: percent, money, ... */
	const char *op;   /* "=", ">=", "<=", "<", ">", "range" */
	double value;
	double high;      /* a range's upper end (== value otherwise) */
	const char *unit;
	char *per;         /* malloc'd, or NULL */
	bool fine;         /* a 罚款 or 罚金 */
	char *act;         /* malloc'd: what the fine punishes, or NULL */
	char *target;      /* malloc'd: the 第X条 of 违反本条例第X条, or NULL */
	size_t start, end; /* bytes of the text */
	char *text;        /* malloc'd */
	const lx_node *unit_node; /* the unit of the cell it was found in (set
	                           * by the comparison), or NULL */
};

struct lx_figure_list {
	lx_figure *f;
	size_t n;
};

/* The figures of a text into an array (*out malloc'd, freed with
 * lx_figure_array_free, also on failure: then *out is NULL). */
int lx_figure_array(const lx_grammars *set, const char *text, size_t len,
                    lx_figure **out, size_t *n);
void lx_figure_array_free(lx_figure *f, size_t n);
/* The text compare matches provisions by, into *out (malloc'd; NULL on
 * failure): each of its figures f[0..n) (from lx_figure_array) replaced by
 * one private-use character for its kind (and whether it is a fine),
 * figure:boilerplate wording left out.  LX_OK, LX_ERR_NOMEM or
 * LX_ERR_GRAMMAR. */
int lx_figure_mask(const lx_grammars *set, const char *text,
                   const lx_figure *f, size_t n, char **out);

/* The text of a cell's unit (an article, or a paragraph of one split
 * across rows), and its label: 第五条, or 第五条第二款 for a paragraph;
 * malloc'd, NULL when out of memory. */
char *lx_cmp_unit_text(const lx_node *u);
char *lx_cmp_unit_label(const lx_node *u);

typedef struct lx_cmp_cell {
	const lx_node *article; /* an article, or a paragraph of one split
	                         * across rows; NULL: no counterpart here */
	size_t pos;             /* its place among the units of its document */
	const lx_node **more;   /* malloc'd: further units of the cell, in
	                         * order (LX_CMP_ATTACH), or NULL */
	size_t nmore;
	char *label;            /* malloc'd: lx_cmp_unit_label (of each unit,
	                         * joined by 、) */
	lx_figure_list figures;
} lx_cmp_cell;

/* The text of a cell's units, one after another (lines); malloc'd, NULL
 * when out of memory. */
char *lx_cmp_cell_text(const lx_cmp_cell *cell);

typedef struct lx_cmp_row {
	lx_cmp_cell *cells; /* one per document, in their order */
	size_t filled;      /* cells with an article */
	double similarity;
	char *topic;        /* the heading most cells share, or NULL */
	bool keep;          /* shown by the renderers (after --topic) */
} lx_cmp_row;

struct lx_compare {
	lx_doc *const *docs;
	size_t n_docs;
	lx_cmp_row *rows;
	size_t n_rows;
};

#endif
