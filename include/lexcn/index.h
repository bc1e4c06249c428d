/*
 * lexcn/index.h: liblexcn-index (pkg-config lexcn-index), the search index
 * of articles, built on Xapian (no Xapian type shows here).  Include it on
 * its own: it is not part of <lexcn/lexcn.h>.
 *
 * An index is a directory (a Xapian database), or a stub: a file, or a
 * directory holding lexcn.stub, that lists shards one a line as
 * "auto PATH" (relative to the stub) or "remote tcp HOST PORT"
 * (xapian-tcpsrv).  The unit of search is the article, and the text
 * outside articles (a preamble, closing words, a loose paragraph).
 *
 * Errors: every function that can fail returns an lx_code and, where it
 * takes `lx_error *err` (may be NULL), fills it; a function on a handle
 * also keeps the message in the handle (lx_index_errmsg).  The index's own
 * codes: LX_ERR_NOT_FOUND (no index there), LX_ERR_LOCKED (another writer
 * holds the lock), LX_ERR_DAMAGED, LX_ERR_CHANGED (a writer overwrote the
 * revision being read twice over; reading again succeeds), LX_ERR_INDEX
 * (any other failure of Xapian), LX_ERR_NOMEM.  No exception escapes.
 *
 * Threads: one handle is for one thread at a time; handles are
 * independent.  A tokenizer (lx_tokenizer) is one thread's too.
 */
#ifndef LEXCN_INDEX_H
#define LEXCN_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "common.h"
#include "doc.h"
#include "tokenizer.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The longest query lx_search takes, in bytes. */
#define LX_MAX_QUERY_BYTES (16 * 1024)
/* The most parts one query may have: terms, phrases, filters, the
 * operators OR, AND, NOT and each parenthesis (a "-" belongs to the part
 * it excludes; the count also bounds the nesting).  Beyond it lx_search
 * fails with LX_ERR_USAGE ("the query has N parts, over the limit of
 * 256"). */
#define LX_MAX_QUERY_PARTS 256
/* The largest page of hits lx_search returns (lx_search_opts.limit) and
 * the deepest page it starts (lx_search_opts.offset): beyond either,
 * LX_ERR_USAGE.  (The offset is passed to Xapian as a 32-bit count, and
 * a deep page costs the engine the hits before it.) */
#define LX_MAX_SEARCH_LIMIT 10000
#define LX_MAX_SEARCH_OFFSET 1000000

/* ---- the handle --------------------------------------------------------- */

typedef struct lx_index lx_index;

/* Opens the index at `path`: for reading (a database or a stub) or, with
 * writable, for writing (a database directory, created when missing; one
 * writer at a time).  *out is set on success and on failure, when the
 * handle could be made (NULL on no memory): close it either way.
 * Returns LX_OK, LX_ERR_NOT_FOUND, LX_ERR_LOCKED, LX_ERR_DAMAGED,
 * LX_ERR_INDEX or LX_ERR_NOMEM. */
LX_EXTERN int lx_index_open(lx_index **out, const char *path, bool writable,
                            lx_error *err);
/* Commits what a writer added (nothing to do for a reader) and frees the
 * handle.  NULL is harmless. */
LX_EXTERN void lx_index_close(lx_index *ix);
/* The message of the last failure on the handle ("" when none); owned by
 * the handle, valid until its next call or lx_index_close.  NULL ix: "out
 * of memory" (a failed lx_index_open that made no handle). */
LX_EXTERN const char *lx_index_errmsg(const lx_index *ix);
/* Removes the database directory `path` and what is in it; LX_OK when it
 * is gone or never was, else LX_ERR_IO. */
LX_EXTERN int lx_index_destroy(const char *path, lx_error *err);

/* ---- writing ------------------------------------------------------------- */

/* Adds the units of document d (its articles, and its text outside them),
 * read from `file` with content record `hash` (kept in the index's
 * metadata under the file; lx_index_build stores "HASH\tPATH"), replacing
 * what the file had before.  `current` is not used any more: which
 * version is current is decided by lx_index_mark_current (lx_index_build
 * calls it; until it runs, every version counts as current).  d and tk are
 * only read during the call.  Needs a writable handle.  Returns LX_OK,
 * LX_ERR_NOMEM or an index code. */
LX_EXTERN int lx_index_add(lx_index *ix, lx_tokenizer *tk, const lx_doc *d,
                           const char *file, const char *hash, bool current,
                           lx_error *err);
