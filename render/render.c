/*
 * render.c: documents -> JSON (schema/document.schema.json), JSONL (one
 * article per line) and a text outline a person can read.
 */
#include <jansson.h>
#include <string.h>

#include "../parser/lx_int.h"
#include "render_int.h"

static const char *sev_name(lx_severity s)
{
	return s == LX_SEV_ERROR ? "error" : s == LX_SEV_WARNING ? "warning"
	                                                         : "info";
}

/* The page a line of the text read stands on (PDF, OFD), or 0. */
static int page_of(const lx_doc *d, int line)
{
	if (line < 1 || (size_t)line > d->srcpos.n)
		return 0;
	return LX_VEC_AT(&d->srcpos, lx_srcpos, (size_t)line - 1).page;
}

/* Node to JSON; depth is bounded by the grammar levels (at most 10). */
static json_t *node_json(const lx_doc *d, const lx_node *n)
{
	bool ok = true;
	json_t *o = json_object();
	SET(o, "type", json_string(lx_node_type_name(n->type)));
	SET(o, "num",
	                    n->num >= 0 ? json_integer(n->num) : json_null());
	SET(o, "label", lx_json_str(n->label));
	SET(o, "heading", lx_json_str(n->heading));
	SET(o, "text", lx_json_str(n->text));
	SET(o, "eid", lx_json_str(n->eid));
	json_t *lines = json_array();
	ADD(lines, json_integer(n->line_first));
	ADD(lines, json_integer(n->line_last));
	SET(o, "lines", lines);
	int pa = page_of(d, n->line_first), pb = page_of(d, n->line_last);
	if (pa && pb) {
		json_t *pages = json_array();
		ADD(pages, json_integer(pa));
		ADD(pages, json_integer(pb));
		SET(o, "pages", pages);
	}
	if (n->n_agencies) {
		json_t *a = json_array();
		for (size_t i = 0; i < n->n_agencies; i++)
			ADD(a, json_string(n->agencies[i]));
		SET(o, "agencies", a);
	}
	json_t *kids = json_array();
	for (const lx_node *c = n->first; c; c = c->next)
		ADD(kids, node_json(d, c));
	SET(o, "children", kids);
	return lx_json_done(o, ok);
}

/* Characters (code points) in the first `bytes` bytes of s. */
static size_t cps(const char *s, size_t bytes)
{
	size_t n = 0;
	for (size_t i = 0; i < bytes; n++)
		i = lx_u8_fwd(s, i, bytes);
	return n;
}

json_t *lx_cite_json(const lx_cite *c, lx_cps_cursor *cur)
{
	bool ok = true;
	/* The span in characters of the node's text (the schema's unit);
	 * the citation holds bytes.  Counted on from the cursor when the
	 * citation is later in the same text: the citations of a paragraph
	 * come in text order, and counting each from the start of the text
	 * made a paragraph of n references cost n^2. */
	size_t start;
	if (cur && cur->src == c->src && cur->byte <= c->start) {
		start = cur->cp + cps(c->src + cur->byte, c->start - cur->byte);
	} else {
		start = cps(c->src, c->start);
	}
	if (cur)
		*cur = (lx_cps_cursor){c->src, c->start, start};
	size_t end = start + cps(c->src + c->start, c->end - c->start);
	json_t *o = json_object();
	SET(o, "doc", lx_json_str(c->doc));
	SET(o, "from", lx_json_str(c->from));
	SET(o, "text", lx_json_str(c->text));
	SET(o, "span", json_pack("[II]", (json_int_t)start,
	                                         (json_int_t)end));
	SET(o, "kind", lx_json_str(lx_cite_kind_name(c->kind)));
	SET(o, "relation",
	                    lx_json_str(lx_cite_relation_name(c->relation)));
	SET(o, "title", lx_json_str(c->title));
	SET(o, "doc_number", lx_json_str(c->doc_number));
	json_t *t = json_array();
	for (size_t i = 0; i < c->n_targets; i++)
		ADD(t, json_pack("{s:o,s:o}", "doc",
		                                   lx_json_str(c->targets[i].doc), "eid",
		                                   lx_json_str(c->targets[i].eid)));
	SET(o, "targets", t);
	SET(o, "resolved", json_boolean(c->resolved));
	SET(o, "reason", lx_json_str(c->reason));
	return lx_json_done(o, ok);
}

static json_t *lines_json(const lx_text_line *l, size_t n)
{
	bool ok = true;
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		SET(o, "line", json_integer(l[i].line));
		SET(o, "text", lx_json_str(l[i].text));
		ADD(a, o);
	}
	return lx_json_done(a, ok);
}

