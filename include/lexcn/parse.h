/*
 * lexcn/parse.h: from bytes to a document: decoding, clean-up of
 * extraction artifacts, structure from a grammar, metadata.
 *
 * Data flows raw bytes -> decode -> clean-up -> structure (grammar) ->
 * metadata -> the tree (lexcn/doc.h); citations are the next step
 * (lexcn/cite.h: lx_cite_find).
 */
#ifndef LEXCN_PARSE_H
#define LEXCN_PARSE_H

#include "doc.h"
#include "grammar.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lx_parse_opts {
	const lx_grammar *grammar; /* NULL: chosen automatically */
} lx_parse_opts;

/*
 * Parses a file (or standard input for "-").  On success *out owns the
 * document.  Returns 0, or a negative code with err->msg naming the file
 * (and the byte offset for decoding errors).  Text that looks wrong never
 * fails the parse: it becomes a diagnostic.
 */
LX_EXTERN int lx_parse_file(lx_doc **out, const lx_grammars *set, const char *path,
                  const lx_parse_opts *opts, lx_error *err);
LX_EXTERN int lx_parse_buffer(lx_doc **out, const lx_grammars *set, const char *name,
                    const char *buf, size_t len, const lx_parse_opts *opts,
                    lx_error *err);
LX_EXTERN void lx_doc_free(lx_doc *doc);
/* Reads a file (or "-") and decodes it to UTF-8 as parsing does, with
 * CRLF and CR turned into LF; *out is malloc'd. */
LX_EXTERN int lx_read_text(const char *path, char **out, size_t *len, lx_error *err);

/* Chinese numerals: 十一 -> 11, 一百零三 -> 103, 二〇二〇 -> 2020, "45" -> 45.
 * Returns -1 for text that is not a numeral or beyond 2^31. */
LX_EXTERN long lx_cn_number(const char *s, size_t len);
/* The other way, as article labels write them: 11 -> 十一, 103 -> 一百零三,
 * 1260 -> 一千二百六十 (1..9999).  Writes at most `size` bytes with the NUL;
 * false when n is out of range or it does not fit. */
LX_EXTERN bool lx_cn_format(long n, char *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif
