/*
 * lexcn/common.h: what every module of liblexcn shares: the export marker,
 * the version, the error codes and the error record.
 *
 * Errors: every function that can fail returns an lx_code (LX_OK, 0, on
 * success; a negative LX_ERR_ value otherwise) and, where it takes an
 * `lx_error *err`, fills it with the same code and a one-line message that
 * names the file (and line) where known.  `err` may be NULL.  Functions
 * on a handle (an index) keep the message of their last failure in the
 * handle as well.  No function reports through a static, a thread-local or
 * an exception.
 *
 * Text: every string in and out is UTF-8.  Offsets into text are in BYTES
 * of its UTF-8, everywhere (citation spans, token spans, highlights,
 * figures), so that they index the string a getter returns.
 */
#ifndef LEXCN_COMMON_H
#define LEXCN_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Marks the functions a shared liblexcn exports; everything else is built
 * with hidden visibility. */
#if defined(__GNUC__) && !defined(LX_STATIC_ONLY)
#define LX_EXTERN __attribute__((visibility("default")))
#else
#define LX_EXTERN
#endif

#define LX_VERSION_MAJOR 0
#define LX_VERSION_MINOR 2
#define LX_VERSION_PATCH 0
#define LX_VERSION_STRING "0.2.0"
/* The version as one number, and a compile-time check:
 * #if LX_VERSION_CHECK(0, 2, 0) ... headers of 0.2.0 or later. */
#define LX_VERSION_NUMBER(major, minor, patch)                              \
	(((major) << 16) | ((minor) << 8) | (patch))
#define LX_VERSION                                                          \
	LX_VERSION_NUMBER(LX_VERSION_MAJOR, LX_VERSION_MINOR, LX_VERSION_PATCH)
#define LX_VERSION_CHECK(major, minor, patch)                               \
	(LX_VERSION >= LX_VERSION_NUMBER(major, minor, patch))

/* The version of the library linked at run time (LX_VERSION_NUMBER form),
 * and as a string ("0.2.0", static). */
LX_EXTERN int lx_version(void);
LX_EXTERN const char *lx_version_string(void);

/* Error codes: 0 is success, negative values are failures. */
typedef enum lx_code {
	LX_OK = 0,
	LX_ERR_IO = -1,        /* a file missing, unreadable, a directory; an
	                          output that cannot be written */
	LX_ERR_DECODE = -2,    /* bytes that are not text in any supported
	                          encoding */
	LX_ERR_NOMEM = -3,
	LX_ERR_GRAMMAR = -4,   /* a grammar file that does not load, or a
	                          grammar that is missing */
	LX_ERR_LIMIT = -5,     /* input beyond a documented limit */
	LX_ERR_USAGE = -6,     /* a bad argument or query */
	LX_ERR_NOT_FOUND = -7, /* no such document, article or index */
	LX_ERR_EXISTS = -8,    /* it is there already */
	LX_ERR_AMBIGUOUS = -9, /* a name that matches more than one thing */
	LX_ERR_LOCKED = -10,   /* another writer holds the index's lock */
	LX_ERR_DAMAGED = -11,  /* a damaged index; a document tree that does
	                          not hold its source's text
	                          (lx_doc_check_text) */
	LX_ERR_CHANGED = -12,  /* a writer overwrote the revision being read:
	                          reopen and read again */
	LX_ERR_INDEX = -13,    /* any other failure of the index engine */
	LX_ERR_INTERRUPTED = -14, /* stopped on request (lx_build_opts.stop:
	                             SIGINT, SIGTERM); what was committed
	                             stays, and opens */
	LX_ERR_WRITE = -15     /* the index cannot be written: a full disk,
	                          a quota, an I/O error (what was committed
	                          before stays) */
} lx_code;

/* A stable lower-case name of a code ("nomem", "not-found"), static. */
LX_EXTERN const char *lx_code_name(int code);

/* An error: the code and a one-line message, filled by the function that
 * failed (the caller owns the record; nothing in it needs freeing). */
typedef struct lx_error {
	int code;
	char msg[1024];
} lx_error;

/* Limits enforced with clear errors (documented in lexcn --help). */
#define LX_MAX_INPUT_BYTES ((size_t)256 * 1024 * 1024)
/* Book-title marks 《〈 nested deeper than this in one text: a diagnostic
 * (nesting-limit) and no document references taken from that text. (The
 * tree itself is at most 编/章/节/条/款/项/目 deep: node types are fixed.) */
#define LX_MAX_NESTING 8
/* Nodes in one document tree (the body and everything under it): beyond
 * it the parse fails with LX_ERR_LIMIT, "FILE:LINE: more than N nodes (the
 * limit)", LINE the source line where the limit was reached.  (The most in
 * ../shared/corpus/lawrefbook: 2,559 nodes.) */
#define LX_MAX_NODES 1000000
/* References (citations) taken from the text of one node (a paragraph, an
 * item, a heading): beyond it a diagnostic (citation-limit) and no more
 * references taken from that text; its text is kept.  (The most in
 * ../shared/corpus/lawrefbook: 37 in one paragraph.) */
#define LX_MAX_CITES_PER_TEXT 1000

#ifdef __cplusplus
}
#endif

#endif