/* Removes the units of a file.  LX_OK or an index code. */
LX_EXTERN int lx_index_remove(lx_index *ix, const char *file, lx_error *err);
/* Recomputes which version of each law is the current one (the latest
 * version date, then the greatest id, among the versions still indexed).
 * LX_OK, LX_ERR_NOMEM or an index code. */
LX_EXTERN int lx_index_mark_current(lx_index *ix, lx_error *err);
/* Makes what was written durable and visible to readers.  LX_OK or an
 * index code. */
LX_EXTERN int lx_index_commit(lx_index *ix, lx_error *err);

/* ---- building from files (lexcn index) ----------------------------------- */

/* The steps of lx_index_build, for a progress display. */
typedef enum lx_build_step {
	LX_BUILD_READING,    /* parsed `done` of `total` files */
	LX_BUILD_INDEXING,   /* wrote `done` of `total` documents (each;
	                        called from the writer threads) */
	LX_BUILD_COMMITTED,  /* a writer committed a batch: `done` of `total`
	                        documents are committed by all writers
	                        (called from the writer threads) */
	LX_BUILD_INDEXED,    /* the writers are done */
	LX_BUILD_MERGING,    /* merging the work of `total` writers */
	LX_BUILD_COUNTED,    /* the lx_build_stats are final (the index is
	                        compacted after this, when it changed) */
	LX_BUILD_COMPACTING, /* compacting the database `path` */
	LX_BUILD_COMPACTED   /* compaction is over */
} lx_build_step;

typedef struct lx_build_stats {
	size_t added;     /* files indexed (new or changed) */
	size_t unchanged; /* files skipped: same content as indexed */
	size_t skipped;   /* entries of directories that are not documents
	                     (each reported with the code LX_OK) */
	size_t removed;   /* files pruned: gone from the disk */
	size_t failed;    /* files that could not be read or parsed */
	size_t relinked;  /* unchanged files indexed again: their citations
	                     resolve differently now */
	long articles;    /* units in the index at the end; -1 when the
	                     index failed (what it held before the failing
	                     commit stays) */
	size_t reread;    /* unchanged files read again to link them: those
	                     a change can reach (lx_catalog_keys) */
	size_t catalogued; /* unchanged files catalogued for the links from
	                     the entries the index keeps (lx_catalog_entry),
	                     not parsed */
} lx_build_stats;

typedef struct lx_build_opts {
	bool prune;    /* remove the documents whose files are gone */
	int shards;    /* write N shards (DIR/shard-K) and a stub
	                  DIR/lexcn.stub; 0: as many as DIR/lexcn.stub lists
	                  (none: one database, DIR) */
	size_t batch;  /* files per commit; 0: 20 */
	int threads;   /* writers of a new index; 0: one per core (at most 4)
	                  when there are 64 documents or more; N > 0: N (at
	                  most 4) whatever the number */
	/* Each failure as it happens, in order (a file that cannot be read
	 * or parsed, an index error): a one-line message.  Called from the
	 * writer threads too, one at a time per failure.  Also, with the
	 * code LX_OK, each entry of a directory that is not a document
	 * ("skipped DIR/x.xlsx: not a document name (.xlsx)").  May be
	 * NULL. */
	void (*report)(void *ctx, const lx_error *e);
	/* Progress: see lx_build_step; `path` is set for COMPACTING.  May
	 * be NULL.  Calls of report and progress never overlap (one lock). */
	void (*progress)(void *ctx, lx_build_step step, size_t done,
	                 size_t total, const char *path);
	/* Asked between files while reading, after each commit of a batch,
	 * and before merging or compacting: true stops the run there with
	 * LX_ERR_INTERRUPTED (what was committed stays, the parts of other
	 * writers are dropped; the next run completes the work).  From the
	 * writer threads too.  May be NULL. */
	bool (*stop)(void *ctx);
	void *ctx;
} lx_build_opts;

