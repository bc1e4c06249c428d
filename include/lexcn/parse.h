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

/* Options (a record: fields are only appended, at a major version;
 * zero-initialise it). */
typedef struct lx_parse_opts {
	const lx_grammar *grammar; /* NULL: chosen automatically */
} lx_parse_opts;

/*
 * Parses a file (or standard input for "-") into a new document in *out
 * (NULL on failure; free it with lx_doc_free(), or give it to a set).
 * opts may be NULL.  LX_OK, or LX_ERR_IO (missing, unreadable, a
 * directory), LX_ERR_DECODE, LX_ERR_LIMIT (larger than
 * LX_MAX_INPUT_BYTES, or a tree of more than LX_MAX_NODES nodes: the
 * message names the line where the limit was reached), LX_ERR_GRAMMAR (no
 * structure grammar in set) or
 * LX_ERR_NOMEM, with err->msg naming the file (and the byte offset for
 * decoding errors).  Text that looks wrong never fails the parse: it
 * becomes a diagnostic.  lx_parse_buffer: the same from memory (buf is
 * not kept; `name` names it in messages).
 */
LX_EXTERN int lx_parse_file(lx_doc **out, const lx_grammars *set, const char *path,
                  const lx_parse_opts *opts, lx_error *err);
LX_EXTERN int lx_parse_buffer(lx_doc **out, const lx_grammars *set, const char *name,
                    const char *buf, size_t len, const lx_parse_opts *opts,
                    lx_error *err);
/* Frees a document and everything it owns; NULL is allowed. */
LX_EXTERN void lx_doc_free(lx_doc *doc);
/* Reads a file (or "-") and decodes it to UTF-8 as parsing does, with
 * CRLF and CR turned into LF; *out is malloc'd (free with free()), NULL on
 * failure, *len its length.  LX_OK, LX_ERR_IO, LX_ERR_DECODE, LX_ERR_LIMIT
 * or LX_ERR_NOMEM. */
LX_EXTERN int lx_read_text(const char *path, char **out, size_t *len, lx_error *err);

/* ---- the statute files of a directory ---------------------------------- */

/* Every document below a directory (.md, .markdown, .txt, .docx, .pdf,
 * .ofd, .html, .htm, .xhtml; at most 32 levels deep), sorted by path; the
 * format is then told by the bytes.  A record: path[0..n) are malloc'd
 * strings owned by the record, and so are skipped[0..n_skipped): one line
 * for each entry left out and why ("DIR/a.xlsx: not a document name
 * (.xlsx)"; also README.md, names starting with ".", entries that are not
 * regular files, a .doc or .wps: "old Word or WPS file: convert it to
 * DOCX"), in the order met. */
typedef struct lx_files {
	char **path;
	size_t n;
	char **skipped;
	size_t n_skipped;
} lx_files;
/* Fills *out (emptied first).  Returns LX_OK; LX_ERR_IO when a directory
 * cannot be read (err names it and says why); LX_ERR_NOMEM.  On failure
 * *out is empty.  Free with lx_files_free. */
LX_EXTERN int lx_files_collect(lx_files *out, const char *dir, lx_error *err);
/* Frees the paths and the lines of skipped entries and empties the
 * record; harmless on an empty one. */
LX_EXTERN void lx_files_free(lx_files *f);

/* Chinese numerals: 十一 -> 11, 一百零三 -> 103, 二〇二〇 -> 2020, "45" -> 45.
 * Returns -1 for text that is not a numeral or beyond 2^31. */
LX_EXTERN long lx_cn_number(const char *s, size_t len);
/* The other way, as article labels write them: 11 -> 十一, 103 -> 一百零三,
 * 1260 -> 一千二百六十, 10001 -> 一万零一 (1..99999999).  Writes at most
 * `size` bytes with the NUL;
 * false when n is out of range or it does not fit. */
LX_EXTERN bool lx_cn_format(long n, char *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif
