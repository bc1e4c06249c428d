/*
 * render.c: a diff as text (side by side or unified), JSON and HTML.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../parser/lx_int.h"
#include "../render/render_int.h"
#include "diff_int.h"

/* A run of text in one style: 0 plain, '-' deleted, '+' inserted. */
typedef struct run {
	char style;
	const char *text;
} run;

/* The runs of one side of a change.  Owned strings go into `own`. */
typedef struct side {
	lx_vec runs; /* run */
	lx_vec own;  /* char * */
} side;

static void side_free(side *s)
{
	for (size_t i = 0; i < s->own.n; i++)
		free(LX_VEC_AT(&s->own, char *, i));
	lx_vec_free(&s->own);
	lx_vec_free(&s->runs);
}

static bool side_add(side *s, char style, const char *text, bool owned)
{
	if (owned) {
		char **p = lx_vec_push(&s->own, sizeof(char *));
		if (!p)
			return false;
		*p = (char *)text;
	}
	run *r = lx_vec_push(&s->runs, sizeof(run));
	if (!r)
		return false;
	*r = (run){style, text};
	return true;
}

/* The label of an article: 第十二条, or its eid when it has none. */
static const char *label(const lx_node *n)
{
	return n->label ? n->label : n->eid;
}

/* Whole articles: label and text, one after the other, in one style. */
static bool side_articles(side *s, const lx_node *const *nodes, size_t n,
                          char style)
{
	for (size_t i = 0; i < n; i++) {
		char *t = lx_diff_article_text(nodes[i]);
		if (!t || !side_add(s, style, t, true))
			return false;
		/* several articles: each under its label */
		if (n > 1) {
			run *r = &LX_VEC_AT(&s->runs, run, s->runs.n - 1);
			*r = (run){0, label(nodes[i])};
			if (!side_add(s, 0, " ", false) ||
			    !side_add(s, style, t, false))
				return false;
		}
		if (i + 1 < n && !side_add(s, 0, "\n", false))
			return false;
	}
	return true;
}

/* The two sides of a change; `old` 1 for the old side. */
static bool side_of(side *s, const lx_change *c, bool old)
{
	if (c->op == LX_OP_MODIFIED) {
		for (size_t i = 0; i < c->n_inl; i++) {
			char op = c->inl[i].op;
			if (op == (old ? '+' : '-'))
				continue;
			if (!side_add(s, op == '=' ? 0 : op, c->inl[i].text, false))
				return false;
		}
		return true;
	}
	char style = c->op == LX_OP_UNCHANGED || c->op == LX_OP_RENUMBERED
	                     ? 0
	             : old ? '-'
	                   : '+';
	return old ? side_articles(s, c->old_nodes, c->n_old, style)
	           : side_articles(s, c->new_nodes, c->n_new, style);
}

/* ---- text ---------------------------------------------------------------- */

typedef struct tline {
	lx_buf b;
	int w;
} tline;

#define RED "\033[31m"
#define GREEN "\033[32m"
#define BOLD "\033[1m"
#define DIM "\033[2m"
#define RESET "\033[0m"

/* Cuts the runs into lines of at most `width` columns. */
static bool wrap(const side *s, int width, bool color, lx_vec *lines)
{
	tline *cur = lx_vec_push(lines, sizeof(tline));
	if (!cur)
		return false;
	for (size_t r = 0; r < s->runs.n; r++) {
		const run *ru = &LX_VEC_AT(&s->runs, run, r);
		const char *on = ru->style == '-' ? RED : ru->style == '+' ? GREEN : "";
		const char *open = ru->style == '-' ? "[-" : "{+",
		           *close = ru->style == '-' ? "-]" : "+}";
		lx_buf *b = &LX_VEC_AT(lines, tline, lines->n - 1).b;
		if (ru->style && color)
			lx_buf_adds(b, on);
		else if (ru->style) {
			lx_buf_adds(b, open);
			LX_VEC_AT(lines, tline, lines->n - 1).w += 2;
		}
		size_t len = strlen(ru->text);
		for (size_t i = 0; i < len;) {
			size_t st = i;
			int32_t c = lx_u8_next(ru->text, len, &i);
			int cw = c == '\n' ? 0 : lx_cp_width(c);
			cur = &LX_VEC_AT(lines, tline, lines->n - 1);
			if (c == '\n' || cur->w + cw > width) {
				if (ru->style && color)
					lx_buf_adds(&cur->b, RESET);
				cur = lx_vec_push(lines, sizeof(tline));
				if (!cur)
					return false;
				if (ru->style && color)
					lx_buf_adds(&cur->b, on);
				if (c == '\n')
					continue;
			}
			lx_buf_add(&cur->b, ru->text + st, i - st);
			cur->w += cw;
		}
		cur = &LX_VEC_AT(lines, tline, lines->n - 1);
		if (ru->style && color)
			lx_buf_adds(&cur->b, RESET);
		else if (ru->style) {
			lx_buf_adds(&cur->b, close);
			cur->w += 2;
		}
		if (cur->b.oom)
			return false;
	}
	return true;
}

