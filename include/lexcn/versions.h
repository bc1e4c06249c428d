/*
 * lexcn/versions.h: a law through time.  The works of a set of documents
 * and their versions in date order, the version in force on a date and
 * the status dates give it, and the renumbering map between two
 * consecutive versions (from lx_diff_docs).
 *
 * Identity (FRBR-like, stable):
 *   work     the law: lx_doc_work(), its title (or its file name without
 *            a title).  Versions are grouped into one work by their title
 *            (compared as lx_doc's title key: with or without 中华人民共和国,
 *            spaces and brackets normalised) and jurisdiction, and across
 *            a rename the history records: a version whose history names
 *            the document it revises by another title (根据《关于修改〈旧名〉
 *            的决定》修正, 原名称《旧名》) joins the work of that title.  The
 *            work id of a group is the work of its latest version.
 *   version  work@YYYY-MM-DD (lx_doc_id()): the date of the version's
 *            latest history event that makes a version (通过, 修正, 修订,
 *            批准, 公布).
 *
 * In force: the version in force on DATE is the one whose start (its
 * effective date, or its version date when the effective date is
 * unknown) is on or before DATE, and whose next version's start is after
 * DATE.  Statuses on DATE: 尚未生效 (start after DATE), 已被修改 (a later
 * version, of another date, has started by DATE; never for a text with
 * no date at all), 失效 (its expiry passed), else 有效.
 */
#ifndef LEXCN_VERSIONS_H
#define LEXCN_VERSIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "doc.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The date a version takes effect: its effective date, else its version
 * date (NULL when neither is known).  Borrowed from d. */
LX_EXTERN const char *lx_version_start(const lx_doc *d);

/* Groups docs[0..n) into works and orders each work's versions by date
 * (version date, else start; undated first; ties by position).  On
 * success order[0..n) holds the indexes of docs, work by work (works in
 * the order of their first document in docs), and work[k] the work
 * number (0, 1, ...) of order[k].  LX_OK or LX_ERR_NOMEM. */
LX_EXTERN int lx_works_order(lx_doc *const *docs, size_t n, size_t *order,
                             size_t *work);

/* Whether two documents of one work are one version: the same version
 * date (else effective date), or neither has one (a law in several
 * files, or a copy).  lx_works_order puts them side by side; no map is
 * made between them. */
LX_EXTERN bool lx_version_same(const lx_doc *a, const lx_doc *b);

/* Of the versions v[0..n) of one work in date order (lx_works_order): the
 * one in force on `date` (YYYY-MM-DD), or n when none is (every version
 * starts after it). */
LX_EXTERN size_t lx_version_in_force(lx_doc *const *v, size_t n,
                                     const char *date);
/* The status of v[i] on `date` (static string): 尚未生效, 已被修改, 失效 or
 * 有效 (drafts keep 草案 / 征求意见稿). */
LX_EXTERN const char *lx_version_status(lx_doc *const *v, size_t n, size_t i,
                                        const char *date);

/* ---- renumbering maps ---------------------------------------------------- */

/* One row of a map: an article (or a paragraph of a paired article, or
 * an item of a paired paragraph) of the old version and where it is in
 * the new one.  op: "unchanged",
 * "renumbered", "modified" (moved or not), "moved" (same text, moved to
 * another chapter or out of the order), "split", "merged", "deleted" (new_eid NULL),
 * "added" (old_eid NULL).  A record: fields only appended, at a major
 * version. */
typedef struct lx_map_row {
	const char *old_eid, *old_label;
	const char *new_eid, *new_label;
	const char *op;
} lx_map_row;

/* A map from version old_id to version new_id (opaque). */
typedef struct lx_vmap lx_vmap;

/* The map of two versions from lx_diff_docs: one row per article pair
 * (split and merged give one row per piece), per deleted and per added
 * article; then, for articles paired one to one, their paragraphs, and
 * the items of paragraphs paired, each paired by equal text, else by
 * position when both have as many.  LX_OK or
 * LX_ERR_NOMEM. */
LX_EXTERN int lx_vmap_from_docs(lx_vmap **out, const lx_doc *old_doc,
                                const lx_doc *new_doc);
/* The map as text (what the index stores): a line "old_id\tnew_id", then
 * one line per row "old_eid\told_label\tnew_eid\tnew_label\top" ("-" for
 * NULL).  malloc'd; NULL on no memory. */
LX_EXTERN char *lx_vmap_text(const lx_vmap *m);
/* Reads lx_vmap_text's output.  LX_OK, LX_ERR_USAGE (not a map) or
 * LX_ERR_NOMEM. */
LX_EXTERN int lx_vmap_parse(lx_vmap **out, const char *text);
LX_EXTERN const char *lx_vmap_old_id(const lx_vmap *m);
LX_EXTERN const char *lx_vmap_new_id(const lx_vmap *m);
/* The rows: *out (borrowed, valid until lx_vmap_free) and their count. */
LX_EXTERN size_t lx_vmap_rows(const lx_vmap *m, const lx_map_row **out);
/* The first row of old eid `eid` (or whose old label is `eid`, e.g.
 * 第十六条), or NULL when the map has none. */
LX_EXTERN const lx_map_row *lx_vmap_find(const lx_vmap *m, const char *eid);
LX_EXTERN void lx_vmap_free(lx_vmap *m);

#ifdef __cplusplus
}
#endif

#endif