static json_t *doc_json(const lx_doc *d)
{
	bool ok = true;
	json_t *o = json_object();
	SET(o, "id", lx_json_str(d->id));
	SET(o, "work", lx_json_str(d->work));
	SET(o, "version", lx_json_str(d->version));
	SET(o, "title", lx_json_str(d->title));
	SET(o, "jurisdiction", lx_json_str(d->jurisdiction));
	SET(o, "type", lx_json_str(d->type));
	SET(o, "status", lx_json_str(d->status));
	SET(o, "doc_number", lx_json_str(d->doc_number));
	SET(o, "issuer", lx_json_str(d->issuer));
	json_t *h = json_array();
	for (size_t i = 0; i < d->history.n; i++) {
		const lx_event *e = &LX_VEC_AT(&d->history, lx_event, i);
		json_t *ev = json_object();
		SET(ev, "date", lx_json_str(e->date));
		SET(ev, "action", lx_json_str(e->action));
		SET(ev, "by", lx_json_str(e->by));
		SET(ev, "body", lx_json_str(e->body));
		SET(ev, "line", json_integer(e->line));
		ADD(h, ev);
	}
	SET(o, "history", h);
	SET(o, "effective", lx_json_str(d->effective));
	SET(o, "expires", lx_json_str(d->expires));
	json_t *r = json_array();
	for (size_t i = 0; i < d->repeals.n; i++) {
		const lx_repeal *rp = &LX_VEC_AT(&d->repeals, lx_repeal, i);
		json_t *ro = json_object();
		SET(ro, "title", lx_json_str(rp->title));
		SET(ro, "doc_number", lx_json_str(rp->doc_number));
		ADD(r, ro);
	}
	SET(o, "repeals", r);
	json_t *na = json_array();
	for (size_t i = 0; i < d->notes.n; i++) {
		const lx_note *nt = &LX_VEC_AT(&d->notes, lx_note, i);
		ADD(
			na, json_pack("{s:s?,s:s?,s:s?,s:s?,s:s?,s:i}", "eid",
			              nt->eid, "op", nt->op, "source", nt->source,
			              "source_id", nt->source_id, "date", nt->date,
			              "line", nt->line));
	}
	SET(o, "notes", na);
	if (d->has_wrapper) {
		json_t *w = json_object();
		SET(w, "title", lx_json_str(d->wrapper.title));
		SET(w, "doc_number",
		                    lx_json_str(d->wrapper.doc_number));
		SET(w, "issuer", lx_json_str(d->wrapper.issuer));
		SET(w, "date", lx_json_str(d->wrapper.date));
		SET(w, "addressees",
		                    lx_json_str(d->wrapper.addressees));
		SET(w, "text", lx_json_str(d->wrapper.text));
		SET(o, "wrapper", w);
	} else {
		SET(o, "wrapper", json_null());
	}
	json_t *src = json_object();
	SET(src, "path", lx_json_str(d->path));
	SET(src, "format",
	                    json_string(lx_source_format_name(d->format)));
	SET(src, "encoding", lx_json_str(d->encoding));
	SET(src, "grammar", lx_json_str(d->grammar));
	SET(o, "source", src);
	SET(o, "header",
	                    lines_json(d->header.v, d->header.n));
	json_t *body = json_array();
	if (d->root)
		for (const lx_node *c = d->root->first; c; c = c->next)
			ADD(body, node_json(d, c));
	SET(o, "body", body);
	SET(o, "back_matter",
	                    lines_json(d->back_matter.v, d->back_matter.n));
	SET(o, "cc", lx_json_str(d->cc));
	if (d->printed_date || d->printed_by)
		SET(o, "printed",
		                    json_pack("{s:o,s:o}", "date",
		                              lx_json_str(d->printed_date), "by",
		                              lx_json_str(d->printed_by)));
	else
		SET(o, "printed", json_null());
	json_t *cites = json_array();
	lx_cps_cursor cur = {0};
	for (size_t i = 0; i < d->cites.n; i++)
		ADD(
			cites, lx_cite_json(&LX_VEC_AT(&d->cites, lx_cite, i), &cur));
	SET(o, "citations", cites);
	json_t *defs = json_array();
	for (size_t i = 0; i < d->defs.n; i++) {
		const lx_definition *df = &LX_VEC_AT(&d->defs, lx_definition, i);
		ADD(defs, json_pack("{s:o,s:o,s:o}", "term",
		                                      lx_json_str(df->term), "eid",
		                                      lx_json_str(df->eid), "text",
		                                      lx_json_str(df->text)));
	}
	SET(o, "definitions", defs);
	json_t *dg = json_array();
	for (size_t i = 0; i < d->diags.n; i++) {
		const lx_diag *g = &LX_VEC_AT(&d->diags, lx_diag, i);
		json_t *go = json_object();
		SET(go, "severity",
		                    json_string(sev_name(g->severity)));
		SET(go, "code", json_string(g->code));
		SET(go, "line", g->line ? json_integer(g->line)
		                                        : json_null());
		SET(go, "message", lx_json_str(g->message));
		ADD(dg, go);
	}
	SET(o, "diagnostics", dg);
	return lx_json_done(o, ok);
}

