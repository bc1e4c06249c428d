/*
 * render.c: a comparison as text, JSON and HTML.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../diff/diff_int.h"
#include "../parser/lx_int.h"
#include "../render/render_int.h"
#include "compare_int.h"

/* A column's name: the jurisdiction when no other document has it, the
 * title otherwise. */
static const char *column(const lx_compare *c, size_t d)
{
	const char *j = lx_doc_jurisdiction(c->docs[d]);
	for (size_t e = 0; j && e < c->n_docs; e++) {
		const char *k = lx_doc_jurisdiction(c->docs[e]);
		if (e != d && k && !strcmp(j, k))
			j = NULL;
	}
	if (j)
		return j;
	const char *t = lx_doc_title(c->docs[d]);
	return t ? t : lx_doc_path(c->docs[d]);
}

static bool shown(const lx_cmp_row *r, bool particular)
{
	return r->keep && (r->filled > 1 || particular);
}

/* The figures of a cell, formatted, joined by "; "; malloc'd. */
static char *cell_figures(const lx_cmp_cell *cell)
{
	lx_buf b = {0};
	for (size_t i = 0; i < cell->figures.n; i++) {
		char *t = lx_figure_format(&cell->figures.f[i]);
		if (!t)
			continue;
		const lx_figure *f = &cell->figures.f[i];
		if (b.len)
			lx_buf_adds(&b, "; ");
		if (f->fine)
			lx_buf_adds(&b, "fine ");
		lx_buf_adds(&b, t);
		free(t);
		/* the act it punishes: 第十条, or the clause when no article is named */
		if (f->target || f->act) {
			lx_buf_adds(&b, " for ");
			lx_buf_adds(&b, f->target ? f->target : f->act);
		}
	}
	return b.oom ? NULL : b.s ? b.s : strdup("");
}

/* ---- text ---------------------------------------------------------------- */

int lx_compare_text(FILE *out, const lx_compare *c, bool particular, int width)
{
	size_t shown_rows = 0, alone = 0;
	for (size_t r = 0; r < c->n_rows; r++)
		alone += c->rows[r].keep && c->rows[r].filled == 1;
	fprintf(out, "%zu documents:", c->n_docs);
	for (size_t d = 0; d < c->n_docs; d++)
		fprintf(out, " %s%s", d ? "| " : "", column(c, d));
	fputc('\n', out);
	for (size_t r = 0; r < c->n_rows; r++) {
		const lx_cmp_row *row = &c->rows[r];
		if (!shown(row, particular))
			continue;
		shown_rows++;
		fprintf(out, "\n== %s", row->topic ? row->topic : "(no heading)");
		if (row->filled > 1)
			fprintf(out, "  (%zu documents, similarity %.2f)\n", row->filled,
			        row->similarity);
		else
			fputs("  (particular)\n", out);
		for (size_t d = 0; d < c->n_docs; d++) {
			const lx_cmp_cell *cell = &row->cells[d];
			if (!cell->article)
				continue;
			char *t = lx_cmp_cell_text(cell);
			if (!t)
				return LX_ERR_NOMEM;
			/* one line per cell, cut at the width */
			for (char *p = t; *p; p++)
				if (*p == '\n')
					*p = ' ';
			size_t len = strlen(t), cut = 0;
			int w = 0, room = width - 4 - lx_text_width(column(c, d), strlen(column(c, d))) -
			                  lx_text_width(cell->label, strlen(cell->label)) - 4;
			while (cut < len) {
				size_t k = cut;
				int32_t ch = lx_u8_next(t, len, &k);
				if (w + lx_cp_width(ch) > room)
					break;
				w += lx_cp_width(ch);
				cut = k;
			}
			fprintf(out, "  %s %s: %.*s%s\n", column(c, d),
			        cell->label,
			        (int)cut, t, cut < len ? "…" : "");
			free(t);
			if (cell->figures.n) {
				char *f = cell_figures(cell);
				fprintf(out, "      figures: %s\n", f ? f : "");
				free(f);
			}
		}
	}
	fprintf(out, "\n%zu rows shown; %zu provisions particular to one document%s\n",
	        shown_rows, alone, particular ? "" : " (--particular lists them)");
	return ferror(out) ? LX_ERR_IO : 0;
}