/* Indexes the files and directories (every .md, .txt, .docx, .pdf, .ofd
 * and .html below them) of
 * paths[0..n) into the index `db`, incrementally: a file whose content is
 * unchanged since the last run is skipped, a changed one replaces its
 * units; when anything changed, the documents indexed before are read
 * again so that citations resolve against everything indexed (one whose
 * citations now resolve differently is indexed again).  Commits every
 * batch of files (an interrupted run leaves an index that opens; the next
 * run completes it), compacts what changed.  Shards: the versions of one
 * law share a shard.  *st (may be NULL) holds the counts, also on
 * failure.  Returns LX_OK; LX_ERR_IO when an input was missing or failed
 * (the others are still indexed, unless an input path is missing); an
 * index code, or LX_ERR_NOMEM.  err holds the first failure; every
 * failure also went to o->report. */
LX_EXTERN int lx_index_build(const char *db, char *const *paths, size_t n,
                             const lx_build_opts *o, lx_build_stats *st,
                             lx_error *err);

/* ---- searching ----------------------------------------------------------- */

/* The order of hits: by relevance, or by a date (newest first; unknown
 * dates last) or the article number (ascending), ties by relevance. */
typedef enum {
	LX_SORT_RELEVANCE,
	LX_SORT_EFFECTIVE,
	LX_SORT_ISSUED,
	LX_SORT_ARTICLE
} lx_sort;

typedef struct lx_search_opts {
	size_t limit, offset; /* the page of hits (limit 0: only count) */
	bool all_versions;    /* every version of a law, not the current */
	bool exact_count;     /* count every match (else an estimate) */
	bool facets;          /* count by jurisdiction and type */
	int within;           /* 0, 'p' paragraph, 's' sentence: the parts
	                         must meet in one (no facets then) */
	lx_sort sort;
	/* YYYY-MM-DD: the version of each law in force on that date
	 * (effective date, else version date, <= DATE < the next version's),
	 * instead of the current one (all_versions is ignored then).
	 * Versions without any date are not found; hits have the status
	 * 有效 (in force on that date).  NULL: the current. */
	const char *as_of;
	/* Threads that check candidates in their texts (a run whose pairs
	 * need it): 0, one per core (at most 4) when there are more than
	 * LX_CHECK_SPLIT candidates, else one; 1, one; N > 1, N (at most 4)
	 * whatever their number.  The results do not depend on it. */
	unsigned threads;
} lx_search_opts;

#define LX_CHECK_SPLIT 2048

/* Search results: the count, the hits of the page and the facets. */
typedef struct lx_results lx_results;

/* A byte range [start, end) of a text. */
typedef struct lx_span_hl {
	size_t start, end;
} lx_span_hl;

/* Parses and runs a query (the language of `lexcn search --help`) on a
 * handle.  *out: the results (NULL on failure), owned by the caller, valid
 * until lx_results_free; independent of the handle, but tk must outlive
 * them (lx_hit_snippet uses it).  Returns LX_OK; LX_ERR_USAGE with a one-line
 * message for a bad query that names the character where it went wrong
 * (over LX_MAX_QUERY_BYTES or LX_MAX_QUERY_PARTS, unbalanced quotes or
 * parentheses, OR without a term on a side, an unknown field...) or page (o->limit over
 * LX_MAX_SEARCH_LIMIT, o->offset over LX_MAX_SEARCH_OFFSET); an index code
 * or LX_ERR_NOMEM. */
LX_EXTERN int lx_search(lx_index *ix, lx_tokenizer *tk, const char *query,
                        const lx_search_opts *o, lx_results **out,
                        lx_error *err);
/* Every unit indexed of document `doc` (its id, as lx_hit_doc gives it),
 * or of the whole index (NULL), in the order they were added, of one
 * revision (even while a writer commits), as results with score 0 and no
 * query (no highlights).  *out as for lx_search.  LX_OK, LX_ERR_NOT_FOUND
 * (nothing indexed for doc), an index code or LX_ERR_NOMEM. */
LX_EXTERN int lx_index_units(lx_index *ix, const char *doc, lx_results **out,
                             lx_error *err);
/* One hit per indexed file (its first unit, without lx_hit_text), sorted
 * by file path (strcmp), of one revision: the documents of the index, in
 * time and memory proportional to their number, not to their articles.
 * LX_OK, an index code or LX_ERR_NOMEM. */
LX_EXTERN int lx_index_documents(lx_index *ix, lx_results **out,
                                 lx_error *err);
/* Frees results and every string and array their getters gave.  NULL is
 * harmless. */
LX_EXTERN void lx_results_free(lx_results *h);

/* The number of matching units (exact when asked), and of hits held (the
 * page). */