/* A separator before more text, unless b holds nothing after `from` (the
 * start of the text being built). */
static void add_sep(lx_buf *b, size_t from, const char *sep)
{
	if (b->len > from)
		lx_buf_adds(b, sep);
}

/* lx_article_text's text, appended to b. */
static void article_text(lx_buf *b, const lx_node *a)
{
	size_t from = b->len;
	if (a->label)
		lx_buf_adds(b, a->label);
	if (a->heading) {
		lx_buf_adds(b, "【");
		lx_buf_adds(b, a->heading);
		lx_buf_adds(b, "】");
	}
	bool first = true;
	for (const lx_node *n = a->first; n; n = lx_node_next_preorder(a, n)) {
		if (n->type == LX_NODE_PARAGRAPH && !first)
			add_sep(b, from, "\n");
		else if (n->type != LX_NODE_PARAGRAPH)
			add_sep(b, from, "\n");
		else if (b->len > from)
			lx_buf_adds(b, " ");
		first = false;
		if (n->label)
			lx_buf_adds(b, n->label);
		if (n->text)
			lx_buf_adds(b, n->text);
	}
}

char *lx_article_text(const lx_node *a)
{
	lx_buf b = {0};
	article_text(&b, a);
	return lx_buf_take(&b);
}

/* lx_node_heading's text, appended to b. */
static void node_heading(lx_buf *b, const lx_node *n)
{
	size_t from = b->len;
	if (n->label)
		lx_buf_adds(b, n->label);
	if (n->heading) {
		add_sep(b, from, " ");
		lx_buf_adds(b, n->heading);
	}
}

char *lx_node_heading(const lx_node *n)
{
	lx_buf b = {0};
	node_heading(&b, n);
	return lx_buf_take(&b);
}

/* The heading path of JSONL, outermost first, as JSON strings each
 * followed by a comma (the caller drops the last); an unlabelled node
 * says so.  tmp is scratch.  Depth is bounded by the grammar levels. */
static bool put_path(lx_buf *b, lx_buf *tmp, const lx_node *p)
{
	if (!p || p->type == LX_NODE_ROOT)
		return true;
	if (!put_path(b, tmp, p->parent))
		return false;
	tmp->len = 0;
	node_heading(tmp, p);
	if (tmp->oom)
		return false;
	bool ok = tmp->len
		? lx_json_put_strn(b, tmp->s, tmp->len)
		: lx_json_put_str(b, p->type == LX_NODE_CHAPTER
		                             ? "(unlabelled chapter)"
		                             : "(unlabelled)");
	lx_buf_add(b, ",", 1);
	return ok;
}

/* Appends key (its punctuation included: "{\"doc\":", ",\"eid\":") and
 * the string s (or null). */
static bool put_member(lx_buf *b, const char *key, const char *s)
{
	lx_buf_adds(b, key);
	return lx_json_put_str(b, s);
}

/* One line per article, written directly (not through jansson: building
 * and dumping its trees was 30% of the samples of `lexcn parse --format
 * jsonl`); byte for byte what json_dumpf(JSON_COMPACT) gave for the
 * object {doc, title, jurisdiction, eid, label, heading, path, text,
 * lines} (tests/test_render.c compares them).  The lines of a document
 * are built in one buffer and written when it is large, or at the end;
 * a line that cannot be made (a string that is not UTF-8, or no memory)
 * stops the document after the lines before it. */