/* ---- CSV (RFC 4180) ---------------------------------------------------- */

static void csv_field(lx_buf *b, const char *s)
{
	if (!s)
		s = "";
	if (!strpbrk(s, ",\"\r\n")) {
		lx_buf_adds(b, s);
		return;
	}
	lx_buf_adds(b, "\"");
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			lx_buf_adds(b, "\"");
		lx_buf_add(b, p, 1);
	}
	lx_buf_adds(b, "\"");
}

int lx_compare_csv(FILE *out, const lx_compare *c, bool particular)
{
	lx_buf b = {0};
	csv_field(&b, "topic");
	for (size_t d = 0; d < c->n_docs; d++) {
		lx_buf_adds(&b, ",");
		csv_field(&b, column(c, d));
	}
	lx_buf_adds(&b, ",similarity,figures\r\n");
	for (size_t r = 0; r < c->n_rows && !b.oom; r++) {
		const lx_cmp_row *row = &c->rows[r];
		if (!shown(row, particular))
			continue;
		csv_field(&b, row->topic);
		lx_buf figs = {0};
		for (size_t d = 0; d < c->n_docs; d++) {
			const lx_cmp_cell *cell = &row->cells[d];
			lx_buf_adds(&b, ",");
			if (!cell->article)
				continue;
			csv_field(&b, cell->label);
			if (cell->figures.n) {
				char *f = cell_figures(cell);
				if (!f)
					figs.oom = true;
				if (figs.len)
					lx_buf_adds(&figs, " | ");
				lx_buf_adds(&figs, column(c, d));
				lx_buf_adds(&figs, ": ");
				lx_buf_adds(&figs, f ? f : "");
				free(f);
			}
		}
		char sim[32];
		snprintf(sim, sizeof(sim), ",%.3f,", row->similarity);
		lx_buf_adds(&b, sim);
		csv_field(&b, figs.s);
		if (figs.oom)
			b.oom = true;
		free(figs.s);
		lx_buf_adds(&b, "\r\n");
	}
	if (b.oom) {
		free(b.s);
		return LX_ERR_NOMEM;
	}
	if (b.len)
		fwrite(b.s, 1, b.len, out);
	free(b.s);
	return ferror(out) ? LX_ERR_IO : 0;
}

/* ---- JSON ---------------------------------------------------------------- */