LX_EXTERN long lx_results_count(const lx_results *h);
LX_EXTERN size_t lx_results_len(const lx_results *h);

/* Hit i (< lx_results_len) of the results.  Strings are owned by h, valid
 * until lx_results_free; NULL where the document has none (a title, a
 * label: text outside articles has none; dates as YYYY-MM-DD). */
LX_EXTERN const char *lx_hit_doc(const lx_results *h, size_t i);
LX_EXTERN const char *lx_hit_title(const lx_results *h, size_t i);
LX_EXTERN const char *lx_hit_jurisdiction(const lx_results *h, size_t i);
LX_EXTERN const char *lx_hit_type(const lx_results *h, size_t i);
LX_EXTERN const char *lx_hit_status(const lx_results *h, size_t i);
LX_EXTERN const char *lx_hit_effective(const lx_results *h, size_t i);
LX_EXTERN const char *lx_hit_version(const lx_results *h, size_t i);
/* The work (lx_doc_work: the law across its versions; NULL in an index
 * written before works were stored). */
LX_EXTERN const char *lx_hit_work(const lx_results *h, size_t i);
LX_EXTERN const char *lx_hit_eid(const lx_results *h, size_t i);
LX_EXTERN const char *lx_hit_label(const lx_results *h, size_t i);
LX_EXTERN const char *lx_hit_heading(const lx_results *h, size_t i);
/* The unit's whole text. */
LX_EXTERN const char *lx_hit_text(const lx_results *h, size_t i);
/* The file it was indexed from. */
LX_EXTERN const char *lx_hit_file(const lx_results *h, size_t i);
/* The headings above the unit (book, chapter, section...), outermost
 * first: *parts (may be NULL) is an array owned by h, valid until
 * lx_results_free.  Returns how many. */
LX_EXTERN size_t lx_hit_path(const lx_results *h, size_t i,
                             const char *const **parts);
LX_EXTERN double lx_hit_score(const lx_results *h, size_t i);
/* A snippet of about 80 characters of the text around the first match of
 * the query, newlines as spaces, "…" where cut; *ranges (may be NULL) the
 * highlights in it, byte ranges, sorted, *n_ranges of them.  Computed on
 * the first call (hence h is not const), with the tokenizer given to
 * lx_search; owned by h, valid until lx_results_free.  NULL on no memory. */
LX_EXTERN const char *lx_hit_snippet(lx_results *h, size_t i,
                                     const lx_span_hl **ranges,
                                     size_t *n_ranges);
/* Where the query's runs of characters (and article labels, in any
 * numerals) occur in `text` of `len` bytes: byte ranges, sorted and
 * merged, in *out (malloc'd: the caller frees it; NULL when none).
 * Returns how many. */
LX_EXTERN size_t lx_results_highlight(const lx_results *h, const char *text,
                                   size_t len, lx_span_hl **out);

/* Facets (with lx_search_opts.facets). */
/* LX_FACET_YEAR: the year of the effective date ("2021"), of the
 * matches that have one.  LX_FACET_STATUS: the status as the index holds
 * it (the day the document was indexed), the one status: filters on. */
typedef enum {
	LX_FACET_JURISDICTION,
	LX_FACET_TYPE,
	LX_FACET_YEAR,
	LX_FACET_STATUS,
	LX_N_FACETS
} lx_facet;
/* The number of distinct values of facet f among the matches. */
LX_EXTERN size_t lx_results_facet_len(const lx_results *h, lx_facet f);
/* Value k (< lx_results_facet_len) of facet f, in byte order ("" for
 * documents without one), with its count in *count (may be NULL); owned
 * by h, valid until lx_results_free. */
LX_EXTERN const char *lx_results_facet(const lx_results *h, lx_facet f,
                                       size_t k, long *count);

/* ---- renderers ------------------------------------------------------------ */

enum {
	LX_RESULTS_JSON_HITS = 1,   /* with the hits */
	LX_RESULTS_JSON_FACETS = 2, /* with the facets */
	LX_RESULTS_JSON_LINE = 4    /* one compact line {query, count, hits, ms}
	                            (lexcn search --batch); else an indented
	                            object {query, count[, hits][, facets]} */
};
/* Writes results as JSON (lexcn search --format json, --batch) to out,
 * with a newline: each hit {doc, title, jurisdiction, type, status,
 * effective, version, eid, label, path, score, work, snippet, highlights};
 * facets {jurisdiction: {value: count}, type: {...}} ("(none)" for "").
 * `ms` is the time the search took (LX_RESULTS_JSON_LINE only).  The
 * bytes are those of jansson's json_dumps (JSON_INDENT(1), or
 * JSON_COMPACT for a line), written in one call.  Returns LX_OK,
 * LX_ERR_NOMEM, LX_ERR_DAMAGED (a record with a string that is not UTF-8
 * or nested too deep: nothing written), or LX_ERR_IO when out cannot be
 * written. */