static int jsonl(FILE *out, const lx_doc *d)
{
	if (!d->root)
		return 0;
	lx_buf b = {0}, tmp = {0};
	int rc = 0;
	for (const lx_node *n = d->root; n && !rc;
	     n = lx_node_next_preorder(d->root, n)) {
		if (n->type != LX_NODE_ARTICLE)
			continue;
		size_t line = b.len;
		bool ok = put_member(&b, "{\"doc\":", d->id);
		ok &= put_member(&b, ",\"title\":", d->title);
		ok &= put_member(&b, ",\"jurisdiction\":", d->jurisdiction);
		ok &= put_member(&b, ",\"eid\":", n->eid);
		ok &= put_member(&b, ",\"label\":", n->label);
		ok &= put_member(&b, ",\"heading\":", n->heading);
		lx_buf_adds(&b, ",\"path\":[");
		size_t open = b.len;
		ok &= put_path(&b, &tmp, n->parent);
		if (b.len > open)
			b.len--; /* the last comma */
		lx_buf_adds(&b, "],\"text\":");
		tmp.len = 0;
		article_text(&tmp, n);
		ok &= !tmp.oom && lx_json_put_strn(&b, tmp.s ? tmp.s : "",
		                                   tmp.len);
		char num[64];
		int k = snprintf(num, sizeof(num), ",\"lines\":[%d,%d]}\n",
		                 n->line_first, n->line_last);
		lx_buf_add(&b, num, (size_t)k);
		if (!ok || b.oom) {
			rc = LX_ERR_NOMEM;
			if (!b.oom)
				b.len = line;
		}
		if (b.len >= 1 << 16 || rc) {
			if (b.len && fwrite(b.s, 1, b.len, out) != b.len)
				rc = LX_ERR_IO;
			b.len = 0;
		}
	}
	if (!rc && b.len && fwrite(b.s, 1, b.len, out) != b.len)
		rc = LX_ERR_IO;
	lx_buf_free(&b);
	lx_buf_free(&tmp);
	return rc;
}

/* Writes at most `cols` display columns of s. */
static void put_trunc(FILE *out, const char *s, int cols)
{
	size_t len = strlen(s), i = 0;
	int w = 0;
	while (i < len) {
		size_t st = i;
		int32_t c = lx_u8_next(s, len, &i);
		int cw = lx_cp_width(c);
		if (w + cw > cols) {
			fputs("…", out);
			return;
		}
		fwrite(s + st, 1, i - st, out);
		w += cw;
	}
}

static int text_outline(FILE *out, const lx_doc *d)
{
	fprintf(out, "%s\n", d->title ? d->title : "(no title)");
	fprintf(out, "  id: %s\n  %s · %s · %s", d->id,
	        d->jurisdiction ? d->jurisdiction : "?",
	        d->type ? d->type : "?", d->status ? d->status : "?");
	if (d->doc_number)
		fprintf(out, " · %s", d->doc_number);
	if (d->issuer)
		fprintf(out, " · %s", d->issuer);
	fputc('\n', out);
	for (size_t i = 0; i < d->history.n; i++) {
		const lx_event *e = &LX_VEC_AT(&d->history, lx_event, i);
		fprintf(out, "  %s %s %s\n", e->date ? e->date : "(no date)",
		        e->action ? e->action : "", e->by ? e->by : "");
	}
	if (d->effective || d->expires)
		fprintf(out, "  effective %s%s%s\n",
		        d->effective ? d->effective : "?",
		        d->expires ? ", expires " : "",
		        d->expires ? d->expires : "");
	for (size_t i = 0; i < d->repeals.n; i++) {
		const lx_repeal *r = &LX_VEC_AT(&d->repeals, lx_repeal, i);
		fprintf(out, "  repeals 《%s》%s%s\n", r->title,
		        r->doc_number ? " " : "",
		        r->doc_number ? r->doc_number : "");
	}
	size_t arts = d->root ? lx_node_count(d->root, LX_NODE_ARTICLE) : 0;
	size_t chaps = d->root ? lx_node_count(d->root, LX_NODE_CHAPTER) : 0;
	fprintf(out, "  %zu chapters, %zu articles, %zu paragraphs, %zu items\n",
	        chaps, arts,
	        d->root ? lx_node_count(d->root, LX_NODE_PARAGRAPH) : 0,
	        d->root ? lx_node_count(d->root, LX_NODE_ITEM) : 0);
	if (!d->root)
		return 0;
	for (const lx_node *n = d->root->first; n;
	     n = lx_node_next_preorder(d->root, n)) {
		int depth = 0;
		for (const lx_node *p = n->parent; p && p != d->root;
		     p = p->parent)
			depth++;
		if (n->type == LX_NODE_PARAGRAPH &&
		    n->parent->type == LX_NODE_ARTICLE && n->num == 1)
			continue; /* shown on the article's line */
		fprintf(out, "%*s", 2 + 2 * depth, "");
		switch (n->type) {
		case LX_NODE_ARTICLE: {
			fputs(n->label ? n->label : "(article)", out);
			if (n->heading)
				fprintf(out, "【%s】", n->heading);
			const lx_node *p1 = n->first;
			if (p1 && p1->text) {
				fputc(' ', out);
				put_trunc(out, p1->text, 56);
			}
			if (n->n_agencies) {
				fputs("  → ", out);
				for (size_t i = 0; i < n->n_agencies; i++)
					fprintf(out, "%s%s", i ? "、" : "",
					        n->agencies[i]);
			}
			break;
		}
		case LX_NODE_PARAGRAPH:
			fprintf(out, "¶%ld ", n->num);
			put_trunc(out, n->text ? n->text : "", 60);
			break;
		case LX_NODE_PREAMBLE:
			fputs("(preamble)", out);
			break;
		default: {
			if (n->label)
				fputs(n->label, out);
			if (n->text && n->label &&
			    (n->type == LX_NODE_ITEM || n->type == LX_NODE_SUBITEM)) {
				put_trunc(out, n->text, 60);
				break;
			}
			if (n->heading)
				fprintf(out, "%s%s", n->label ? " " : "",
				        n->heading);
			if (!n->label && !n->heading &&
			    n->type == LX_NODE_CHAPTER)
				fputs("(chapter 1, no heading in the source)",
				      out);
			if (n->text) {
				fputc(' ', out);
				put_trunc(out, n->text, 60);
			}
		}
		}
		fputc('\n', out);
	}
	return 0;
}