static void free_lines(lx_vec *l)
{
	for (size_t i = 0; i < l->n; i++)
		lx_buf_free(&LX_VEC_AT(l, tline, i).b);
	lx_vec_free(l);
}

static void labels(FILE *out, const lx_node *const *n, size_t k)
{
	for (size_t i = 0; i < k; i++)
		fprintf(out, "%s%s", i ? "、" : "", label(n[i]));
	if (!k)
		fputs("—", out);
}

static void change_header(FILE *out, const lx_change *c, bool color)
{
	fputs(color ? BOLD : "", out);
	labels(out, c->old_nodes, c->n_old);
	fputs(" → ", out);
	labels(out, c->new_nodes, c->n_new);
	fprintf(out, "  %s", lx_diff_op_name(c->op));
	if (c->op == LX_OP_MODIFIED)
		fprintf(out, " %.2f", c->similarity);
	if (c->moved)
		fputs(", moved", out);
	fputs(color ? RESET : "", out);
	fputc('\n', out);
}

static void print_summary(FILE *out, const lx_diff *d)
{
	fprintf(out,
	        "%zu unchanged, %zu renumbered, %zu modified, %zu moved, "
	        "%zu split, %zu merged, %zu added, %zu deleted\n",
	        d->counts[LX_OP_UNCHANGED], d->counts[LX_OP_RENUMBERED],
	        d->counts[LX_OP_MODIFIED], d->moved, d->counts[LX_OP_SPLIT],
	        d->counts[LX_OP_MERGED], d->counts[LX_OP_ADDED],
	        d->counts[LX_OP_DELETED]);
}

static const char *or_dash(const char *s)
{
	return s ? s : "—";
}

static void heading_text(FILE *out, const lx_node *n)
{
	if (!n) {
		fputs("—", out);
		return;
	}
	fprintf(out, "%s%s%s", n->label ? n->label : "", n->heading ? " " : "",
	        n->heading ? n->heading : "");
}

static void preamble(FILE *out, const lx_diff *d)
{
	fprintf(out, "--- %s  %s\n+++ %s  %s\n", or_dash(lx_doc_title(d->old_doc)),
	        or_dash(lx_doc_path(d->old_doc)), or_dash(lx_doc_title(d->new_doc)),
	        or_dash(lx_doc_path(d->new_doc)));
	for (size_t i = 0; i < d->n_meta; i++)
		fprintf(out, "%s: %s → %s\n", d->meta[i].field,
		        or_dash(d->meta[i].old_value), or_dash(d->meta[i].new_value));
	for (size_t i = 0; i < d->n_headings; i++) {
		fprintf(out, "heading %s: ", lx_heading_op_name(d->headings[i].op));
		heading_text(out, d->headings[i].old_node);
		fputs(" → ", out);
		heading_text(out, d->headings[i].new_node);
		fputc('\n', out);
	}
	print_summary(out, d);
}

static bool shown(const lx_change *c, bool all)
{
	return all || c->op != LX_OP_UNCHANGED || c->moved;
}

