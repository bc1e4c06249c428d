/*
 * index/postings.h: a segment's own posting lists (private to index/).
 *
 * The character, pair and triple terms of an article (index.c
 * char_terms: ~160 of its ~195 distinct terms) are kept out of Xapian:
 * its inverter (a map of strings per term, merged at each commit) was
 * most of the time of a build.  Each segment keeps them in one file,
 * SEG/lexcn-postings, written once when the segment is sealed and merged
 * when segments are; lx_xapian.cc reads them through a posting source.
 *
 * The file, integers little-endian as the machine's (like the text
 * store), varints of 7 bits a byte, low bits first:
 *   lists    each term's list: varint nskip, nskip skip entries (u32
 *            base, u32 offset: the document before block k+1 of 128
 *            postings and where that block starts, from the first
 *            block), then the postings: varint (delta << 1 | wdf != 0),
 *            varint wdf when not 0 (delta from the previous document,
 *            from 0 for the first);
 *   dict     the terms in byte order: varint length, the bytes, varint
 *            count, varint bytes of its list (lists follow in the same
 *            order);
 *   sparse   every LX_POST_GROUP-th term: u64 offset in dict, u64 offset
 *            of its list;
 *   doclens  u32 per document, 1 to ndocs (its length for BM25);
 *   trailer  u64 dict, sparse, doclens offsets, u64 nterms, u64 ndocs,
 *            the magic "LXPOSTS1".
 */
#ifndef LX_POSTINGS_H
#define LX_POSTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LX_POST_FILE "/lexcn-postings"
#define LX_POST_BLOCK 128 /* postings between skip entries */
#define LX_POST_GROUP 32  /* terms between sparse entries */

/* ---- writing: the inverter of one segment ---- */
typedef struct lx_pw lx_pw;

lx_pw *lx_pw_new(void);
void lx_pw_free(lx_pw *w);
/* Document doc (1, 2, ... in order: each call's doc >= the last's) holds
 * term with count wdf.  LX_ERR_NOMEM, or LX_ERR_USAGE for a document out
 * of order (nothing added either way). */
int lx_pw_add(lx_pw *w, uint32_t doc, const char *term, size_t len,
              uint32_t wdf);
/* The length of document doc (for BM25; 0 when never given). */
int lx_pw_doclen(lx_pw *w, uint32_t doc, uint32_t len);
/* Writes the file for documents 1 to ndocs (fsync'd when sync): LX_OK,
 * LX_ERR_NOMEM, or LX_ERR_WRITE with errno set. */
int lx_pw_write(lx_pw *w, const char *path, uint32_t ndocs, bool sync);

/* ---- reading: a file mapped ---- */
typedef struct lx_pstore lx_pstore;

/* LX_OK; LX_ERR_NOT_FOUND (errno set) when it cannot be opened,
 * LX_ERR_DAMAGED when it is not a postings file of ndocs documents,
 * LX_ERR_NOMEM. */
int lx_pstore_open(lx_pstore **out, const char *path, uint32_t ndocs);
void lx_pstore_close(lx_pstore *s);
uint32_t lx_pstore_ndocs(const lx_pstore *s);
/* The length of document doc (1 to ndocs; 0 beyond). */
uint32_t lx_pstore_doclen(const lx_pstore *s, uint32_t doc);

/* A cursor over one list.  After lx_pcur_next or lx_pcur_skip returned
 * true, doc and wdf are the posting it is at; false is the end, or damage
 * when bad is set. */
typedef struct lx_pcur {
	const uint8_t *p, *end; /* the postings not read yet */
	const uint8_t *skip, *data;
	uint32_t nskip, count, read; /* read: postings read so far */
	uint32_t doc, wdf;
	bool bad;
} lx_pcur;

/* The list of term in s into c: false when s has no such term (c is then
 * an empty list), or when the file is damaged (c->bad). */
bool lx_pstore_find(const lx_pstore *s, const char *term, size_t len,
                    lx_pcur *c);
bool lx_pcur_next(lx_pcur *c);
/* To the first posting whose doc >= target, from where c is on (the
 * posting c is at counts). */
bool lx_pcur_skip(lx_pcur *c, uint32_t target);

/* Every term of s in order: fn(ctx, term, len, cursor) until it returns
 * non-zero (returned); LX_ERR_DAMAGED for a damaged dictionary. */
int lx_pstore_each(const lx_pstore *s,
                   int (*fn)(void *ctx, const char *term, size_t len,
                             lx_pcur *c),
                   void *ctx);

/* Merges n stores into the file path: document d of src[k] becomes
 * d + shift[k]; the shifted numbers must ascend from src[0] to src[n-1]
 * and cover 1 to the sum of their documents.  Terms found in several
 * stores get one list.  LX_OK, LX_ERR_NOMEM, LX_ERR_DAMAGED (a source),
 * LX_ERR_USAGE (numbers that do not ascend), LX_ERR_WRITE (errno). */
int lx_pstore_merge(lx_pstore *const *src, const int64_t *shift, size_t n,
                    const char *path, bool sync);

#endif
