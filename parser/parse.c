/*
 * parse.c: the driver: reading a file, then the stages in order
 * (decode -> clean -> grammar choice -> header metadata -> structure ->
 * body metadata).  Citations are the next layer (cite/: lx_cite_find).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lx_int.h"
#include "../reader/reader.h"

/* Chooses the structure grammar whose detection rule matches most
 * paragraphs; ties go to the grammar loaded first.  NULL when there is
 * none, or when out of memory (d->oom set). */
const lx_grammar *lx_detect_grammar(lx_doc *d, const lx_grammars *set)
{
	const lx_grammar *best = NULL;
	size_t best_n = 0;
	pcre2_match_data *md = pcre2_match_data_create(16, NULL);
	if (!md) {
		d->oom = true;
		return NULL;
	}
	for (size_t gi = 0; gi < set->grammars.n; gi++) {
		const lx_grammar *g =
			LX_VEC_AT(&set->grammars, lx_grammar *, gi);
		if (!g->is_structure)
			continue;
		size_t count = 0;
		lx_match m;
		for (size_t i = 0; i < d->paras.n; i++) {
			const lx_para *p = &LX_VEC_AT(&d->paras, lx_para, i);
			if (p->kind != LX_PARA_INFO_END &&
			    p->kind != LX_PARA_RULE &&
			    lx_match_key(g, g->detect, p->text, p->len, md,
			                 &m))
				count++;
		}
		if (!best || count > best_n) {
			best = g;
			best_n = count;
		}
	}
	pcre2_match_data_free(md);
	return best;
}

static int parse_text(lx_doc *d, const lx_grammars *set, const lx_text *t,
                      const lx_parse_opts *opts, lx_error *err)
{
	const lx_grammar *meta = lx_grammars_meta(set);
	if (!meta) {
		err->code = LX_ERR_GRAMMAR;
		snprintf(err->msg, sizeof(err->msg),
		         "no metadata grammar loaded");
		return LX_ERR_GRAMMAR;
	}
	d->encoding = t->encoding;
	int rc = lx_clean(d, t, set);
	const lx_grammar *g = NULL;
	if (rc == LX_OK) {
		g = opts && opts->grammar ? opts->grammar
		                          : lx_detect_grammar(d, set);
		if (!g && d->oom)
			return lx_error_set(err, LX_ERR_NOMEM,
			                    "%s: out of memory", d->path);
		if (!g) {
			err->code = LX_ERR_GRAMMAR;
			snprintf(err->msg, sizeof(err->msg),
			         "%s: no structure grammar loaded", d->path);
			return LX_ERR_GRAMMAR;
		}
		d->grammar = g->name;
		lx_body_span span;
		rc = lx_meta_header(d, g, meta, &span);
		if (rc == LX_OK)
			rc = lx_structure(d, g, meta, span.start, span.end);
		if (rc == LX_OK)
			rc = lx_meta_body(d, g, meta, &span);
	}
	if (rc == LX_OK && (d->oom || d->arena.oom))
		rc = LX_ERR_NOMEM;
	if (rc == LX_ERR_LIMIT)
		return lx_error_set(err, rc, "%s:%d: more than %d nodes (the "
		                    "limit)", d->path, d->nodes_over_line,
		                    LX_MAX_NODES);
	if (rc != LX_OK) {
		err->code = rc;
		snprintf(err->msg, sizeof(err->msg), "%s: out of memory",
		         d->path);
	}
	return rc;
}

/* A layout format read (reader/) as the text the stages read: one line
 * per paragraph.  Where each line stands goes to *pos (when not NULL). */
static int reading_text(const lx_reading *r, lx_text *t, lx_vec *pos,
                        const char *name, lx_error *err)
{
	memset(t, 0, sizeof(*t));
	t->encoding = "UTF-8";
	t->paragraphs = true;
	lx_buf b = {0};
	for (size_t i = 0; i < r->lines.n; i++) {
		const lx_rline *l = &LX_VEC_AT(&r->lines, lx_rline, i);
		lx_buf_add(&b, l->text, l->len);
		lx_buf_add(&b, "\n", 1);
		lx_srcpos *sp = pos ? lx_vec_push(pos, sizeof(*sp)) : NULL;
		if (sp)
			*sp = (lx_srcpos){l->page, l->pos};
		else if (pos)
			b.oom = true;
	}
	t->len = b.len;
	t->utf8 = lx_buf_take(&b);
	if (!t->utf8)
		return lx_error_set(err, LX_ERR_NOMEM, "%s: out of memory",
		                    name);
	for (size_t i = 0, at = 0; i < r->lines.n; i++) {
		const lx_rline *l = &LX_VEC_AT(&r->lines, lx_rline, i);
		lx_line *ln = lx_vec_push(&t->lines, sizeof(lx_line));
		if (!ln)
			return lx_error_set(err, LX_ERR_NOMEM,
			                    "%s: out of memory", name);
		*ln = (lx_line){t->utf8 + at, l->len, (int)i + 1};
		at += l->len + 1;
	}
	return LX_OK;
}

/* The text of a file's bytes: decoded (text), or read from its layout
 * format; d (when not NULL) gets the format, the source positions and
 * the reader's diagnostics. */