int lx_render(FILE *out, lx_doc *const *docs, size_t n, lx_format fmt,
              lx_error *err)
{
	int rc = 0;
	if (fmt == LX_FMT_JSON) {
		json_t *j;
		if (n == 1) {
			j = doc_json(docs[0]);
		} else {
			j = json_array();
			for (size_t i = 0; j && i < n; i++)
				if (json_array_append_new(j, doc_json(docs[i]))) {
					json_decref(j);
					j = NULL;
				}
		}
		if (!j) {
			rc = LX_ERR_NOMEM;
		} else {
			rc = lx_json_write(out, j, JSON_INDENT(1));
		}
	} else if (fmt == LX_FMT_JSONL) {
		for (size_t i = 0; i < n && !rc; i++)
			rc = jsonl(out, docs[i]);
	} else {
		for (size_t i = 0; i < n && !rc; i++) {
			if (i)
				fputc('\n', out);
			rc = text_outline(out, docs[i]);
		}
	}
	if (!rc && ferror(out))
		rc = LX_ERR_IO;
	if (rc && err) {
		err->code = rc;
		snprintf(err->msg, sizeof(err->msg), "%s",
		         rc == LX_ERR_NOMEM ? "out of memory"
		                            : "cannot write the output");
	}
	return rc;
}

int lx_render_cites(FILE *out, const lx_cite *const *cites, size_t n,
                    lx_error *err)
{
	json_t *arr = json_array();
	lx_cps_cursor cur = {0};
	for (size_t i = 0; arr && i < n; i++)
		if (json_array_append_new(arr, lx_cite_json(cites[i], &cur))) {
			json_decref(arr);
			arr = NULL;
		}
	int rc = arr ? lx_json_write(out, arr, JSON_INDENT(1)) : LX_ERR_NOMEM;
	if (rc)
		return lx_error_set(err, rc, "%s",
		                    rc == LX_ERR_NOMEM ? "out of memory"
		                                       : "cannot write the output");
	return LX_OK;
}

int lx_render_tokens(FILE *out, const char *text, const lx_token *tk,
                     size_t n, lx_error *err)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < n; i++)
		if (json_array_append_new(
			    arr, json_pack("{s:I,s:I,s:s%,s:s,s:s%}", "start",
		                           (json_int_t)tk[i].start, "end",
		                           (json_int_t)tk[i].end, "text",
		                           text + tk[i].start,
		                           tk[i].end - tk[i].start, "kind",
		                           lx_token_kind_name(tk[i].kind), "norm",
		                           tk[i].norm, tk[i].norm_len))) {
			json_decref(arr);
			arr = NULL;
		}
	int rc = arr ? lx_json_write(out, arr, JSON_INDENT(1)) : LX_ERR_NOMEM;
	if (rc)
		return lx_error_set(err, rc, "%s",
		                    rc == LX_ERR_NOMEM ? "out of memory"
		                                       : "cannot write the output");
	return LX_OK;
}
