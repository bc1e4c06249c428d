/*
 * doc.c: the document: reading a file, running the stages in order
 * (decode -> clean -> grammar choice -> header metadata -> structure ->
 * body metadata), diagnostics, nodes and getters.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lx_int.h"

void lx_diag_add(lx_doc *d, lx_severity sev, const char *code, int line,
                 const char *fmt, ...)
{
	lx_diag *g = lx_vec_push(&d->diags, sizeof(lx_diag));
	if (!g) {
		d->oom = true;
		return;
	}
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* Truncation ("%.40s", or the buffer) can cut a character in two:
	 * drop the pieces, so that messages stay valid UTF-8. */
	size_t len = strlen(msg), o = 0;
	for (size_t i = 0; i < len;) {
		size_t st = i;
		int32_t c = lx_u8_next(msg, len, &i);
		if (c == 0xFFFD && i - st == 1)
			continue;
		memmove(msg + o, msg + st, i - st);
		o += i - st;
	}
	msg[o] = '\0';
	g->severity = sev;
	g->code = code;
	g->line = line;
	g->message = lx_arena_strdup(&d->arena, msg);
	if (!g->message)
		d->oom = true;
}

lx_node *lx_node_new(lx_doc *d, lx_node_type t, int line)
{
	lx_node *n = lx_arena_alloc(&d->arena, sizeof(lx_node));
	if (!n) {
		d->oom = true;
		return NULL;
	}
	n->type = t;
	n->num = -1;
	n->line_first = n->line_last = line;
	return n;
}

void lx_node_append(lx_node *parent, lx_node *child)
{
	child->parent = parent;
	child->prev = parent->last;
	child->next = NULL;
	if (parent->last)
		parent->last->next = child;
	else
		parent->first = child;
	parent->last = child;
}

const lx_node *lx_node_next_preorder(const lx_node *root, const lx_node *n)
{
	if (n->first)
		return n->first;
	while (n && n != root) {
		if (n->next)
			return n->next;
		n = n->parent;
	}
	return NULL;
}

size_t lx_node_count(const lx_node *root, lx_node_type t)
{
	size_t c = 0;
	for (const lx_node *n = root; n; n = lx_node_next_preorder(root, n))
		c += n->type == t;
	return c;
}

const lx_node *lx_doc_find(const lx_doc *d, const char *eid)
{
	for (const lx_node *n = d->root; n;
	     n = lx_node_next_preorder(d->root, n))
		if (n->eid && !strcmp(n->eid, eid))
			return n;
	return NULL;
}

const char *lx_node_type_name(lx_node_type t)
{
	static const char *const names[] = {
		"body",    "part",      "subpart", "chapter",
		"section", "article",   "paragraph", "item",
		"subitem", "preamble",  "closing"};
	return (size_t)t < sizeof(names) / sizeof(names[0]) ? names[t] : "?";
}

/* Chooses the structure grammar whose detection rule matches most
 * paragraphs; ties go to the grammar loaded first. */
const lx_grammar *lx_detect_grammar(const lx_doc *d, const lx_grammars *set)
{
	const lx_grammar *best = NULL;
	size_t best_n = 0;
	pcre2_match_data *md = pcre2_match_data_create(16, NULL);
	if (!md)
		return NULL;
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
		if (!g) {
			err->code = LX_ERR_GRAMMAR;
			snprintf(err->msg, sizeof(err->msg),
			         "%s: no structure grammar loaded", d->path);
			return LX_ERR_GRAMMAR;
		}
		d->grammar = g->name;
		rc = lx_meta(d, g, meta);
	}
	const lx_grammar *cg = lx_grammars_find(set, "citation");
	if (rc == LX_OK && cg && !(opts && opts->no_citations))
		rc = lx_cite_extract(d, cg);
	if (rc == LX_OK && d->oom)
		rc = LX_ERR_NOMEM;
	if (rc != LX_OK) {
		err->code = rc;
		snprintf(err->msg, sizeof(err->msg), "%s: out of memory",
		         d->path);
	}
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
	lx_text t;
	int rc = lx_decode(&t, name, buf, len, err);
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
		rc = lx_decode(&t, strcmp(path, "-") ? path : "<stdin>",
		               b.s ? b.s : "", b.len, err);
	lx_buf_free(&b);
	if (rc == LX_OK) {
		*out = t.utf8;
		*len = t.len;
		t.utf8 = NULL;
		lx_text_free(&t);
	}
	return rc;
}

void lx_doc_free(lx_doc *d)
{
	if (!d)
		return;
	free(d->articles);
	lx_vec_free(&d->cites);
	lx_vec_free(&d->defs);
	lx_vec_free(&d->history);
	lx_vec_free(&d->repeals);
	lx_vec_free(&d->diags);
	lx_vec_free(&d->header);
	lx_vec_free(&d->back_matter);
	lx_vec_free(&d->paras);
	lx_arena_free(&d->arena);
	free(d);
}

const char *lx_doc_path(const lx_doc *d) { return d->path; }
const char *lx_doc_id(const lx_doc *d) { return d->id; }
const char *lx_doc_title(const lx_doc *d) { return d->title; }
const char *lx_doc_jurisdiction(const lx_doc *d) { return d->jurisdiction; }
const char *lx_doc_type(const lx_doc *d) { return d->type; }
const char *lx_doc_status(const lx_doc *d) { return d->status; }
const char *lx_doc_number(const lx_doc *d) { return d->doc_number; }
const char *lx_doc_issuer(const lx_doc *d) { return d->issuer; }
const char *lx_doc_effective(const lx_doc *d) { return d->effective; }
const char *lx_doc_expires(const lx_doc *d) { return d->expires; }
const char *lx_doc_encoding(const lx_doc *d) { return d->encoding; }
const char *lx_doc_grammar(const lx_doc *d) { return d->grammar; }
const lx_node *lx_doc_body(const lx_doc *d) { return d->root; }
const char *lx_doc_cc(const lx_doc *d) { return d->cc; }
const char *lx_doc_printed_date(const lx_doc *d) { return d->printed_date; }
const char *lx_doc_printed_by(const lx_doc *d) { return d->printed_by; }

const lx_wrapper *lx_doc_wrapper(const lx_doc *d)
{
	return d->has_wrapper ? &d->wrapper : NULL;
}

#define VEC_GETTER(fn, field, T)                                       \
	size_t fn(const lx_doc *d, const T **out)                      \
	{                                                              \
		*out = d->field.v;                                     \
		return d->field.n;                                     \
	}
VEC_GETTER(lx_doc_history, history, lx_event)
VEC_GETTER(lx_doc_repeals, repeals, lx_repeal)
VEC_GETTER(lx_doc_diags, diags, lx_diag)
VEC_GETTER(lx_doc_header, header, lx_text_line)
VEC_GETTER(lx_doc_back_matter, back_matter, lx_text_line)
