/*
 * pdf.c: PDF through poppler-glib.  The file is opened from memory (no
 * copy: a static GBytes over the caller's buffer); each page's text comes
 * with one rectangle per character (poppler_page_get_text_layout) and the
 * font of each stretch (poppler_page_get_text_attributes).  Characters
 * that stand next to each other on one line in one font make a run (left
 * end, baseline, width, font size, bold from the font's name); the runs of
 * each page go to the layout module (layout.h), which rebuilds lines and
 * paragraphs, sets page headers and footers apart and adds the body to
 * the reading.
 *
 * Refused, with a one-line error naming the file (and the page): a PDF
 * that is truncated (no %%EOF in its last 1024 bytes) or that poppler
 * cannot open (damaged), one that needs a password, one without any text
 * (a scan: "no text layer: scanned PDF, OCR it first"), all LX_ERR_DECODE;
 * more than LX_PDF_MAX_PAGES pages (decided before any page is read) or a
 * page of more than LX_PDF_MAX_PAGE_CHARS characters, LX_ERR_LIMIT.  A
 * page without text in a PDF that has text elsewhere is a diagnostic
 * ("page-no-text").  Time: linear in the characters (poppler's own text
 * extraction aside), memory one page's characters at a time beyond the
 * runs the layout keeps.
 *
 * Poppler-glib reports the syntax errors of a damaged file through
 * g_log at G_LOG_LEVEL_INFO in the "Poppler" domain, which glib's default
 * handler does not print (unless G_MESSAGES_DEBUG asks for it): nothing
 * reaches stderr, and no global log handler is installed here.
 */
#include <poppler.h>
#include <string.h>

#include "layout.h"
#include "reader.h"

/* Limits (documented in reader/README.md). */
#define LX_PDF_MAX_PAGES 5000
#define LX_PDF_MAX_PAGE_CHARS 200000

/* The font of a stretch of characters is bold by its name: poppler gives
 * the base font name, with the subset tag ("ABCDEF+") of embedded
 * subsets. */
static bool font_is_bold(const char *name)
{
	if (!name)
		return false;
	static const char *const words[] = {"bold", "black", "heavy",
	                                    "demi", "semibold"};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcasestr(name, words[i]))
			return true;
	return false;
}

typedef struct page_runs {
	lx_vec runs; /* lx_run, pointing into the page's text */
} page_runs;

/* The font of character index ci: the attribute stretch containing it
 * (*at walks the sorted list forward). */
static const PopplerTextAttributes *attr_at(GList **at, int ci)
{
	while (*at && ((PopplerTextAttributes *)(*at)->data)->end_index < ci)
		*at = (*at)->next;
	if (!*at)
		return NULL;
	const PopplerTextAttributes *a = (*at)->data;
	return a->start_index <= ci ? a : NULL;
}

static bool is_blank(gunichar c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == 0xA0 || c == 0x3000;
}

/* Appends the run cur. */
static int run_end(lx_vec *runs, const lx_run *cur)
{
	lx_run *r = lx_vec_push(runs, sizeof(lx_run));
	if (!r)
		return LX_ERR_NOMEM;
	*r = *cur;
	return LX_OK;
}

/* One page's runs: chars and rects from poppler (n of each).  A run is a
 * stretch of one line in one font whose characters follow each other
 * without a gap; blanks inside it are kept (a space of the text is a
 * character poppler gives, placed where it stands), blanks at its ends
 * are not, but for those before a change of font. */