int lx_compare_json(FILE *out, const lx_compare *c)
{
	json_t *root = json_object(), *docs = json_array(), *rows = json_array();
	bool ok = true;
	for (size_t d = 0; d < c->n_docs; d++)
		ADD(
			docs, json_pack("{s:o,s:o,s:o,s:o}", "id",
		                        lx_json_str(lx_doc_id(c->docs[d])), "title",
		                        lx_json_str(lx_doc_title(c->docs[d])), "jurisdiction",
		                        lx_json_str(lx_doc_jurisdiction(c->docs[d])), "path",
		                        lx_json_str(lx_doc_path(c->docs[d]))));
	for (size_t r = 0; r < c->n_rows; r++) {
		const lx_cmp_row *row = &c->rows[r];
		if (!row->keep)
			continue;
		json_t *cells = json_array(), *labels = json_array(),
		       *figs = json_array();
		for (size_t d = 0; d < c->n_docs; d++) {
			const lx_cmp_cell *cell = &row->cells[d];
			json_t *e = json_array(), *l = json_array();
			for (size_t k = 0; cell->article && k <= cell->nmore; k++) {
				const lx_node *u = k ? cell->more[k - 1] : cell->article;
				char *ul = cell->nmore ? lx_cmp_unit_label(u) : NULL;
				ok &= !cell->nmore || ul != NULL;
				ADD(e, json_string(u->eid));
				ADD(l, lx_json_str(cell->nmore ? ul : cell->label));
				free(ul);
			}
			ADD(cells, e);
			ADD(labels, l);
			for (size_t i = 0; i < cell->figures.n; i++) {
				const lx_figure *f = &cell->figures.f[i];
				char *t = lx_figure_format(f);
				ok &= t != NULL;
				json_t *fj = json_pack("{s:i,s:s,s:s,s:s,s:f,s:s,s:o,s:s,s:o}",
				                       "document", (int)d, "eid",
				                       (f->unit_node ? f->unit_node : cell->article)->eid,
				                       "kind", f->kind,
				                       "op", f->op, "value", f->value,
				                       "unit", f->unit, "per", lx_json_str(f->per),
				                       "text", f->text, "normalised", lx_json_str(t));
				if (fj && !strcmp(f->op, "range"))
					SET(fj, "high", json_real(f->high));
				if (fj && f->fine) {
					SET(fj, "fine", json_true());
					SET(fj, "act", lx_json_str(f->act));
					SET(fj, "target", lx_json_str(f->target));
				}
				ADD(figs, fj);
				free(t);
			}
		}
		ADD(
			rows, json_pack("{s:o,s:o,s:o,s:f,s:b,s:o}", "cells", cells,
		                        "labels", labels, "topic", lx_json_str(row->topic),
		                        "similarity",
		                        (double)(long)(row->similarity * 1000 + 0.5) / 1000,
		                        "particular", row->filled == 1, "figures", figs));
	}
	SET(root, "documents", docs);
	SET(root, "rows", rows);
	if (!ok) {
		json_decref(root);
		return LX_ERR_NOMEM;
	}
	return lx_json_write(out, root, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
}

/* ---- HTML ---------------------------------------------------------------- */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* A cell's text with the wording no other cell of its row shares marked:
 * a character is shared when a bigram it is part of occurs in another
 * cell. */
static int html_cell(FILE *out, const lx_cmp_row *row, size_t nd, size_t d)
{
	lx_vec others = {0};
	for (size_t e = 0; e < nd; e++) {
		if (e == d || !row->cells[e].article)
			continue;
		char *t = lx_cmp_cell_text(&row->cells[e]);
		int32_t *cp = NULL;
		uint64_t *bg = NULL;
		size_t ncp, nbg;
		bool ok = t && lx_text_bigrams(t, &cp, &ncp, &bg, &nbg);
		for (size_t i = 0; ok && i < nbg; i++) {
			uint64_t *p = lx_vec_push(&others, sizeof(uint64_t));
			if (!p)
				ok = false;
			else
				*p = bg[i];
		}
		free(t);
		free(cp);
		free(bg);
		if (!ok) {
			lx_vec_free(&others);
			return LX_ERR_NOMEM;
		}
	}
	if (others.n)
		qsort(others.v, others.n, sizeof(uint64_t), cmp_u64);
	char *t = lx_cmp_cell_text(&row->cells[d]);
	if (!t) {
		lx_vec_free(&others);
		return LX_ERR_NOMEM;
	}
	size_t len = strlen(t);
	/* code points with their byte offsets, whitespace skipped for the
	 * bigrams as lx_text_bigrams does */
	bool marking = false;
	int32_t prev = -1;
	size_t i = 0;
	while (i < len) {
		size_t s = i;
		int32_t c = lx_u8_next(t, len, &i);
		bool space = lx_cp_is_space(c) || c == '\n';
		size_t k = i;
		int32_t next = -1;
		while (k < len) {
			int32_t x = lx_u8_next(t, len, &k);
			if (!lx_cp_is_space(x) && x != '\n') {
				next = x;
				break;
			}
		}
		bool shared = space || row->filled < 2;
		uint64_t keys[2] = {((uint64_t)(uint32_t)prev << 32) | (uint32_t)c,
		                    ((uint64_t)(uint32_t)c << 32) | (uint32_t)next};
		for (int q = 0; !shared && q < 2; q++)
			if ((q == 0 ? prev : next) >= 0 &&
			    bsearch(&keys[q], others.v, others.n, sizeof(uint64_t), cmp_u64))
				shared = true;
		if (!shared && !marking)
			fputs("<mark>", out);
		else if (shared && marking && !space)
			fputs("</mark>", out);
		if (!space)
			marking = !shared;
		lx_html_escape(out, t + s, i - s);
		if (!space)
			prev = c;
	}
	if (marking)
		fputs("</mark>", out);
	free(t);
	lx_vec_free(&others);
	return 0;
}

/* A section heading and a table's first row: 主题 and the columns. */
static void table_head(FILE *out, const lx_compare *c, const char *title)
{
	fprintf(out, "<h2>%s</h2>\n<table>\n<tr><th>主题</th>", title);
	for (size_t d = 0; d < c->n_docs; d++) {
		fputs("<th>", out);
		lx_html_escape_str(out, column(c, d));
		fputs("</th>", out);
	}
	fputs("</tr>\n", out);
}

static void cell_label(FILE *out, const lx_cmp_cell *cell)
{
	fputs("<span class=\"lab\">", out);
	lx_html_escape_str(out, cell->label);
	fputs("</span>", out);
}

int lx_compare_html(FILE *out, const lx_compare *c, bool particular)
{
	fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n"
	      "<title>条文对照</title>\n<style>\n"
	      "body{font-family:\"Noto Serif CJK SC\",\"Songti SC\",serif;margin:2em;line-height:1.6}\n"
	      "table{border-collapse:collapse;width:100%;margin-bottom:2em}\n"
	      "th,td{border:1px solid #999;padding:.4em .6em;vertical-align:top}\n"
	      "th{background:#eee}\n"
	      "td.topic{background:#f7f7f7;font-weight:bold}\n"
	      ".lab{font-weight:bold;margin-right:.4em}\n"
	      ".fig{display:block;margin-top:.4em;color:#036;font-weight:bold}\n"
	      "mark{background:#fff3b0}\n"
	      "tr{page-break-inside:avoid}\n"
	      "@media print{body{margin:0}th{background:none}}\n"
	      "</style></head><body>\n<h1>条文对照</h1>\n<p>", out);
	for (size_t d = 0; d < c->n_docs; d++) {
		lx_html_escape_str(out, column(c, d));
		fputs("：", out);
		lx_html_escape_str(out, lx_doc_title(c->docs[d]) ? lx_doc_title(c->docs[d]) : "");
		fputs("<br>\n", out);
	}
	fputs("Marked: wording no other provision of the row shares.</p>\n", out);
	/* Figures per topic. */
	table_head(out, c, "数字对照");
	for (size_t r = 0; r < c->n_rows; r++) {
		const lx_cmp_row *row = &c->rows[r];
		size_t with = 0;
		for (size_t d = 0; d < c->n_docs; d++)
			with += row->cells[d].figures.n > 0;
		if (!row->keep || with < 2)
			continue;
		fputs("<tr><td class=\"topic\">", out);
		lx_html_escape_str(out, row->topic ? row->topic : "");
		fputs("</td>", out);
		for (size_t d = 0; d < c->n_docs; d++) {
			const lx_cmp_cell *cell = &row->cells[d];
			fputs("<td>", out);
			if (cell->article) {
				cell_label(out, cell);
				char *f = cell_figures(cell);
				lx_html_escape_str(out, f ? f : "");
				free(f);
			}
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</table>\n", out);
	table_head(out, c, "条文");
	int rc = 0;
	for (size_t r = 0; r < c->n_rows && !rc; r++) {
		const lx_cmp_row *row = &c->rows[r];
		if (!shown(row, particular))
			continue;
		fputs("<tr><td class=\"topic\">", out);
		lx_html_escape_str(out, row->topic ? row->topic : "");
		if (row->filled > 1)
			fprintf(out, "<br><small>%.2f</small>", row->similarity);
		fputs("</td>", out);
		for (size_t d = 0; d < c->n_docs && !rc; d++) {
			const lx_cmp_cell *cell = &row->cells[d];
			fputs("<td>", out);
			if (cell->article) {
				cell_label(out, cell);
				rc = html_cell(out, row, c->n_docs, d);
				if (cell->figures.n) {
					char *f = cell_figures(cell);
					fputs("<span class=\"fig\">", out);
					lx_html_escape_str(out, f ? f : "");
					fputs("</span>", out);
					free(f);
				}
			}
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</table>\n</body></html>\n", out);
	if (!rc && ferror(out))
		rc = LX_ERR_IO;
	return rc;
}
