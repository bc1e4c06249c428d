/*
 * reader.h: documents as they are published, before decoding: the format
 * is told by the bytes (magic numbers, the parts of a ZIP), never by the
 * file name, and each layout format (DOCX, PDF, OFD, HTML) is read into
 * the same thing: paragraphs with layout and a source position, plus
 * diagnostics.  Plain text (and Markdown) goes on to decode.c as before.
 * Private to the library: parser/parse.c is the only caller.
 */
#ifndef LX_READER_H
#define LX_READER_H

#include <lexcn/doc.h>

#include "../base/util.h"

/* Layout of a paragraph, as far as the format tells it. */
enum {
	LX_RL_CENTERED = 1 << 0, /* centred on the text block (titles) */
	LX_RL_BOLD = 1 << 1,     /* bold throughout */
	LX_RL_HEADING = 1 << 2,  /* a heading style / element */
	LX_RL_INDENTED = 1 << 3, /* a first-line indent */
	LX_RL_TABLE = 1 << 4     /* the text of a table (cells joined) */
};

/* One paragraph of the document as read: its UTF-8 text (no newline; a
 * line break inside a paragraph is a space), where it stands in the
 * source, and its layout. */
typedef struct lx_rline {
	char *text; /* in the reading's arena, NUL-terminated */
	size_t len;
	int page;   /* 1-based page (PDF, OFD), 0 for unpaged formats */
	int pos;    /* paragraph index (DOCX, 1-based), line on the page
	               (PDF, OFD), line of the source (HTML) */
	unsigned flags;
} lx_rline;

/* A diagnostic of the reader (a page footer dropped, a table, text that
 * cannot be recovered...): the message is in the reading's arena. */
typedef struct lx_rdiag {
	lx_severity severity;
	const char *code; /* stable kebab-case, e.g. "page-footer" */
	int page, pos;
	const char *message;
} lx_rdiag;

typedef struct lx_reading {
	lx_source_format format;
	lx_arena arena;
	lx_vec lines; /* lx_rline: the body, in reading order */
	lx_vec apart; /* lx_rline: page headers and footers, footnotes,
	                 comments: kept, but not part of the body */
	lx_vec diags; /* lx_rdiag */
} lx_reading;

/* The format of a file from its first bytes (and, for a ZIP, the names of
 * its parts).  LX_OK with *fmt set: LX_SOURCE_TEXT for anything that may
 * be text (decode.c decides), or a layout format.  LX_ERR_DECODE with a
 * one-line message naming what the file is, for files that are known not
 * to be documents lexcn reads: images (PNG, JPEG, GIF, TIFF, BMP, WebP),
 * old Word .doc / WPS (OLE2: "convert it to DOCX"), SQLite, ELF and other
 * executables, archives (ZIP that is neither DOCX nor OFD, gzip, 7z, RAR),
 * a ZIP bomb's declared size (LX_ERR_LIMIT). */
int lx_reader_detect(const char *name, const char *buf, size_t len,
                     lx_source_format *fmt, lx_error *err);

/* Reads a file of a layout format into *r (emptied first; free it with
 * lx_reading_free, also on failure).  LX_OK; LX_ERR_DECODE for a file
 * that is damaged or has no text to read (a scanned PDF: "no text layer:
 * scanned PDF, OCR it first"), LX_ERR_LIMIT beyond a limit (ZIP bomb,
 * pages, XML nesting), LX_ERR_NOMEM; err names the file (and the page or
 * part where known).  Formats this build cannot read: LX_ERR_DECODE
 * saying so. */
int lx_reader_read(lx_reading *r, lx_source_format fmt, const char *name,
                   const char *buf, size_t len, lx_error *err);

/* The readers, one per format (reader/FORMAT.c), as lx_reader_read
 * calls them. */
int lx_read_docx(lx_reading *r, const char *name, const char *buf,
                 size_t len, lx_error *err);
int lx_read_pdf(lx_reading *r, const char *name, const char *buf,
                size_t len, lx_error *err);
int lx_read_ofd(lx_reading *r, const char *name, const char *buf,
                size_t len, lx_error *err);
int lx_read_html(lx_reading *r, const char *name, const char *buf,
                 size_t len, lx_error *err);

/* Helpers for the readers: a paragraph appended to r->lines (or, with
 * apart, to r->apart), its text copied (whitespace at both ends trimmed;
 * an empty text is not added); a diagnostic.  LX_OK or LX_ERR_NOMEM. */
int lx_reading_add(lx_reading *r, bool apart, const char *text, size_t len,
                   int page, int pos, unsigned flags);
int lx_reading_diag(lx_reading *r, lx_severity sev, const char *code,
                    int page, int pos, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
void lx_reading_free(lx_reading *r);

#endif