static int page_to_runs(lx_vec *runs, const char *text,
                        const PopplerRectangle *rc, guint n, GList *attrs,
                        size_t *nonblank)
{
	GList *at = attrs;
	const char *s = text;
	lx_run cur = {0};
	bool open = false;
	double last_x2 = 0, last_size = 0, end_x2 = 0;
	const char *end = NULL; /* the end of cur's last non-blank */
	*nonblank = 0;
	for (guint i = 0; i < n && *s; i++) {
		gunichar c = g_utf8_get_char(s);
		const char *next = g_utf8_next_char(s);
		const PopplerRectangle *q = &rc[i];
		const PopplerTextAttributes *a = attr_at(&at, (int)i);
		double box = q->y2 - q->y1;
		double size = a && a->font_size > 0 && a->font_size < box
		                  ? a->font_size
		                  : box;
		bool bold = a && font_is_bold(a->font_name);
		double base = q->y2 - 0.12 * box;
		bool eol = c == '\n' || c == '\r' || box <= 0;
		bool blank = eol || is_blank(c);
		if (!blank)
			(*nonblank)++;
		/* A run ends at the end of a line, a change of font, line or
		 * size, and where the next character is not where the last one
		 * ended. */
		/* A blank narrower than a fifth of the font size is the
		 * spacing of a justified line that poppler wrote as a space
		 * ("第一 条 刑法 第二"): not text, a break between runs, which
		 * the layout tells from a space by its width. */
		bool thin = blank && !eol && q->x2 - q->x1 < 0.2 * size;
		bool moved = eol || thin || q->x1 - last_x2 > 0.15 * last_size ||
		             last_x2 - q->x1 > 0.5 * last_size ||
		             (!blank && (base - cur.y > 0.3 * size ||
		                         cur.y - base > 0.3 * size));
		bool refont = !blank && (bold != cur.bold ||
		                         size > last_size * 1.05 ||
		                         size < last_size * 0.95);
		if (open && (moved || refont)) {
			/* Where only the font changes, the blanks before the
			 * new font stay with the run: "第一条 为了" with 第一条 in
			 * bold keeps its space. */
			cur.len = (size_t)((moved ? end : s) - cur.text);
			cur.w = end_x2 - cur.x;
			if (run_end(runs, &cur) != LX_OK)
				return LX_ERR_NOMEM;
			open = false;
		}
		if (!blank && !open) {
			cur = (lx_run){.x = q->x1, .y = base, .h = size,
			               .text = s, .bold = bold};
			open = true;
			last_size = size;
		}
		if (open) {
			last_x2 = q->x2;
			if (!blank) {
				end = next;
				end_x2 = q->x2;
			}
		}
		s = next;
	}
	if (open) {
		cur.len = (size_t)(end - cur.text);
		cur.w = end_x2 - cur.x;
		if (run_end(runs, &cur) != LX_OK)
			return LX_ERR_NOMEM;
	}
	return LX_OK;
}

/* Reads page pi (0-based) into the layout.  *chars gets the count of
 * characters other than blanks, *images whether the page shows images. */
static int read_page(lx_layout *L, PopplerDocument *doc, int pi,
                     const char *name, size_t *chars, bool *images,
                     lx_error *err)
{
	PopplerPage *p = poppler_document_get_page(doc, pi);
	if (!p)
		return lx_error_set(err, LX_ERR_DECODE,
		                    "%s: page %d: damaged PDF (the page cannot "
		                    "be read)", name, pi + 1);
	int rc = LX_OK;
	double w = 0, h = 0;
	poppler_page_get_size(p, &w, &h);
	char *text = poppler_page_get_text(p);
	PopplerRectangle *rects = NULL;
	guint n = 0;
	GList *attrs = NULL;
	lx_vec runs = {0};
	*chars = 0;
	*images = false;
	glong nchars = text ? g_utf8_strlen(text, -1) : 0;
	if (text && !g_utf8_validate(text, -1, NULL)) {
		rc = lx_error_set(err, LX_ERR_DECODE,
		                  "%s: page %d: damaged PDF (text that is not "
		                  "UTF-8)", name, pi + 1);
		goto out;
	}
	if (nchars > LX_PDF_MAX_PAGE_CHARS) {
		rc = lx_error_set(err, LX_ERR_LIMIT,
		                  "%s: page %d: %ld characters, more than the "
		                  "limit of %d on a page", name, pi + 1, nchars,
		                  LX_PDF_MAX_PAGE_CHARS);
		goto out;
	}
	if (nchars > 0) {
		if (!poppler_page_get_text_layout(p, &rects, &n) ||
		    (glong)n != nchars) {
			rc = lx_error_set(err, LX_ERR_DECODE,
			                  "%s: page %d: damaged PDF (%ld characters "
			                  "but %u places for them)", name, pi + 1,
			                  nchars, n);
			goto out;
		}
		attrs = poppler_page_get_text_attributes(p);
		if (page_to_runs(&runs, text, rects, n, attrs, chars) !=
		    LX_OK) {
			rc = lx_error_set(err, LX_ERR_NOMEM, "%s: out of memory",
			                  name);
			goto out;
		}
	}
	if (!*chars) {
		GList *im = poppler_page_get_image_mapping(p);
		*images = im != NULL;
		poppler_page_free_image_mapping(im);
	}
	if (lx_layout_page(L, pi + 1, w, h, runs.v, runs.n) != LX_OK)
		rc = lx_error_set(err, LX_ERR_NOMEM, "%s: out of memory", name);
out:
	lx_vec_free(&runs);
	if (attrs)
		poppler_page_free_text_attributes(attrs);
	g_free(rects);
	g_free(text);
	g_object_unref(p);
	return rc;
}

