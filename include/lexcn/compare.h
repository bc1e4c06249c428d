/*
 * lexcn/compare.h: the same provision side by side across documents (cities,
 * districts, the national law), with the figures in it.
 *
 * Rows are built from the articles' text, not their numbers.  Similarity
 * of two articles of different documents (the "combined" method, the
 * default):
 *   - wording: the weighted Dice coefficient of their sets of character
 *     bigrams, each bigram weighted by its inverse document frequency over
 *     all the articles compared (log(N / df)), so that 中小, 企业 and 应当
 *     count for little and 预留, 采购 for much; read from the text with
 *     each figure replaced by one mark of its kind (a fine, a percentage:
 *     the amounts' own numerals, 以上, 以下 no longer match) and the
 *     figure:boilerplate wording of grammar/figures.grammar left out
 *     (责令限期改正, 由...部门, 处...罚款, 违反本条例第X条规定);
 *   - penalties by the act they punish: when both articles' fines name
 *     the articles they enforce (违反本条例第X条, up to LX_CMP_TARGETS),
 *     wording = LX_CMP_TARGET x (the best wording similarity of those
 *     articles, across the documents) + (1 - LX_CMP_TARGET) x their own;
 *     when one of them names none but both fines have an act (the clause
 *     before the fine, lx_figure_get_act, less 违反本条例第X条规定), the
 *     same with the best bigram Dice of their acts instead;
 *   - headings: + LX_CMP_HEADING x the bigram Dice of their headings
 *     (【heading】, else the chapter's or section's name);
 *   - place: + LX_CMP_PLACE x (1 - d / LX_CMP_PLACE_SPAN) where d < span
 *     is the distance of their relative places (pos / (count - 1)) in
 *     their documents (statutes of one subject keep one order of
 *     chapters);
 *   the heading and place terms only where the wording shares something.
 * LEXCN_COMPARE_METHOD=bigram in the environment gives the earlier
 * method (the wording's bigram Dice alone, no marks, no boilerplate, no
 * penalties, headings or place), for make bench; any value other than
 * bigram and combined is LX_ERR_USAGE.  Steps:
 *   1. for every pair of documents, each article's LX_CMP_CANDS best
 *      matches in the other document (the earlier method: its best one);
 *   2. edges: mutual best matches at least LX_CMP_MUTUAL (0.15), and
 *      one-sided best matches at least LX_CMP_STRONG (0.35); and (the
 *      combined method) the order-aware alignment of every two
 *      documents: of the pairs of their articles where one is among the
 *      other's candidates, worth at least LX_CMP_MUTUAL, the heaviest chain
 *      increasing in both documents' order (each pair weighing its score
 *      less LX_CMP_GAP; a Fenwick tree over the second document's places,
 *      O(P log P) for P pairs), each of its pairs an edge.  So a best
 *      match that breaks the order of two statutes of one subject no
 *      longer stands alone: the in-order candidate (often the second
 *      best) is an edge too, and whichever is stronger joins first; all
 *      documents take part at once through step 3;
 *   3. edges, strongest first, join rows, never putting two articles of
 *      one document into one row (a row holds at most one per document);
 *   4. articles left alone are particular to their document.
 * Rows are ordered by where their articles stand in their documents (the
 * CLI then by the first document's, lx_compare_order); a row's similarity
 * is the mean over its pairs of the wording's Dice.  Deterministic.
 * Articles of two matters are split by paragraph (LX_CMP_SPLIT).
 * An article split across rows is split by its paragraphs, and a
 * paragraph of several items by those items; a unit left alone may join
 * the cell of its neighbour (LX_CMP_ATTACH): cells of several units.
 * Measured on tests/gold/compare (tools/score_compare.py, 245 topics, 37
 * apart pairs), before -> after: topics held strictly 53 -> 98, at the
 * article level 124 -> 139, apart pairs violated 7 -> 2.  Each change:
 * the chain 85 -> 91 strict, 130 -> 139 article level (LX_CMP_SPLIT 0.05
 * both; with 0.3: 53 -> 56, 124 -> 131, apart 7 -> 6); LX_CMP_SPLIT 0.3
 * -> 0.05 56 -> 91, 131 -> 139, apart 6 -> 3 (with LX_CMP_CANDS 5);
 * items 91 -> 98, 139 -> 138; LX_CMP_ATTACH (0.25) 98 -> 99, 138 -> 140;
 * an item's text without its label ((二) matched every second item)
 * 99 -> 99, 140 -> 142; the chain's pairs at least LX_CMP_MUTUAL (were
 * LX_CMP_GAP) 99 -> 98, 142 -> 139, apart 3 -> 2; LX_CMP_PRUNE 98 -> 98,
 * 139 -> 139 (for precision).
 * Tried and left out (no gain on the gold): the tokenizer's words (and
 * the lexicon's terms kept whole) as features beside the bigrams; a
 * progressive alignment of each document against the rows so far (rows
 * can then no longer be joined across documents: fewer topics held);
 * dropping the off-chain best matches.
 * Not done: splitting by sentences, the defined terms (本条例所称X);
 * rows whose cells are several paragraphs in every document (the gold
 * keeps some such together), the largest class of topics not held.
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

/* What a figure measures.  LX_FIG_OTHER: a kind that a grammar loaded
 * under the name "figures" gives and that is none of these
 * (lx_figure_get_unit() then gives its name). */
typedef enum {
	LX_FIG_PERCENT,
	LX_FIG_MONEY,
	LX_FIG_WORKDAY,
	LX_FIG_DAY,
	LX_FIG_MONTH,
	LX_FIG_YEAR,
	LX_FIG_COUNT,
	LX_FIG_MULTIPLE, /* 倍: unit "x" */
	LX_FIG_AREA,     /* unit m², km², ha, mu */
	LX_FIG_LENGTH,   /* unit m, km, cm, mm */
	LX_FIG_VOLUME,   /* unit m³ */
	LX_FIG_OTHER
} lx_figure_kind;

/* The qualifier: 以上 (>=), 最高/不超过 (<=), 不足 (<), 超过 (>), none (=);
 * LX_FIG_RANGE: from the value to lx_figure_get_high() (一千元以上五千元以下,
 * 五百元至二千元, 千分之三至千分之五).
 * LX_FIG_OP_OTHER: an operator of a loaded grammar that is none of these. */
typedef enum {
	LX_FIG_EQ,
	LX_FIG_GE,
	LX_FIG_LE,
	LX_FIG_LT,
	LX_FIG_GT,
	LX_FIG_RANGE,
	LX_FIG_OP_OTHER
} lx_figure_op;

/* "percent", "money", "workday", "day", "month", "year", "count",
 * "multiple", "area", "length", "volume" (static; NULL for LX_FIG_OTHER
 * and out of range). */
LX_EXTERN const char *lx_figure_kind_name(lx_figure_kind k);
/* "=", ">=", "<=", "<", ">", "range" (static; NULL for LX_FIG_OP_OTHER and
 * out of range). */
LX_EXTERN const char *lx_figure_op_name(lx_figure_op op);

/* A figure (opaque) and a list of them (opaque).  The getters take a
 * figure that is not NULL and never fail; the strings they return are
 * borrowed, valid as long as the list that holds the figure. */
typedef struct lx_figure lx_figure;
typedef struct lx_figure_list lx_figure_list;

LX_EXTERN lx_figure_kind lx_figure_get_kind(const lx_figure *f);
LX_EXTERN lx_figure_op lx_figure_get_op(const lx_figure *f);
/* percent: 40 for 百分之四十, 0.3 for 千分之三, 30 for 三成; money: in yuan;
 * else the number.  A range: its lower end. */
LX_EXTERN double lx_figure_get_value(const lx_figure *f);
/* A range's upper end; the value for the other figures. */
LX_EXTERN double lx_figure_get_high(const lx_figure *f);
/* "%", "CNY", "workday", "day", "month", "year", "x" (倍), "m²", "km²",
 * "ha", "mu", "m³", "m", "km", "cm", "mm", or the counter as written
 * (家, 名). */
LX_EXTERN const char *lx_figure_get_unit(const lx_figure *f);
/* Whether the amount is a fine (罚款, 罚金 right after or before it). */
LX_EXTERN bool lx_figure_is_fine(const lx_figure *f);
/* Of a fine: the act it punishes, the clause ending in 的 before it in its
 * sentence (违反本条例第十条规定，擅自砍伐树木), or NULL; and the article
 * that clause says is violated (第十条, 第四十七条第二项、第三项), or NULL. */
LX_EXTERN const char *lx_figure_get_act(const lx_figure *f);
LX_EXTERN const char *lx_figure_get_target(const lx_figure *f);
/* 每年, 每家企业, 单个项目, 每株, 每平方米, 每日, 按日连续处罚 ..., or NULL. */
LX_EXTERN const char *lx_figure_get_per(const lx_figure *f);
/* Its span in the text given to lx_figures(), in bytes of the UTF-8:
 * [start, end). */
LX_EXTERN size_t lx_figure_get_start(const lx_figure *f);
LX_EXTERN size_t lx_figure_get_end(const lx_figure *f);
/* As written (the end - start bytes at start). */
LX_EXTERN const char *lx_figure_get_text(const lx_figure *f);