static int text_change(FILE *out, const lx_change *c, const lx_diff_view *v)
{
	side o = {0}, n = {0};
	lx_vec lo = {0}, ln = {0};
	int rc = LX_ERR_NOMEM;
	int col = (v->width - 3) / 2;
	if (col < 10)
		col = 10;
	if (!side_of(&o, c, true) || !side_of(&n, c, false))
		goto out;
	change_header(out, c, v->color);
	if (c->op == LX_OP_RENUMBERED && !v->all) {
		rc = 0;
		goto out;
	}
	if (v->unified) {
		if (!wrap(&o, 1 << 30, v->color, &lo) ||
		    !wrap(&n, 1 << 30, v->color, &ln))
			goto out;
		bool same = c->op == LX_OP_UNCHANGED || c->op == LX_OP_RENUMBERED;
		for (size_t i = 0; c->n_old && i < lo.n; i++)
			fprintf(out, "%c%s\n", same ? ' ' : '-',
			        LX_VEC_AT(&lo, tline, i).b.s ? LX_VEC_AT(&lo, tline, i).b.s : "");
		for (size_t i = 0; !same && c->n_new && i < ln.n; i++)
			fprintf(out, "+%s\n",
			        LX_VEC_AT(&ln, tline, i).b.s ? LX_VEC_AT(&ln, tline, i).b.s : "");
	} else {
		if (!wrap(&o, col, v->color, &lo) || !wrap(&n, col, v->color, &ln))
			goto out;
		size_t rows = lo.n > ln.n ? lo.n : ln.n;
		for (size_t i = 0; i < rows; i++) {
			const tline *a = i < lo.n && c->n_old ? &LX_VEC_AT(&lo, tline, i) : NULL,
			            *b = i < ln.n && c->n_new ? &LX_VEC_AT(&ln, tline, i) : NULL;
			fprintf(out, "%s%*s │ %s\n", a && a->b.s ? a->b.s : "",
			        col - (a ? a->w : 0), "", b && b->b.s ? b->b.s : "");
		}
	}
	fputc('\n', out);
	rc = 0;
out:
	free_lines(&lo);
	free_lines(&ln);
	side_free(&o);
	side_free(&n);
	return rc;
}

int lx_diff_text(FILE *out, const lx_diff *d, const lx_diff_view *v)
{
	preamble(out, d);
	fputc('\n', out);
	size_t hidden = 0;
	for (size_t i = 0; i < d->n; i++) {
		const lx_change *c = &d->changes[i];
		if (!shown(c, v->all)) {
			hidden++;
			continue;
		}
		if (hidden)
			fprintf(out, "%s… %zu unchanged …%s\n\n", v->color ? DIM : "",
			        hidden, v->color ? RESET : "");
		hidden = 0;
		int rc = text_change(out, c, v);
		if (rc)
			return rc;
	}
	if (hidden)
		fprintf(out, "%s… %zu unchanged …%s\n", v->color ? DIM : "", hidden,
		        v->color ? RESET : "");
	return ferror(out) ? LX_ERR_IO : 0;
}

/* ---- JSON ---------------------------------------------------------------- */

static json_t *doc_json(const lx_doc *d)
{
	return json_pack("{s:o,s:o,s:o,s:o,s:o}", "id", lx_json_str(lx_doc_id(d)),
	                 "title", lx_json_str(lx_doc_title(d)), "path",
	                 lx_json_str(lx_doc_path(d)), "effective",
	                 lx_json_str(lx_doc_effective(d)), "status",
	                 lx_json_str(lx_doc_status(d)));
}

static json_t *eids(const lx_node *const *n, size_t k, bool labels_)
{
	json_t *a = json_array();
	bool ok = true;
	for (size_t i = 0; i < k; i++)
		ADD(a, lx_json_str(labels_ ? n[i]->label : n[i]->eid));
	return lx_json_done(a, ok);
}

static json_t *heading_json(const lx_node *n)
{
	if (!n)
		return json_null();
	return json_pack("{s:o,s:o,s:o}", "eid", lx_json_str(n->eid), "label",
	                 lx_json_str(n->label), "heading", lx_json_str(n->heading));
}

int lx_diff_json(FILE *out, const lx_diff *d)
{
	json_t *root = json_object(), *sum = json_object(), *cs = json_array(),
	       *meta = json_array(), *hs = json_array();
	bool ok = true;
	for (int op = 0; op <= LX_OP_DELETED; op++)
		SET(sum, lx_diff_op_name(op),
		                    json_integer((json_int_t)d->counts[op]));
	SET(sum, "moved", json_integer((json_int_t)d->moved));
	SET(sum, "same", json_boolean(lx_diff_same(d)));
	for (size_t i = 0; i < d->n_meta; i++)
		ADD(
			meta, json_pack("{s:s,s:o,s:o}", "field", d->meta[i].field,
		                        "old", lx_json_str(d->meta[i].old_value), "new",
		                        lx_json_str(d->meta[i].new_value)));
	for (size_t i = 0; i < d->n_headings; i++)
		ADD(
			hs, json_pack("{s:s,s:o,s:o}", "op",
		                      lx_heading_op_name(d->headings[i].op), "old",
		                      heading_json(d->headings[i].old_node), "new",
		                      heading_json(d->headings[i].new_node)));
	for (size_t i = 0; i < d->n; i++) {
		const lx_change *c = &d->changes[i];
		json_t *o = json_pack(
			"{s:s,s:b,s:o,s:o,s:o,s:o}", "op", lx_diff_op_name(c->op),
			"moved", c->moved, "old", eids(c->old_nodes, c->n_old, false),
			"new", eids(c->new_nodes, c->n_new, false), "old_labels",
			eids(c->old_nodes, c->n_old, true), "new_labels",
			eids(c->new_nodes, c->n_new, true));
		if (c->op == LX_OP_MODIFIED) {
			json_t *inl = json_array();
			for (size_t k = 0; k < c->n_inl; k++)
				ADD(
					inl, json_pack("{s:s,s:s}", "op",
				                       c->inl[k].op == '='   ? "equal"
				                       : c->inl[k].op == '-' ? "delete"
				                                             : "insert",
				                       "text", c->inl[k].text));
			SET(o, "inline", inl);
		}
		if (c->n_old && c->n_new)
			SET(o, "similarity",
			                    json_real((double)(long)(c->similarity * 1000 + 0.5) / 1000));
		ADD(cs, o);
	}
	SET(root, "old", doc_json(d->old_doc));
	SET(root, "new", doc_json(d->new_doc));
	SET(root, "summary", sum);
	SET(root, "metadata", meta);
	SET(root, "headings", hs);
	SET(root, "changes", cs);
	if (!ok) {
		json_decref(root);
		return LX_ERR_NOMEM;
	}
	return lx_json_write(out, root, JSON_INDENT(2) | JSON_REAL_PRECISION(3));
}

/* ---- HTML ---------------------------------------------------------------- */

static void html_side(FILE *out, const side *s)
{
	for (size_t i = 0; i < s->runs.n; i++) {
		const run *r = &LX_VEC_AT(&s->runs, run, i);
		fputs(r->style == '-' ? "<del>" : r->style == '+' ? "<ins>" : "", out);
		lx_html_escape_str(out, r->text);
		fputs(r->style == '-' ? "</del>" : r->style == '+' ? "</ins>" : "", out);
	}
}

static void html_labels(FILE *out, const lx_node *const *n, size_t k)
{
	for (size_t i = 0; i < k; i++) {
		if (i)
			fputs("、", out);
		lx_html_escape_str(out, label(n[i]));
	}
}

