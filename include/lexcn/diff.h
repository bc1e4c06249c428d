/*
 * lexcn/diff.h: what changed between two versions of a statute, article by
 * article.
 *
 * Articles are aligned by content, not by number.  Similarity: the Dice
 * coefficient of the sets of character bigrams of the two articles' texts
 * (labels and whitespace left out), 0..1.  Steps, each on what the earlier
 * ones left:
 *   1. equal texts pair up (found through a hash of the text; the
 *      nearest in relative place first): unchanged (same number) or
 *      renumbered;
 *   2. pairs by similarity, best first, at least LX_DIFF_MODIFIED (0.5):
 *      modified;
 *   2b. of the rest, pairs by containment (common bigrams over those of the
 *      shorter article, the longer at most four times as long), at least
 *      LX_DIFF_CONTAINED (0.7): modified (an article much extended or cut);
 *   3. an old article whose bigrams are covered by several new ones (each
 *      holding at least LX_DIFF_PART (0.3) of it, together LX_DIFF_COVER
 *      (0.6)): split; the mirror image: merged;
 *   4. the rest: deleted (old) and added (new).
 * Cost: linear in the input, with an exact search while it stays so.
 * Steps 2, 2b and 3 find their candidates through an inverted index of
 * the bigrams of the articles still unpaired; every score is exact (the
 * common bigrams of both sorted arrays).  The search is exhaustive (every
 * article sharing a bigram, the result the same as comparing all pairs)
 * while walking the index costs at most LX_DIFF_WORK_BASE +
 * LX_DIFF_WORK_PER x (bigrams of both versions) postings; step 1 takes
 * all pairs of a run of equal texts when one version has at most
 * 2 x LX_DIFF_WINDOW of them.  Beyond that (many articles alike: there
 * the pairs are many and all about as good), the search is bounded:
 * bigrams found in more than LX_DIFF_RARE indexed
 * articles are not walked, and an article's candidates are the
 * LX_DIFF_TOPK sharing most of the others, its partner (step 3) and
 * LX_DIFF_WINDOW unpaired articles on each side of its relative place
 * (step 1: the LX_DIFF_EQ_WINDOW equal texts nearest in place on each side;
 * equal texts still unpaired then pair in order).  Real statutes stay
 * exhaustive (all tried: 320 pairs of ../shared/corpus, its 30 largest
 * against the largest, bench_diff's revision).
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
/* The bound of the search (see above). */
#define LX_DIFF_WORK_BASE 8000000
#define LX_DIFF_WORK_PER 8
#define LX_DIFF_RARE 64
#define LX_DIFF_TOPK 16
#define LX_DIFF_WINDOW 8
#define LX_DIFF_EQ_WINDOW 2

typedef enum {
	LX_OP_UNCHANGED,
	LX_OP_RENUMBERED,
	LX_OP_MODIFIED,
	LX_OP_SPLIT,
	LX_OP_MERGED,
	LX_OP_ADDED,
	LX_OP_DELETED
} lx_diff_op;

/* "unchanged", "renumbered", "modified", "split", "merged", "added",
 * "deleted" (static). */
LX_EXTERN const char *lx_diff_op_name(lx_diff_op op);

/* A part, chapter or section that changed: paired by the articles the two
 * versions have in common; renamed (heading changed), renumbered (第三章 ->
 * 第四章), added or deleted.  (Unchanged ones are not reported.) */
typedef enum {
	LX_HEADING_RENAMED,
	LX_HEADING_RENUMBERED,
	LX_HEADING_ADDED,
	LX_HEADING_DELETED
} lx_heading_op;
/* "renamed", "renumbered", "added", "deleted" (static; NULL when out of
 * range). */
LX_EXTERN const char *lx_heading_op_name(lx_heading_op op);

/* A piece of the character diff inside a modified article: its op is the
 * character used in the text rendering. */
typedef enum {
	LX_INLINE_EQUAL = '=',
	LX_INLINE_DELETE = '-',
	LX_INLINE_INSERT = '+'
} lx_inline_op;

/* Opaque: a diff, and the records it holds (a change of articles, a piece
 * of inline diff, a change of metadata, a change of a heading).  Every
 * getter takes an object that is not NULL and never fails; objects,
 * strings and nodes are borrowed: valid until lx_diff_free() (nodes: until
 * their document is freed). */
typedef struct lx_diff lx_diff;
typedef struct lx_change lx_change;
typedef struct lx_inline lx_inline;
typedef struct lx_meta_change lx_meta_change;
typedef struct lx_heading_change lx_heading_change;