/* The figures of a text, in text order, as a new list in *out (free it
 * with lx_figure_list_free(); *out is NULL on failure).  Needs the
 * built-in "figures" grammar (or one loaded under that name).  LX_OK,
 * LX_ERR_NOMEM, or LX_ERR_GRAMMAR when it is absent. */
LX_EXTERN int lx_figures(const lx_grammars *set, const char *text, size_t len,
                         lx_figure_list **out);
/* The number of figures (0 for NULL), and the i-th for i < count (NULL
 * otherwise; borrowed from the list). */
LX_EXTERN size_t lx_figure_list_count(const lx_figure_list *l);
LX_EXTERN const lx_figure *lx_figure_list_at(const lx_figure_list *l, size_t i);
/* Frees a list from lx_figures() and its figures; NULL is allowed. */
LX_EXTERN void lx_figure_list_free(lx_figure_list *l);
/* "≥40%", "≤1,200,000 CNY", "≤30 days", "每年 ≤5,000,000 CNY",
 * "1,000–5,000 CNY", "0.3–0.5%", "每株 500–2,000 CNY", "1–5x"; malloc'd
 * (free with free()), NULL when out of memory. */
LX_EXTERN char *lx_figure_format(const lx_figure *f);

/* ---- rows of provisions across documents ---- */

#define LX_CMP_MUTUAL 0.15
#define LX_CMP_STRONG 0.35
/* The combined method's constants (see the top of this file). */
#define LX_CMP_TARGETS 4
#define LX_CMP_TARGET 0.6
#define LX_CMP_HEADING 0.1
#define LX_CMP_PLACE 0.05
#define LX_CMP_PLACE_SPAN 0.25
/* The alignment (see the top of this file): candidates kept per article
 * and other document, and the cost of a pair in the chain.  Pairs of
 * 0.1 to 0.15 in the chain held 1 topic more strictly and 3 more at the
 * article level on the gold, but they are the weakest (often wordless,
 * the heading and place terms only): left out, with the precision check
 * in view. */
#define LX_CMP_CANDS 5
#define LX_CMP_GAP 0.1
/* An article of several parts is split across rows, a unit per part: a
 * paragraph, or for a paragraph of several items each item (cells then
 * hold paragraph or item nodes, eid art_5__para_2 or
 * art_5__para_1__item_3, label 第五条第二款, 第五条第一款第三项), when two
 * of its parts find their best matches in one other document in two
 * different articles, each at least LX_CMP_SPLIT (weighted Dice of the
 * part against the article); not when the
 * search is bounded.  0.05 (was 0.3): on the gold with the chain, strict
 * 56 -> 91, article level 131 -> 139, apart 6 -> 3 (a lower bound also
 * splits articles whose paragraphs a reader keeps together: Shanghai's
 * art_29 of the samples leaves the procurement row). */
#define LX_CMP_SPLIT 0.05
/* A unit left alone (a row of its own) whose best match in another
 * document, at least LX_CMP_ATTACH, is in the row of the unit before or
 * after it in its own document joins that row's cell (compare.c's
 * attach): cells of several units. */
#define LX_CMP_ATTACH 0.25
/* A unit whose wording's weighted Dice with every other unit of its row
 * is below LX_CMP_PRUNE leaves the row (before LX_CMP_ATTACH): joined by
 * the heading, place or penalty terms, or through another unit, with
 * next to no wording in common.  On the 50 rows of the precision sample
 * it took 7 of the 29 cells that did not belong out of their rows and no
 * cell that did; 0.08 took 9 but cost a topic on the gold. */
#define LX_CMP_PRUNE 0.05
/* The bound of the search (see lx_compare_docs): the work of the
 * exhaustive search per bigram (more than diff's: every document is
 * walked against all the others), and the articles taken on each side of
 * the same relative place beyond it (0: only that one). */
#define LX_CMP_WORK_PER 256
#define LX_CMP_WINDOW 1

/* A comparison (opaque): rows of articles, one cell per document. */
typedef struct lx_compare lx_compare;

/* Compares 2 to 64 documents into a new comparison in *out (NULL on
 * failure; free it with lx_compare_free()).  The comparison borrows the
 * documents (and the array `docs`): keep them until lx_compare_free().
 * LX_OK, LX_ERR_NOMEM, LX_ERR_GRAMMAR (no figures grammar in g),
 * LX_ERR_LIMIT (more than 64 documents) or LX_ERR_USAGE (an unknown
 * LEXCN_COMPARE_METHOD).  Each article's best match in
 * every other document is found through an inverted index of bigrams:
 * exhaustive while walking it costs at most LX_DIFF_WORK_BASE +
 * LX_CMP_WORK_PER x (bigrams of all articles) (lexcn/diff.h), so that
 * the cost stays linear (sets of up to 64 statutes of ../shared/corpus,
 * 2,855 articles, stay well within it); beyond (many articles alike),
 * bigrams found in more than LX_DIFF_RARE articles are not walked, and
 * the candidates in each document are the article sharing most of the
 * others and those within LX_CMP_WINDOW of the same relative place, each
 * scored exactly. */
