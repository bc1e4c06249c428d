/*
 * reader.c: which format a file is, told by its bytes; the dispatch to
 * the reader of each layout format (their helpers are in reading.c).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <pthread.h>
#include <libxml/parser.h>
#include <zip.h>

#include "package.h"

static bool starts(const char *buf, size_t len, const char *magic, size_t n)
{
	return len >= n && !memcmp(buf, magic, n);
}

/* What a ZIP holds: DOCX (word/document.xml), OFD (OFD.xml), or another
 * kind named for the message. */
static int zip_kind(const char *name, const char *buf, size_t len,
                    lx_source_format *fmt, lx_error *err)
{
	lx_package p;
	int orc = lx_package_open(&p, name, buf, len, SIZE_MAX, 0, 0, 0, err);
	if (orc != LX_OK) {
		lx_package_close(&p);
		return orc;
	}
	zip_t *z = p.z;
	int rc = LX_OK;
	if (zip_name_locate(z, "word/document.xml", 0) >= 0)
		*fmt = LX_SOURCE_DOCX;
	else if (zip_name_locate(z, "OFD.xml", ZIP_FL_NOCASE) >= 0)
		*fmt = LX_SOURCE_OFD;
	else if (zip_name_locate(z, "xl/workbook.xml", 0) >= 0)
		rc = lx_error_set(err, LX_ERR_DECODE,
		                  "%s: a spreadsheet (XLSX), not a document",
		                  name);
	else if (zip_name_locate(z, "ppt/presentation.xml", 0) >= 0)
		rc = lx_error_set(err, LX_ERR_DECODE,
		                  "%s: a presentation (PPTX), not a document",
		                  name);
	else if (zip_name_locate(z, "content.xml", 0) >= 0)
		rc = lx_error_set(err, LX_ERR_DECODE,
		                  "%s: an OpenDocument file (ODT/ODS): convert "
		                  "it to DOCX",
		                  name);
	else
		rc = lx_error_set(err, LX_ERR_DECODE,
		                  "%s: a ZIP archive that is neither DOCX nor "
		                  "OFD",
		                  name);
	lx_package_close(&p);
	return rc;
}

/* An HTML page: <!DOCTYPE html or <html near the start (after a BOM,
 * whitespace, comments or an XML declaration). */
static bool is_html(const char *buf, size_t len)
{
	size_t n = len < 1024 ? len : 1024, i = 0;
	if (starts(buf, len, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < n && strchr(" \t\r\n", buf[i]))
		i++;
	if (i >= n || buf[i] != '<')
		return false;
	for (; i + 5 < n; i++) {
		if (buf[i] != '<')
			continue;
		if ((i + 14 <= n && !strncasecmp(buf + i, "<!doctype html", 14)) ||
		    !strncasecmp(buf + i, "<html", 5))
			return true;
	}
	return false;
}

int lx_reader_detect(const char *name, const char *buf, size_t len,
                     lx_source_format *fmt, lx_error *err)
{
	static const struct {
		const char *magic;
		size_t n;
		const char *what;
	} not_docs[] = {
		{"\x89PNG\r\n\x1a\n", 8, "a PNG image, not a document"},
		{"\xff\xd8\xff", 3, "a JPEG image, not a document"},
		{"GIF87a", 6, "a GIF image, not a document"},
		{"GIF89a", 6, "a GIF image, not a document"},
		{"II*\0", 4, "a TIFF image, not a document"},
		{"MM\0*", 4, "a TIFF image, not a document"},
		{"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8,
		 "an old Word .doc, WPS or other OLE2 Office file, which lexcn "
		 "does not read: convert it to DOCX"},
		{"SQLite format 3\0", 16, "an SQLite database, not a document"},
		{"\x7f" "ELF", 4, "an executable (ELF), not a document"},
		{"\xcf\xfa\xed\xfe", 4, "an executable (Mach-O), not a document"},
		{"\x1f\x8b", 2, "a gzip archive, not a document"},
		{"7z\xbc\xaf\x27\x1c", 6, "a 7z archive, not a document"},
		{"Rar!\x1a\x07", 6, "a RAR archive, not a document"},
		{"\xfd" "7zXZ\0", 6, "an xz archive, not a document"},
	};
	*fmt = LX_SOURCE_TEXT;
	for (size_t i = 0; i < sizeof(not_docs) / sizeof(not_docs[0]); i++)
		if (starts(buf, len, not_docs[i].magic, not_docs[i].n))
			return lx_error_set(err, LX_ERR_DECODE, "%s: %s", name,
			                    not_docs[i].what);
	if (starts(buf, len, "RIFF", 4) && len >= 12 &&
	    !memcmp(buf + 8, "WEBP", 4))
		return lx_error_set(err, LX_ERR_DECODE,
		                    "%s: a WebP image, not a document", name);
	/* A Windows executable: MZ, and PE\0\0 where its header says. */
	if (starts(buf, len, "MZ", 2) && len >= 64) {
		size_t pe = (unsigned char)buf[60] |
		            (size_t)(unsigned char)buf[61] << 8 |
		            (size_t)(unsigned char)buf[62] << 16;
		if (pe + 4 <= len && !memcmp(buf + pe, "PE\0\0", 4))
			return lx_error_set(err, LX_ERR_DECODE,
			                    "%s: an executable (PE), not a "
			                    "document",
			                    name);
	}
	if (starts(buf, len, "PK\x03\x04", 4) ||
	    starts(buf, len, "PK\x05\x06", 4))
		return zip_kind(name, buf, len, fmt, err);
	/* %PDF- within the first 1024 bytes (the standard allows junk
	 * before it). */
	size_t head = len < 1024 ? len : 1024;
	if (head >= 5 && memmem(buf, head, "%PDF-", 5)) {
		*fmt = LX_SOURCE_PDF;
		return LX_OK;
	}
	if (is_html(buf, len))
		*fmt = LX_SOURCE_HTML;
	return LX_OK;
}

/* libxml2 initialises its globals on first use, and two threads doing it
 * at once race (ASan caught a mutex of it leaked when `lexcn parse`'s
 * workers read DOCX files together): its documentation asks for
 * xmlInitParser before threads use it.  Once per process, before any
 * reader runs; the flag is the only state, set once. */
static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
	xmlInitParser();
}

int lx_reader_read(lx_reading *r, lx_source_format fmt, const char *name,
                   const char *buf, size_t len, lx_error *err)
{
	pthread_once(&xml_once, xml_init);
	memset(r, 0, sizeof(*r));
	r->format = fmt;
	switch (fmt) {
	case LX_SOURCE_TEXT:
		break;
	case LX_SOURCE_DOCX:
		return lx_read_docx(r, name, buf, len, err);
	case LX_SOURCE_PDF:
		return lx_read_pdf(r, name, buf, len, err);
	case LX_SOURCE_OFD:
		return lx_read_ofd(r, name, buf, len, err);
	case LX_SOURCE_HTML:
		return lx_read_html(r, name, buf, len, err);
	}
	return lx_error_set(err, LX_ERR_USAGE, "%s: not a layout format",
	                    name);
}