/* Compares two versions into a new diff in *out (NULL on failure; free it
 * with lx_diff_free()).  The diff borrows the two documents: keep them
 * until lx_diff_free().  LX_OK or LX_ERR_NOMEM. */
LX_EXTERN int lx_diff_docs(lx_diff **out, const lx_doc *old_doc, const lx_doc *new_doc);
/* Frees the diff (not the documents); NULL is allowed. */
LX_EXTERN void lx_diff_free(lx_diff *d);
/* True when nothing changed. */
LX_EXTERN bool lx_diff_same(const lx_diff *d);
LX_EXTERN const lx_doc *lx_diff_old_doc(const lx_diff *d);
LX_EXTERN const lx_doc *lx_diff_new_doc(const lx_diff *d);

/* The changes, in the order of the new version (each deletion after the
 * change that holds the article before it): the count, and the i-th for
 * i < count (NULL otherwise). */
LX_EXTERN size_t lx_diff_change_count(const lx_diff *d);
LX_EXTERN const lx_change *lx_diff_change(const lx_diff *d, size_t i);
/* How many changes have the op; how many are moved. */
LX_EXTERN size_t lx_diff_op_count(const lx_diff *d, lx_diff_op op);
LX_EXTERN size_t lx_diff_moved_count(const lx_diff *d);

LX_EXTERN lx_diff_op lx_change_get_op(const lx_change *c);
LX_EXTERN bool lx_change_get_moved(const lx_change *c);
/* Of a pair: the similarity (0..1) of the two articles' texts. */
LX_EXTERN double lx_change_get_similarity(const lx_change *c);
/* The articles of the old and of the new version (none for added and
 * deleted respectively; several for split and merged): the count, and the
 * k-th for k < count (NULL otherwise). */
LX_EXTERN size_t lx_change_old_count(const lx_change *c);
LX_EXTERN const lx_node *lx_change_old(const lx_change *c, size_t k);
LX_EXTERN size_t lx_change_new_count(const lx_change *c);
LX_EXTERN const lx_node *lx_change_new(const lx_change *c, size_t k);
/* Modified: the old text turned into the new one, piece by piece (none
 * for other ops). */
LX_EXTERN size_t lx_change_inline_count(const lx_change *c);
LX_EXTERN const lx_inline *lx_change_inline(const lx_change *c, size_t k);
LX_EXTERN lx_inline_op lx_inline_get_op(const lx_inline *in);
LX_EXTERN const char *lx_inline_get_text(const lx_inline *in);

/* Metadata that differs: the field ("title", "status", "type",
 * "jurisdiction", "doc_number", "issuer", "effective", "expires",
 * "last_revised") and the two values (NULL where absent). */
LX_EXTERN size_t lx_diff_meta_count(const lx_diff *d);
LX_EXTERN const lx_meta_change *lx_diff_meta(const lx_diff *d, size_t i);
LX_EXTERN const char *lx_meta_change_get_field(const lx_meta_change *m);
LX_EXTERN const char *lx_meta_change_get_old(const lx_meta_change *m);
LX_EXTERN const char *lx_meta_change_get_new(const lx_meta_change *m);

/* Parts, chapters and sections that changed, and the two nodes (old NULL
 * for added, new NULL for deleted). */
LX_EXTERN size_t lx_diff_heading_count(const lx_diff *d);
LX_EXTERN const lx_heading_change *lx_diff_heading(const lx_diff *d, size_t i);
LX_EXTERN lx_heading_op lx_heading_change_get_op(const lx_heading_change *h);
LX_EXTERN const lx_node *lx_heading_change_get_old(const lx_heading_change *h);
LX_EXTERN const lx_node *lx_heading_change_get_new(const lx_heading_change *h);

/* The text an article is compared on: its 【heading】, paragraphs, items
 * (their labels kept), one per line; malloc'd (free with free()), NULL
 * when out of memory. */
LX_EXTERN char *lx_diff_article_text(const lx_node *article);

/* Renderers.  Text: side by side in `width` columns (CJK characters
 * count two), deletions in red and insertions in green when `color`,
 * marked [-so-] and {+so+} otherwise; `unified`: one column, - and + lines.
 * Unchanged articles are counted, and shown only with `all` (JSON always
 * lists every article).  The view is a record (fields only appended, at a
 * major version).  LX_OK, LX_ERR_IO (the output cannot be written) or
 * LX_ERR_NOMEM. */
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