int lx_diff_html(FILE *out, const lx_diff *d, const lx_diff_view *v)
{
	const char *ot = or_dash(lx_doc_title(d->old_doc)),
	           *nt = or_dash(lx_doc_title(d->new_doc));
	fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n"
	      "<title>", out);
	lx_html_escape_str(out, nt);
	fputs(" 修改前后对照表</title>\n<style>\n"
	      "body{font-family:\"Noto Serif CJK SC\",\"Songti SC\",serif;margin:2em;line-height:1.7}\n"
	      "table{border-collapse:collapse;width:100%}\n"
	      "th,td{border:1px solid #999;padding:.4em .6em;vertical-align:top;width:50%}\n"
	      "th{background:#eee}\n"
	      "td.op{width:auto;background:#f7f7f7;font-size:.85em;color:#444}\n"
	      "del{color:#b00;text-decoration:line-through;background:#fdd}\n"
	      "ins{color:#060;text-decoration:underline;background:#dfd}\n"
	      "tr{page-break-inside:avoid}\n"
	      ".lab{font-weight:bold;margin-right:.5em}\n"
	      "@media print{body{margin:0}th{background:none}}\n"
	      "</style></head><body>\n<h1>", out);
	lx_html_escape_str(out, nt);
	fputs(" 修改前后对照表</h1>\n<p>", out);
	fputs("原：", out);
	lx_html_escape_str(out, ot);
	fprintf(out, "（%s）<br>新：", or_dash(lx_doc_effective(d->old_doc)));
	lx_html_escape_str(out, nt);
	fprintf(out, "（%s）</p>\n<p>", or_dash(lx_doc_effective(d->new_doc)));
	fprintf(out,
	        "%zu unchanged, %zu renumbered, %zu modified, %zu moved, %zu "
	        "split, %zu merged, %zu added, %zu deleted</p>\n",
	        d->counts[LX_OP_UNCHANGED], d->counts[LX_OP_RENUMBERED],
	        d->counts[LX_OP_MODIFIED], d->moved, d->counts[LX_OP_SPLIT],
	        d->counts[LX_OP_MERGED], d->counts[LX_OP_ADDED],
	        d->counts[LX_OP_DELETED]);
	if (d->n_meta || d->n_headings) {
		fputs("<ul>\n", out);
		for (size_t i = 0; i < d->n_meta; i++) {
			fprintf(out, "<li>%s: ", d->meta[i].field);
			lx_html_escape_str(out, or_dash(d->meta[i].old_value));
			fputs(" → ", out);
			lx_html_escape_str(out, or_dash(d->meta[i].new_value));
			fputs("</li>\n", out);
		}
		for (size_t i = 0; i < d->n_headings; i++) {
			const lx_node *a = d->headings[i].old_node,
			              *b = d->headings[i].new_node;
			fprintf(out, "<li>heading %s: ", lx_heading_op_name(d->headings[i].op));
			lx_html_escape_str(out, a ? (a->label ? a->label : "") : "—");
			fputc(' ', out);
			lx_html_escape_str(out, a && a->heading ? a->heading : "");
			fputs(" → ", out);
			lx_html_escape_str(out, b ? (b->label ? b->label : "") : "—");
			fputc(' ', out);
			lx_html_escape_str(out, b && b->heading ? b->heading : "");
			fputs("</li>\n", out);
		}
		fputs("</ul>\n", out);
	}
	fputs("<table>\n<tr><th>修改前</th><th>修改后</th></tr>\n", out);
	size_t hidden = 0;
	int rc = 0;
	for (size_t i = 0; i < d->n && !rc; i++) {
		const lx_change *c = &d->changes[i];
		if (!shown(c, v->all)) {
			hidden++;
			continue;
		}
		if (hidden)
			fprintf(out, "<tr><td class=\"op\" colspan=\"2\">（%zu 条未修改）</td></tr>\n",
			        hidden);
		hidden = 0;
		side o = {0}, n = {0};
		if (!side_of(&o, c, true) || !side_of(&n, c, false))
			rc = LX_ERR_NOMEM;
		else {
			fprintf(out, "<tr><td class=\"op\" colspan=\"2\">%s%s",
			        lx_diff_op_name(c->op), c->moved ? ", moved" : "");
			if (c->op == LX_OP_MODIFIED)
				fprintf(out, " (%.2f)", c->similarity);
			fputs("</td></tr>\n<tr><td>", out);
			if (c->n_old) {
				fputs("<span class=\"lab\">", out);
				html_labels(out, c->old_nodes, c->n_old);
				fputs("</span>", out);
				html_side(out, &o);
			}
			fputs("</td><td>", out);
			if (c->n_new) {
				fputs("<span class=\"lab\">", out);
				html_labels(out, c->new_nodes, c->n_new);
				fputs("</span>", out);
				html_side(out, &n);
			}
			fputs("</td></tr>\n", out);
		}
		side_free(&o);
		side_free(&n);
	}
	if (hidden)
		fprintf(out, "<tr><td class=\"op\" colspan=\"2\">（%zu 条未修改）</td></tr>\n",
		        hidden);
	fputs("</table>\n</body></html>\n", out);
	if (!rc && ferror(out))
		rc = LX_ERR_IO;
	return rc;
}