LX_EXTERN int lx_results_json(lx_results *h, const char *query, unsigned flags,
                           double ms, FILE *out);
/* Writes document `doc` (or its unit `eid`, when not NULL) as text to
 * out: the title and id, then each unit's text with its citations and
 * what they link to (lexcn show); a target in an older version is
 * followed through the stored renumbering maps: "(now work@date#eid)" or
 * "(deleted in work@date)".  Of one revision.  Returns LX_OK,
 * LX_ERR_NOT_FOUND (not in the index), LX_ERR_IO (out or a temporary file
 * cannot be written), or an index code. */
LX_EXTERN int lx_index_show(lx_index *ix, const char *doc, const char *eid,
                            FILE *out, lx_error *err);
/* Writes every unit of the index as one JSON line (doc, title,
 * jurisdiction, type, status, effective, version, work, eid, label,
 * heading, path, text, file, lines, citations) to out, of one revision (lexcn
 * export).  Returns LX_OK, LX_ERR_IO or an index code. */
LX_EXTERN int lx_index_export(lx_index *ix, FILE *out, lx_error *err);

/* ---- versions: renumbering maps (lexcn/versions.h) ------------------------
 *
 * Identity in the index: each unit stores its document id (work@YYYY-MM-DD,
 * the search filter doc:), its version date (version:YYYY-MM-DD) and its
 * work (work:TITLE, the title compared as title: compares it, with or
 * without 中华人民共和国).  Value slots: 0 effective date, 1 version date,
 * 2 jurisdiction, 3 type, 4 article number, 5 the start of the version
 * (effective date, else version date; YYYYMMDD).  lx_index_mark_current
 * keeps, as metadata beside the documents (which are never changed once
 * written), the versions that are not current ("lexcn:superseded") and
 * the start of the next version of each one that has one
 * ("lexcn:until"): a version is in force on D when slot 5 <= D and the
 * next one has not started by D.
 *
 * A renumbering map between two consecutive versions is stored as the
 * index's metadata under "map:<hash of the old id>", its value the text of
 * lx_vmap_text (the old id and the new id on the first line, then one row
 * per article or paragraph).  lexcn index computes them (lx_vmap_from_docs)
 * for every work with two versions or more after a run that changed
 * something. */

/* Stores the map `text` (lx_vmap_text) from version old_id to its next
 * version.  Needs a writable handle.  LX_OK, LX_ERR_NOMEM or an index
 * code. */
LX_EXTERN int lx_index_put_map(lx_index *ix, const char *old_id,
                               const char *text, lx_error *err);
/* The map from version old_id to its next version: *text malloc'd (the
 * caller frees it), NULL when none is stored.  LX_OK, LX_ERR_NOMEM or an
 * index code. */
LX_EXTERN int lx_index_get_map(lx_index *ix, const char *old_id, char **text,
                               lx_error *err);

/* The hash of file's content when it was indexed (16 hex digits and a
 * NUL in out).  LX_OK, LX_ERR_NOT_FOUND (not indexed) or LX_ERR_NOMEM. */
LX_EXTERN int lx_index_file_hash(lx_index *ix, const char *file,
                                 char out[17]);
/* Stamps: a short value a caller keeps in the index under a name of its
 * own (what data it derived was made from, to redo it only when that
 * changed), committed with the index (lx_index_commit).  Put: LX_OK,
 * LX_ERR_NOMEM or an index code.  Get: *value malloc'd (the caller frees
 * it), NULL when none is stored; LX_OK or LX_ERR_NOMEM. */
LX_EXTERN int lx_index_put_stamp(lx_index *ix, const char *name,
                                 const char *value, lx_error *err);
LX_EXTERN int lx_index_get_stamp(lx_index *ix, const char *name,
                                 char **value, lx_error *err);

#ifdef __cplusplus
}
#endif

#endif