/* Whether %%EOF stands in the last 1024 bytes, as the end of every PDF
 * file has it (ISO 32000-1, 7.5.5; readers look that far back): a file
 * cut short has lost it, and poppler would rebuild what is left without
 * saying so. */
static bool has_eof_marker(const char *buf, size_t len)
{
	size_t tail = len < 1024 ? len : 1024;
	return memmem(buf + len - tail, tail, "%%EOF", 5) != NULL;
}

int lx_read_pdf(lx_reading *r, const char *name, const char *buf,
                size_t len, lx_error *err)
{
	if (!has_eof_marker(buf, len))
		return lx_error_set(err, LX_ERR_DECODE,
		                    "%s: damaged PDF: truncated (no %%%%EOF at "
		                    "its end)", name);
	GBytes *bytes = g_bytes_new_static(buf, len);
	GError *gerr = NULL;
	PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL,
	                                                       &gerr);
	g_bytes_unref(bytes);
	if (!doc) {
		int rc;
		if (gerr && gerr->domain == POPPLER_ERROR &&
		    gerr->code == POPPLER_ERROR_ENCRYPTED)
			rc = lx_error_set(err, LX_ERR_DECODE,
			                  "%s: encrypted PDF: it needs a password "
			                  "(save a copy without one)", name);
		else
			rc = lx_error_set(err, LX_ERR_DECODE,
			                  "%s: damaged PDF: %s", name,
			                  gerr ? gerr->message : "poppler cannot "
			                                         "open it");
		if (gerr)
			g_error_free(gerr);
		return rc;
	}
	int rc = LX_OK;
	int pages = poppler_document_get_n_pages(doc);
	lx_layout *L = NULL;
	if (pages <= 0) {
		rc = lx_error_set(err, LX_ERR_DECODE, "%s: damaged PDF: no pages",
		                  name);
		goto out;
	}
	if (pages > LX_PDF_MAX_PAGES) {
		rc = lx_error_set(err, LX_ERR_LIMIT,
		                  "%s: %d pages, more than the limit of %d", name,
		                  pages, LX_PDF_MAX_PAGES);
		goto out;
	}
	L = lx_layout_new(r);
	if (!L) {
		rc = lx_error_set(err, LX_ERR_NOMEM, "%s: out of memory", name);
		goto out;
	}
	int with_text = 0, scanned = 0;
	for (int i = 0; i < pages && rc == LX_OK; i++) {
		size_t chars = 0;
		bool images = false;
		rc = read_page(L, doc, i, name, &chars, &images, err);
		if (rc != LX_OK)
			break;
		if (chars) {
			with_text++;
			continue;
		}
		scanned += images;
		if (lx_reading_diag(r, LX_SEV_WARNING, "page-no-text", i + 1, 0,
		                    images ? "no text, only images (a scanned "
		                             "page: OCR it, its text is not read)"
		                           : "no text (a blank page, or one whose "
		                             "content cannot be read)") !=
		    LX_OK)
			rc = lx_error_set(err, LX_ERR_NOMEM, "%s: out of memory",
			                  name);
	}
	if (rc == LX_OK && !with_text)
		rc = scanned ? lx_error_set(err, LX_ERR_DECODE,
		                            "%s: no text layer: scanned PDF, OCR "
		                            "it first", name)
		             : lx_error_set(err, LX_ERR_DECODE,
		                            "%s: no text on any of its %d "
		                            "pages (blank pages)", name, pages);
	if (rc == LX_OK && lx_layout_end(L) != LX_OK)
		rc = lx_error_set(err, LX_ERR_NOMEM, "%s: out of memory", name);
out:
	if (L)
		lx_layout_free(L);
	g_object_unref(doc);
	return rc;
}