LX_EXTERN int lx_compare_docs(lx_compare **out, const lx_grammars *g,
                              lx_doc *const *docs, size_t n);
/* Frees the comparison (not the documents); NULL is allowed. */
LX_EXTERN void lx_compare_free(lx_compare *c);

/* The documents, in the order given (borrowed). */
LX_EXTERN size_t lx_compare_doc_count(const lx_compare *c);
LX_EXTERN const lx_doc *lx_compare_doc(const lx_compare *c, size_t d);
/* Rows, ordered by where their articles stand in their documents.  The
 * row getters take r < lx_compare_row_count(c) (and d <
 * lx_compare_doc_count(c)); strings, nodes and lists are borrowed, valid
 * until lx_compare_free() (nodes: until their document is freed). */
LX_EXTERN size_t lx_compare_row_count(const lx_compare *c);
/* The article of document d in row r, or NULL (no counterpart there); a
 * paragraph node (type LX_NODE_PARAGRAPH) or an item (LX_NODE_ITEM) when
 * the article is split across rows (LX_CMP_SPLIT); the first of the
 * cell's units (lx_compare_cell_unit). */
LX_EXTERN const lx_node *lx_compare_cell_article(const lx_compare *c, size_t r,
                                                 size_t d);
/* The units of the cell (0 when it has no article; more than 1 when
 * units left alone joined the row of their neighbour, LX_CMP_ATTACH), and
 * the k-th of them (k < the count; the first is lx_compare_cell_article),
 * NULL otherwise. */
LX_EXTERN size_t lx_compare_cell_unit_count(const lx_compare *c, size_t r,
                                            size_t d);
LX_EXTERN const lx_node *lx_compare_cell_unit(const lx_compare *c, size_t r,
                                              size_t d, size_t k);
/* Its figures (an empty list when the cell has no article; of all its
 * units, in their order). */
LX_EXTERN const lx_figure_list *lx_compare_cell_figures(const lx_compare *c,
                                                        size_t r, size_t d);
/* Cells with an article; a row of one is particular to its document. */
LX_EXTERN size_t lx_compare_row_filled(const lx_compare *c, size_t r);
LX_EXTERN bool lx_compare_row_particular(const lx_compare *c, size_t r);
/* The mean similarity over the row's pairs of articles (0 for one). */
LX_EXTERN double lx_compare_row_similarity(const lx_compare *c, size_t r);
/* The heading most cells share, or NULL. */
LX_EXTERN const char *lx_compare_row_topic(const lx_compare *c, size_t r);
/* Whether the renderers show the row: every row is kept at first; a filter
 * (lexcn compare --topic) sets it. */
LX_EXTERN bool lx_compare_row_kept(const lx_compare *c, size_t r);
LX_EXTERN void lx_compare_keep_row(lx_compare *c, size_t r, bool keep);

/* Orders the rows by the articles of document d (d < the document count)
 * in its order; a row without an article of d stays right after the row of
 * d it followed (those before any: first, as they were).  LX_OK or
 * LX_ERR_NOMEM (the order unchanged). */
LX_EXTERN int lx_compare_order(lx_compare *c, size_t d);
/* The place of a cell's article among the articles of its document (0 for
 * the first; 0 when the cell has none). */
LX_EXTERN size_t lx_compare_cell_position(const lx_compare *c, size_t r,
                                          size_t d);

/* Renderers of the kept rows; `particular`: also the rows with one
 * article.  CSV (RFC 4180: CRLF, fields quoted when they hold a comma, a
 * quote or a line end): a header "topic", one column per document (its
 * name in the text output), "similarity", "figures"; a row per topic, a
 * cell the article's label (its eid when it has none) or empty, the
 * figures as "DOCUMENT: figure; figure" joined by " | ".  LX_OK,
 * LX_ERR_IO or LX_ERR_NOMEM. */
LX_EXTERN int lx_compare_csv(FILE *out, const lx_compare *c, bool particular);
LX_EXTERN int lx_compare_text(FILE *out, const lx_compare *c, bool particular, int width);
LX_EXTERN int lx_compare_json(FILE *out, const lx_compare *c);
LX_EXTERN int lx_compare_html(FILE *out, const lx_compare *c, bool particular);

#ifdef __cplusplus
}
#endif

#endif
