/*
 * lexcn/diff.h: what changed between two versions of a statute, article by
 * article.
 *
 * Articles are aligned by content, not by number.  Similarity: the Dice
 * coefficient of the sets of character bigrams of the two articles' texts
 * (labels and whitespace left out), 0..1.  Steps, each on what the earlier
 * ones left:
 *   1. equal texts pair up: unchanged (same number) or renumbered;
 *   2. pairs by similarity, best first, at least LX_DIFF_MODIFIED (0.5):
 *      modified;
 *   2b. of the rest, pairs by containment (common bigrams over those of the
 *      shorter article, the longer at most four times as long), at least
 *      LX_DIFF_CONTAINED (0.7): modified (an article much extended or cut);
 *   3. an old article whose bigrams are covered by several new ones (each
 *      holding at least LX_DIFF_PART (0.3) of it, together LX_DIFF_COVER
 *      (0.6)): split; the mirror image: merged;
 *   4. the rest: deleted (old) and added (new).
 * Parts, chapters and sections are paired by the articles they have in
 * common (most first).  A paired article is also "moved" when it went to
 * a chapter other than the one its old chapter became, or when it is out
 * of the longest run of pairs that kept their order.  Inside modified articles a
 * Myers diff at character level gives the inline changes (characters
 * read better than words for Chinese: a segmenter's errors would show as
 * changes); an equal run of one character between two edits is
 * folded into them so that 商品房 -> 住房 does not read as confetti.  Deterministic:
 * ties go to the earlier article.
 */
#ifndef LEXCN_DIFF_H
#define LEXCN_DIFF_H

#include <stdint.h>
#include <stdio.h>

#include "doc.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LX_DIFF_MODIFIED 0.5
#define LX_DIFF_CONTAINED 0.7
#define LX_DIFF_PART 0.3
#define LX_DIFF_COVER 0.6

typedef enum {
	LX_OP_UNCHANGED,
	LX_OP_RENUMBERED,
	LX_OP_MODIFIED,
	LX_OP_SPLIT,
	LX_OP_MERGED,
	LX_OP_ADDED,
	LX_OP_DELETED
} lx_diff_op;

typedef struct lx_inline {
	char op; /* '=', '-', '+' */
	char *text;
} lx_inline;

typedef struct lx_change {
	lx_diff_op op;
	bool moved;
	const lx_node **old_nodes, **new_nodes;
	size_t n_old, n_new;
	double similarity;
	lx_inline *inl; /* for modified: old text -> new text */
	size_t n_inl;
} lx_change;

typedef struct lx_meta_change {
	const char *field;
	const char *old_value, *new_value;
} lx_meta_change;

/* A part, chapter or section: paired by the articles the two have in
 * common; op "renamed" (heading changed), "renumbered" (第三章 -> 第四章),
 * "added", "deleted" ("unchanged" ones are not reported). */
typedef struct lx_heading_change {
	const char *op;
	const lx_node *old_node, *new_node;
} lx_heading_change;

typedef struct lx_diff {
	lx_change *changes;
	size_t n;
	size_t counts[7]; /* per op */
	size_t moved;
	lx_meta_change *meta;
	size_t n_meta;
	lx_heading_change *headings;
	size_t n_headings;
	const lx_doc *old_doc, *new_doc;
} lx_diff;

/* Compares two versions; 0 or LX_ERR_NOMEM. */
LX_EXTERN int lx_diff_docs(lx_diff *out, const lx_doc *old_doc, const lx_doc *new_doc);
LX_EXTERN void lx_diff_free(lx_diff *d);
LX_EXTERN const char *lx_diff_op_name(lx_diff_op op);
/* True when nothing changed. */
LX_EXTERN bool lx_diff_same(const lx_diff *d);

/* The text an article is compared on: its 【heading】, paragraphs, items
 * (their labels kept), one per line; malloc'd, NULL when out of memory. */
LX_EXTERN char *lx_diff_article_text(const lx_node *article);

/* Renderers.  Text: side by side in `width` columns (CJK characters
 * count two), deletions in red and insertions in green when `color`,
 * marked [-so-] and {+so+} otherwise; `unified`: one column, - and + lines.
 * Unchanged articles are counted, and shown only with `all` (JSON always
 * lists every article).  Return 0, LX_ERR_IO or LX_ERR_NOMEM. */
typedef struct lx_diff_view {
	int width;
	bool color, unified, all;
} lx_diff_view;

LX_EXTERN int lx_diff_text(FILE *out, const lx_diff *d, const lx_diff_view *v);
LX_EXTERN int lx_diff_json(FILE *out, const lx_diff *d);
LX_EXTERN int lx_diff_html(FILE *out, const lx_diff *d, const lx_diff_view *v);

#ifdef __cplusplus
}
#endif

#endif