static int load_text(lx_doc *d, const char *name, const char *buf,
                     size_t len, lx_text *t, lx_error *err)
{
	memset(t, 0, sizeof(*t));
	lx_source_format fmt;
	int rc = lx_reader_detect(name, buf, len, &fmt, err);
	if (rc != LX_OK)
		return rc;
	if (d)
		d->format = fmt;
	if (fmt == LX_SOURCE_TEXT)
		return lx_decode(t, name, buf, len, err);
	lx_reading r;
	rc = lx_reader_read(&r, fmt, name, buf, len, err);
	if (rc == LX_OK)
		rc = reading_text(&r, t, d ? &d->srcpos : NULL, name, err);
	for (size_t i = 0; d && rc == LX_OK && i < r.diags.n; i++) {
		const lx_rdiag *g = &LX_VEC_AT(&r.diags, lx_rdiag, i);
		if (g->page)
			lx_diag_add(d, g->severity, g->code, 0, "page %d: %s",
			            g->page, g->message);
		else
			lx_diag_add(d, g->severity, g->code, g->pos, "%s",
			            g->message);
	}
	lx_reading_free(&r);
	return rc;
}

int lx_parse_buffer(lx_doc **out, const lx_grammars *set, const char *name,
                    const char *buf, size_t len, const lx_parse_opts *opts,
                    lx_error *err)
{
	lx_error dummy;
	if (!err)
		err = &dummy;
	*out = NULL;
	lx_doc *d = calloc(1, sizeof(*d));
	if (!d) {
		err->code = LX_ERR_NOMEM;
		snprintf(err->msg, sizeof(err->msg), "%s: out of memory",
		         name);
		return LX_ERR_NOMEM;
	}
	d->path = lx_arena_strdup(&d->arena, name);
	if (!d->path) {
		lx_doc_free(d);
		return lx_error_set(err, LX_ERR_NOMEM, "%s: out of memory", name);
	}
	lx_text t;
	int rc = load_text(d, name, buf, len, &t, err);
	if (rc == LX_OK)
		rc = parse_text(d, set, &t, opts, err);
	lx_text_free(&t);
	lx_vec_free(&d->paras);
	if (rc != LX_OK) {
		lx_doc_free(d);
		return rc;
	}
	*out = d;
	return LX_OK;
}

/* Reads the bytes of a file or of standard input ("-"). */
static int read_bytes(const char *path, lx_buf *b, lx_error *err)
{
	bool is_stdin = !strcmp(path, "-");
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	if (!f) {
		err->code = LX_ERR_IO;
		snprintf(err->msg, sizeof(err->msg), "%s: %s", path,
		         strerror(errno));
		return LX_ERR_IO;
	}
	struct stat st;
	if (!is_stdin && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		err->code = LX_ERR_IO;
		snprintf(err->msg, sizeof(err->msg),
		         "%s: is a directory, not a file", path);
		return LX_ERR_IO;
	}
	char chunk[1 << 16];
	size_t n;
	bool too_big = false;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b->len + n > LX_MAX_INPUT_BYTES) {
			too_big = true;
			break;
		}
		lx_buf_add(b, chunk, n);
		if (b->oom)
			break;
	}
	int rd_err = ferror(f) ? errno : 0;
	if (!is_stdin)
		fclose(f);
	int rc;
	if (too_big) {
		err->code = rc = LX_ERR_LIMIT;
		snprintf(err->msg, sizeof(err->msg),
		         "%s: larger than the limit of %zu bytes", path,
		         LX_MAX_INPUT_BYTES);
	} else if (b->oom) {
		err->code = rc = LX_ERR_NOMEM;
		snprintf(err->msg, sizeof(err->msg), "%s: out of memory", path);
	} else if (rd_err) {
		err->code = rc = LX_ERR_IO;
		snprintf(err->msg, sizeof(err->msg), "%s: read error: %s",
		         path, strerror(rd_err));
	} else {
		rc = LX_OK;
	}
	return rc;
}

int lx_parse_file(lx_doc **out, const lx_grammars *set, const char *path,
                  const lx_parse_opts *opts, lx_error *err)
{
	lx_error dummy;
	if (!err)
		err = &dummy;
	*out = NULL;
	lx_buf b = {0};
	int rc = read_bytes(path, &b, err);
	if (rc == LX_OK)
		rc = lx_parse_buffer(out, set,
		                     strcmp(path, "-") ? path : "<stdin>",
		                     b.s ? b.s : "", b.len, opts, err);
	lx_buf_free(&b);
	return rc;
}

int lx_read_text(const char *path, char **out, size_t *len, lx_error *err)
{
	lx_error dummy;
	if (!err)
		err = &dummy;
	*out = NULL;
	*len = 0;
	lx_buf b = {0};
	int rc = read_bytes(path, &b, err);
	lx_text t;
	if (rc == LX_OK)
		rc = load_text(NULL, strcmp(path, "-") ? path : "<stdin>",
		               b.s ? b.s : "", b.len, &t, err);
	lx_buf_free(&b);
	if (rc == LX_OK) {
		*out = t.utf8;
		*len = t.len;
		t.utf8 = NULL;
		lx_text_free(&t);
	}
	return rc;
}

