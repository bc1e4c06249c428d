/*
 * pages.c: the HTML pages of `lexcn serve`, server-rendered in Chinese and
 * usable without JavaScript; every piece of text from a document or a
 * request goes through lx_html_esc (or lx_url_esc inside a URL).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <microhttpd.h>

#include "../render/render_int.h"
#include "serve.h"

void lx_html_esc(FILE *f, const char *s, long n)
{
	/* render's escaper (& < > " '), newlines as &#10;: right in text and
	 * in an attribute's value alike */
	if (s)
		lx_html_escape_to(f, s, n < 0 ? strlen(s) : (size_t)n, false);
}

void lx_url_esc(FILE *f, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char buf[256]; /* filled and written: a fprintf a byte was slow */
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		if (n + 3 > sizeof(buf)) {
			fwrite(buf, 1, n, f);
			n = 0;
		}
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-_.~", *p)) {
			buf[n++] = (char)*p;
		} else {
			buf[n++] = '%';
			buf[n++] = hex[*p >> 4];
			buf[n++] = hex[*p & 15];
		}
	}
	fwrite(buf, 1, n, f);
}

/* ---- the frame of every page -------------------------------------------- */

static const char CSS[] =
	"body{font-family:\"Noto Serif CJK SC\",\"Songti SC\",serif;margin:0 !important;"
	"line-height:1.7;color:#222}\n"
	"header{background:#243b55;color:#fff;padding:.5em 1em}\n"
	"header a{color:#fff;text-decoration:none;font-weight:bold;margin-right:1em}\n"
	"header form{display:inline}\n"
	"input[name=q]{width:30em;max-width:60vw;font-size:1em;padding:.2em}\n"
	"main{padding:1em 2em;max-width:80em}\n"
	".hit{margin:0 0 1em}\n.hit .meta{color:#555;font-size:.9em}\n"
	"mark{background:#fff3b0}\n"
	".facets{float:right;width:16em;margin-left:2em;font-size:.9em}\n"
	".facets h3{margin:.6em 0 .2em;font-size:1em}\n"
	".facets ul{list-style:none;padding:0;margin:0}\n"
	".facets ul ul{padding-left:1em}\n"
	".facets summary{cursor:pointer}\n"
	".facets form.dates input{width:8.5em}\n"
	".facets a.on{font-weight:bold}\n"
	".doc{display:flex;gap:2em}\n"
	"nav.outline{flex:0 0 16em;font-size:.9em;position:sticky;top:0;"
	"max-height:100vh;overflow:auto}\n"
	"nav.outline ul{list-style:none;padding-left:.8em;margin:0}\n"
	".text{flex:1}\n"
	".art{margin:0 0 1.2em}\n.art h4{margin:.4em 0 .2em}\n"
	".item{margin-left:2em}\n.subitem{margin-left:4em}\n"
	"a.cite{color:#036;border-bottom:1px dotted #036;text-decoration:none}\n"
	".unresolved{border-bottom:1px dotted #b00}\n"
	"abbr.term{text-decoration:none;border-bottom:1px dashed #7a5;cursor:help}\n"
	"dfn.term{font-style:normal;font-weight:bold}\n"
	"details.citedby{font-size:.85em;color:#444;margin-left:1em}\n"
	":target{background:#eef6ff}\n"
	"table.meta td{padding:0 1em 0 0;vertical-align:top}\n"
	".error{color:#b00}\n"
	".pages a{margin-right:.5em}\n"
	"@media print{header,nav.outline,.facets,details.citedby{display:none}"
	"main{padding:0}}\n";

/* A little help where a browser runs scripts: the outline follows the
 * article read; everything works without it. */
static const char JS[] =
	"'use strict';\n"
	"document.addEventListener('DOMContentLoaded', function () {\n"
	"  var links = document.querySelectorAll('nav.outline a');\n"
	"  function mark() {\n"
	"    var h = decodeURIComponent(location.hash.slice(1));\n"
	"    links.forEach(function (a) {\n"
	"      a.style.fontWeight = a.getAttribute('href') === '#' + h ? 'bold' : '';\n"
	"    });\n"
	"  }\n"
	"  window.addEventListener('hashchange', mark);\n"
	"  mark();\n"
	"});\n";

static void head(FILE *f, const char *title, const char *q)
{
	fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
	      "<meta name=\"viewport\" content=\"width=device-width\"><title>", f);
	lx_html_esc(f, title, -1);
	fputs(" · lexcn</title><link rel=\"stylesheet\" href=\"/static/app.css\">"
	      "</head><body><header><a href=\"/\">lexcn 法规检索</a>"
	      "<form action=\"/search\" method=\"get\" role=\"search\">"
	      "<input name=\"q\" aria-label=\"检索\" placeholder=\"检索词，如：政府采购 预留\" value=\"", f);
	lx_html_esc(f, q ? q : "", -1);
	fputs("\"> <button type=\"submit\">检索</button></form></header><main>\n", f);
}

static void foot(FILE *f)
{
	fputs("</main><script src=\"/static/app.js\"></script></body></html>\n", f);
}

static const char HTML_TYPE[] = "text/html; charset=utf-8";

/* An error page with the status and message of a JSON error reply. */
void lx_html_error(lx_reply *rep)
{
	int status = rep->status;
	char *msg = NULL;
	const char *m = "错误";
	json_t *j = rep->body ? json_loadb(rep->body, rep->len, 0, NULL) : NULL;
	if (j && json_string_value(json_object_get(j, "message")))
		m = json_string_value(json_object_get(j, "message"));
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (f) {
		head(f, status == 404 ? "未找到" : "错误", NULL);
		fprintf(f, "<h1>%s</h1><p class=\"error\">",
		        status == 404   ? "未找到"
		        : status == 400 ? "检索式有误"
		        : status == 413 ? "请求过长"
		        : j && json_string_value(json_object_get(j, "error")) &&
		                        !strcmp(json_string_value(json_object_get(j, "error")),
		                                "timeout")
		                ? "请求超时"
		                : "暂时无法访问索引");
		lx_html_esc(f, m, -1);
		fputs("</p>", f);
		foot(f);
	}
	json_decref(j);
	free(msg);
	if (!f || fclose(f)) {
		free(buf);
		return; /* the JSON error stays */
	}
	lx_reply_take(rep, status, HTML_TYPE, buf, len);
}

static void page_error(lx_reply *rep, int status, const char *code,
                       const char *msg)
{
	lx_reply_error(rep, status, code, msg);
	lx_html_error(rep);
}

/* ---- search ---------------------------------------------------------------- */

/* The parameters of the search page that make its state, for links that
 * change one of them (skip: that one; then key=value appended). */
static const char *const STATE[] = {"q", "jurisdiction", "type", "status",
                                    "in", "year", "effective_from",
                                    "effective_to", "issued_from",
                                    "issued_to", "sort", "all", NULL};
enum { STATE_FILTERS = 10 }; /* those before sort: a search to run */

/* A parameter a link that sets `skip` leaves out: that one; a place
 * (jurisdiction or in) replaces the other too; a page number goes with
 * any change (a link that sets page skips nothing). */
static bool skipped(const char *skip, const char *key)
{
	if (!skip)
		return false;
	bool place = !strcmp(skip, "jurisdiction") || !strcmp(skip, "in");
	return !strcmp(skip, key) ||
	       (place && (!strcmp(key, "jurisdiction") || !strcmp(key, "in")));
}

static void state_link(FILE *f, const lx_req *r, const char *skip,
                       const char *key, const char *value)
{
	fputs("/search?", f);
	bool first = true;
	for (int k = 0; STATE[k]; k++) {
		const char *v = lx_req_arg(r, STATE[k]);
		if (!v || !*v || skipped(skip, STATE[k]))
			continue;
		fprintf(f, "%s%s=", first ? "" : "&amp;", STATE[k]);
		lx_url_esc(f, v);
		first = false;
	}
	if (key) {
		fprintf(f, "%s%s=", first ? "" : "&amp;", key);
		lx_url_esc(f, value);
	}
}

static void facet_list(FILE *f, const lx_req *r, const char *key,
                       const char *title, const char *const *vals,
                       const long *counts, size_t n)
{
	const char *cur = lx_req_arg(r, key);
	fprintf(f, "<h3>%s</h3><ul>", title);
	if (cur && *cur) {
		fputs("<li><a href=\"", f);
		state_link(f, r, key, NULL, NULL);
		fputs("\">（全部）</a></li>", f);
	}
	for (size_t i = 0; i < n; i++) {
		if (!counts[i])
			continue;
		bool on = cur && !strcmp(cur, vals[i]);
		fputs("<li><a", f);
		if (on)
			fputs(" class=\"on\"", f);
		fputs(" href=\"", f);
		state_link(f, r, key, key, vals[i]);
		fputs("\">", f);
		lx_html_esc(f, *vals[i] ? vals[i] : "（无）", -1);
		fprintf(f, "</a> %ld</li>", counts[i]);
	}
	fputs("</ul>", f);
}

/* The date ranges: a form of its own that keeps the other parameters
 * (hidden) and sets effective_from.._to and issued_from.._to. */
static void date_form(FILE *f, const lx_req *r)
{
	fputs("<h3>日期范围</h3><form class=\"dates\" action=\"/search\" "
	      "method=\"get\">", f);
	for (int k = 0; STATE[k]; k++) {
		const char *v = lx_req_arg(r, STATE[k]);
		if (!v || !*v || strstr(STATE[k], "_from") || strstr(STATE[k], "_to"))
			continue;
		fprintf(f, "<input type=\"hidden\" name=\"%s\" value=\"", STATE[k]);
		lx_html_esc(f, v, -1);
		fputs("\">", f);
	}
	static const char *const rows[][3] = {
		{"施行日期", "effective_from", "effective_to"},
		{"发布日期", "issued_from", "issued_to"}};
	for (int k = 0; k < 2; k++) {
		fprintf(f, "<div>%s<br>", rows[k][0]);
		for (int e = 1; e < 3; e++) {
			const char *v = lx_req_arg(r, rows[k][e]);
			fprintf(f, "%s<input type=\"date\" name=\"%s\" "
			        "aria-label=\"%s%s\" value=\"", e == 2 ? "–" : "",
			        rows[k][e], rows[k][0], e == 1 ? "起" : "止");
			lx_html_esc(f, v ? v : "", -1);
			fputs("\">", f);
		}
		fputs("</div>", f);
	}
	fputs("<button type=\"submit\">筛选</button></form>", f);
}

/* The jurisdiction facet: the divisions as a tree (places.c), each with
 * its count and those within it below (a <details>, open along the
 * current filter); a link filters by in: (a division and those within
 * it) or, for a value that is no division, by jurisdiction:. */
static void place_facet(FILE *f, const lx_req *r, const lx_results *res)
{
	lx_places p;
	if (lx_places_build(&p, res))
		return;
	const char *cur_in = lx_req_arg(r, "in"),
	           *cur_j = lx_req_arg(r, "jurisdiction");
	fputs("<h3>地域</h3><ul class=\"places\">", f);
	if ((cur_in && *cur_in) || (cur_j && *cur_j)) {
		fputs("<li><a href=\"", f);
		state_link(f, r, "in", NULL, NULL);
		fputs("\">（全部）</a></li>", f);
	}
	size_t depth = 0;
	for (size_t i = 0; i < p.n; i++) {
		const lx_place *pl = &p.v[i];
		const char *key = pl->division ? "in" : "jurisdiction";
		const char *cur = pl->division ? cur_in : cur_j;
		bool on = cur && !strcmp(cur, pl->name);
		/* open: the current filter is this place or one within it */
		bool open = on;
		for (size_t k = i + 1; !open && cur_in && k < p.n &&
		                       p.v[k].depth > pl->depth;
		     k++)
			open = !strcmp(cur_in, p.v[k].name);
		bool kids = i + 1 < p.n && p.v[i + 1].parent == i;
		fputs(kids ? "<li><details" : "<li>", f);
		if (kids)
			fputs(open ? " open><summary>" : "><summary>", f);
		fputs("<a", f);
		if (on)
			fputs(" class=\"on\"", f);
		fputs(" href=\"", f);
		state_link(f, r, key, key, pl->name);
		fputs("\">", f);
		lx_html_esc(f, *pl->name ? pl->name : "（无）", -1);
		fprintf(f, "</a> %ld", pl->count);
		if (kids && pl->own)
			fprintf(f, "（本级 %ld）", pl->own);
		if (kids) {
			fputs("</summary><ul>", f);
			depth++;
			continue;
		}
		fputs("</li>", f);
		/* close the lists of the places this one ends */
		size_t next = i + 1 < p.n ? p.v[i + 1].depth : 0;
		for (; depth > next; depth--)
			fputs("</ul></details></li>", f);
	}
	for (; depth > 0; depth--)
		fputs("</ul></details></li>", f);
	fputs("</ul>", f);
	lx_places_free(&p);
}

static const char *const STATUSES[] = {"有效", "已被修改", "尚未生效", "失效",
                                       NULL};

/* The facets beside the hits: jurisdiction, type and year of effect
 * (lx_search's), status (a count for each). */
static void facets(FILE *f, const lx_req *r, lx_results *res)
{
	fputs("<aside class=\"facets\">", f);
	place_facet(f, r, res);
	size_t n = lx_results_facet_len(res, LX_FACET_TYPE);
	const char **vals = calloc(n + 1, sizeof(*vals));
	long *counts = calloc(n + 1, sizeof(*counts));
	for (size_t i = 0; vals && counts && i < n; i++)
		vals[i] = lx_results_facet(res, LX_FACET_TYPE, i, &counts[i]);
	if (vals && counts)
		facet_list(f, r, "type", "类别", vals, counts, n);
	free(vals);
	free(counts);
	/* Status: the four a user filters on, with their counts over every
	 * match (the status facet: as status: filters).  Years: the year
	 * facet of the search, newest first. */
	long sc[4] = {0};
	for (size_t i = 0; i < lx_results_facet_len(res, LX_FACET_STATUS); i++) {
		long c;
		const char *v = lx_results_facet(res, LX_FACET_STATUS, i, &c);
		for (int k = 0; STATUSES[k]; k++)
			if (!strcmp(v, STATUSES[k]))
				sc[k] = c;
	}
	facet_list(f, r, "status", "效力", STATUSES, sc, 4);
	size_t ny = lx_results_facet_len(res, LX_FACET_YEAR);
	const char **yv = calloc(ny + 1, sizeof(*yv));
	long *yc = calloc(ny + 1, sizeof(*yc));
	for (size_t k = 0; yv && yc && k < ny; k++) /* newest first */
		yv[k] = lx_results_facet(res, LX_FACET_YEAR, ny - 1 - k, &yc[k]);
	if (yv && yc && ny)
		facet_list(f, r, "year", "施行年份", yv, yc, ny);
	free(yv);
	free(yc);
	date_form(f, r);
	fputs("</aside>", f);
}

static void snippet(FILE *f, lx_results *res, size_t i)
{
	const lx_span_hl *hl;
	size_t nrg;
	const char *sn = lx_hit_snippet(res, i, &hl, &nrg);
	size_t at = 0;
	for (size_t k = 0; sn && k < nrg; k++) {
		lx_html_esc(f, sn + at, (long)(hl[k].start - at));
		fputs("<mark>", f);
		lx_html_esc(f, sn + hl[k].start, (long)(hl[k].end - hl[k].start));
		fputs("</mark>", f);
		at = hl[k].end;
	}
	if (sn)
		lx_html_esc(f, sn + at, -1);
}

static void doc_link(FILE *f, const char *id, const char *eid)
{
	fputs("/doc/", f);
	lx_url_esc(f, id);
	if (eid) {
		putc('#', f);
		lx_url_esc(f, eid);
	}
}

static void page_search(lx_snap *snap, const lx_req *r, lx_reply *rep)
{
	const char *q = lx_req_arg(r, "q");
	bool any = false;
	for (int k = 0; STATE[k] && !any; k++)
		any = k < STATE_FILTERS && lx_req_arg(r, STATE[k]) &&
		      *lx_req_arg(r, STATE[k]);
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	if (!any) {
		f = open_memstream(&buf, &len);
		if (!f)
			return;
		head(f, "检索", NULL);
		fputs("<h1>法规检索</h1><p>输入检索词：连续的字（百分之四十）、词组"
		      "（政府采购 预留，各部分都须出现）、OR、-排除、括号，以及"
		      "jurisdiction:北京市、type:地方性法规、status:有效、title:… 等字段。</p>"
		      "<p>示例：<a href=\"/search?q=%E6%94%BF%E5%BA%9C%E9%87%87%E8%B4%AD%20"
		      "%E9%A2%84%E7%95%99\">政府采购 预留</a>　"
		      "<a href=\"/search?q=%E6%8B%96%E6%AC%A0\">拖欠</a></p>", f);
		foot(f);
		if (fclose(f)) {
			free(buf);
			return;
		}
		lx_reply_take(rep, 200, HTML_TYPE, buf, len);
		return;
	}
	lx_search_req sr;
	if (!lx_search_parse(r, &sr, rep)) {
		lx_html_error(rep);
		return;
	}
	lx_conn *cn = lx_conn_get(snap);
	lx_results *res = cn ? lx_search_run(snap, cn, &sr, true, rep) : NULL;
	if (!cn)
		lx_reply_error(rep, 503, "unavailable", "the index cannot be opened");
	if (!res) {
		lx_html_error(rep);
		lx_conn_put(snap, cn);
		free(sr.query);
		return;
	}
	f = open_memstream(&buf, &len);
	if (f) {
		head(f, q && *q ? q : "检索", q);
		facets(f, r, res);
		long count = lx_results_count(res);
		fprintf(f, "<p class=\"count\">%ld 条结果", count);
		if (count)
			fprintf(f, "，第 %zu–%zu 条", (sr.page - 1) * sr.size + 1,
			        (sr.page - 1) * sr.size + lx_results_len(res));
		fputs("　排序：", f);
		static const char *const sorts[][2] = {{"relevance", "相关度"},
		                                       {"effective", "施行日期"},
		                                       {"issued", "发布日期"},
		                                       {"article", "条序"}};
		for (int k = 0; k < 4; k++) {
			fputs("<a href=\"", f);
			state_link(f, r, "sort", "sort", sorts[k][0]);
			fprintf(f, "\">%s</a> ", sorts[k][1]);
		}
		fputs("</p>\n", f);
		for (size_t i = 0; i < lx_results_len(res); i++) {
			fputs("<div class=\"hit\"><a href=\"", f);
			doc_link(f, lx_hit_doc(res, i), lx_hit_eid(res, i));
			fputs("\">", f);
			lx_html_esc(f, lx_hit_title(res, i) ? lx_hit_title(res, i)
			                                    : lx_hit_doc(res, i), -1);
			fputs(" ", f);
			lx_html_esc(f, lx_hit_label(res, i) ? lx_hit_label(res, i) : "", -1);
			fputs("</a><div class=\"meta\">", f);
			const char *fields[] = {lx_hit_jurisdiction(res, i),
			                        lx_hit_type(res, i), lx_hit_status(res, i),
			                        lx_hit_effective(res, i)};
			for (int k = 0; k < 4; k++)
				if (fields[k]) {
					lx_html_esc(f, fields[k], -1);
					fputs(" · ", f);
				}
			const char *const *path;
			size_t np = lx_hit_path(res, i, &path);
			for (size_t k = 0; k < np; k++) {
				lx_html_esc(f, path[k], -1);
				fputs(k + 1 < np ? " / " : "", f);
			}
			fputs("</div><div class=\"snippet\">", f);
			snippet(f, res, i);
			fputs("</div></div>\n", f);
		}
		size_t pages = count > 0 ? ((size_t)count + sr.size - 1) / sr.size : 0;
		if (pages > LX_SERVE_MAX_PAGES)
			pages = LX_SERVE_MAX_PAGES;
		if (pages > 1) {
			fputs("<p class=\"pages\">", f);
			size_t lo = sr.page > 5 ? sr.page - 5 : 1;
			for (size_t p = lo; p <= pages && p < lo + 10; p++) {
				char num[24];
				snprintf(num, sizeof(num), "%zu", p);
				if (p == sr.page) {
					fprintf(f, "<b>%zu</b> ", p);
					continue;
				}
				fputs("<a href=\"", f);
				state_link(f, r, NULL, "page", num);
				fprintf(f, "\">%zu</a>", p);
			}
			fputs("</p>", f);
		}
		if (lx_results_count(res) >= 2) {
			fputs("<p><a href=\"/compare?query=", f);
			lx_url_esc(f, sr.query);
			fputs("\">对照这些结果所在的法规</a></p>", f);
		}
		foot(f);
		if (fclose(f))
			free(buf);
		else
			lx_reply_take(rep, 200, HTML_TYPE, buf, len);
	}
	lx_results_free(res);
	lx_conn_put(snap, cn);
	free(sr.query);
}

/* ---- a document ---------------------------------------------------------- */

/* The defined terms of a document (lx_doc_definitions), for marking
 * their occurrences: one definition per term (the first), terms of two
 * characters or more, longest first (the longest match wins). */
typedef struct terms {
	const lx_req *r; /* the request: its deadline */
	const lx_doc *d;
	const lx_definition **v;
	size_t n;
} terms;

static int cmp_term_len(const void *a, const void *b)
{
	const lx_definition *x = *(const lx_definition *const *)a,
	                    *y = *(const lx_definition *const *)b;
	size_t lx = strlen(x->term), ly = strlen(y->term);
	return lx != ly ? (lx > ly ? -1 : 1) : strcmp(x->term, y->term);
}

static void terms_init(terms *t, const lx_req *r, const lx_doc *d)
{
	const lx_definition *df;
	size_t n = lx_doc_definitions(d, &df);
	t->r = r;
	t->d = d;
	t->n = 0;
	t->v = n ? malloc(n * sizeof(*t->v)) : NULL;
	for (size_t i = 0; t->v && i < n; i++) {
		/* two characters at least: a one-character term (甲) would
		 * mark every occurrence of the character */
		if (!df[i].term || !df[i].eid || strlen(df[i].term) < 6)
			continue;
		bool dup = false;
		for (size_t k = 0; k < t->n && !dup; k++)
			dup = !strcmp(t->v[k]->term, df[i].term);
		if (!dup)
			t->v[t->n++] = &df[i];
	}
	if (t->n)
		qsort(t->v, t->n, sizeof(*t->v), cmp_term_len);
}

/* Where a definition stands, for its tooltip: the label of its article
 * (第二条), or "" when it is not in one. */
static const char *def_article(const lx_doc *d, const char *eid)
{
	char art[64];
	const char *sep = strstr(eid, "__");
	size_t l = sep ? (size_t)(sep - eid) : strlen(eid);
	if (l >= sizeof(art) || strncmp(eid, "art_", 4))
		return "";
	memcpy(art, eid, l);
	art[l] = '\0';
	const lx_node *n = lx_doc_find(d, art);
	const char *lab = n ? lx_node_get_label(n) : NULL;
	return lab ? lab : "";
}

/* n bytes of text, HTML-escaped, each occurrence of a defined term
 * marked: <abbr class="term" title="第X条：definition"> (a <dfn> in the
 * node that defines it). */
static void term_text(FILE *f, const terms *t, const char *eid,
                      const char *s, size_t n)
{
	size_t at = 0;
	for (size_t i = 0; t && t->n && i < n; i++) {
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continue; /* inside a character */
		const lx_definition *hit = NULL;
		size_t hl = 0;
		for (size_t k = 0; k < t->n && !hit; k++) {
			size_t tl = strlen(t->v[k]->term);
			if (tl <= n - i && !memcmp(s + i, t->v[k]->term, tl)) {
				hit = t->v[k];
				hl = tl;
			}
		}
		if (!hit)
			continue;
		lx_html_esc(f, s + at, (long)(i - at));
		if (!strcmp(hit->eid, eid)) {
			fputs("<dfn class=\"term\">", f);
			lx_html_esc(f, s + i, (long)hl);
			fputs("</dfn>", f);
		} else {
			const char *lab = def_article(t->d, hit->eid);
			fputs("<abbr class=\"term\" title=\"", f);
			lx_html_esc(f, *lab ? lab : "定义", -1);
			fputs("：", f);
			/* the definition, cut at about 120 characters */
			const char *tx = hit->text ? hit->text : "";
			size_t tl = strlen(tx), cut = tl;
			if (cut > 360) {
				cut = 360;
				while (cut && ((unsigned char)tx[cut] & 0xC0) == 0x80)
					cut--;
			}
			lx_html_esc(f, tx, (long)cut);
			if (cut < tl)
				fputs("…", f);
			fputs("\">", f);
			lx_html_esc(f, s + i, (long)hl);
			fputs("</abbr>", f);
		}
		at = i + hl;
		i = at - 1;
	}
	lx_html_esc(f, s + at, (long)(n - at));
}

/* Text of node n with its citations as links (cites are those of the
 * document, the ones from n's eid used) and its defined terms marked. */
static void cited_text(FILE *f, const lx_doc *d, const terms *tm,
                       const char *eid, const char *text)
{
	size_t at = 0, len = strlen(text);
	size_t nc = lx_doc_cite_count(d);
	for (size_t k = 0; k < nc; k++) {
		const lx_cite *c = lx_doc_cite(d, k);
		if (strcmp(lx_cite_get_from(c), eid))
			continue;
		size_t s = lx_cite_get_start(c), e = lx_cite_get_end(c);
		if (s < at || e > len || s >= e)
			continue;
		term_text(f, tm, eid, text + at, s - at);
		const lx_target *t = lx_cite_target_count(c) ? lx_cite_target(c, 0)
		                                              : NULL;
		if (t && t->doc) {
			fputs("<a class=\"cite\" href=\"", f);
			doc_link(f, t->doc, t->eid);
			fputs("\">", f);
			lx_html_esc(f, text + s, (long)(e - s));
			fputs("</a>", f);
		} else {
			fputs("<span class=\"unresolved\" title=\"", f);
			lx_html_esc(f, lx_cite_get_reason(c) ? lx_cite_get_reason(c) : "", -1);
			fputs("\">", f);
			lx_html_esc(f, text + s, (long)(e - s));
			fputs("</span>", f);
		}
		at = e;
	}
	term_text(f, tm, eid, text + at, len - at);
}

static void cited_by(FILE *f, const lx_snap *snap, const char *id,
                     const char *eid)
{
	size_t n = 0;
	const lx_cite **v = lx_cites_to(snap, id, eid, &n);
	if (v && n) {
		fprintf(f, "<details class=\"citedby\"><summary>被引用 %zu 处</summary><ul>", n);
		for (size_t i = 0; i < n; i++) {
			fputs("<li><a href=\"", f);
			doc_link(f, lx_cite_get_doc(v[i]), lx_cite_get_from(v[i]));
			fputs("\">", f);
			lx_doc *cd = lx_snap_doc(snap, lx_cite_get_doc(v[i]));
			lx_html_esc(f, cd && lx_doc_title(cd) ? lx_doc_title(cd)
			                                      : lx_cite_get_doc(v[i]), -1);
			fputs(" ", f);
			lx_html_esc(f, lx_cite_get_from(v[i]), -1);
			fputs("</a>：", f);
			lx_html_esc(f, lx_cite_get_text(v[i]), -1);
			fputs("</li>", f);
		}
		fputs("</ul></details>", f);
	}
	free(v);
}

static void node_label(FILE *f, const lx_node *n)
{
	const char *l = lx_node_get_label(n), *h = lx_node_get_heading(n);
	if (l)
		lx_html_esc(f, l, -1);
	if (l && h)
		putc(' ', f);
	if (h)
		lx_html_esc(f, h, -1);
}

static void outline(FILE *f, const lx_node *n)
{
	for (const lx_node *c = lx_node_first_child(n); c; c = lx_node_next(c)) {
		lx_node_type t = lx_node_get_type(c);
		if (t == LX_NODE_ARTICLE || (t >= LX_NODE_PART && t <= LX_NODE_SECTION)) {
			fputs("<li><a href=\"#", f);
			lx_html_esc(f, lx_node_get_eid(c), -1);
			fputs("\">", f);
			node_label(f, c);
			fputs("</a>", f);
			if (t != LX_NODE_ARTICLE) {
				fputs("<ul>", f);
				outline(f, c);
				fputs("</ul>", f);
			}
			fputs("</li>", f);
		}
	}
}

/* The tree below n (recursion bounded: a statute has at most eight
 * levels, 编 to 目; deeper is not drawn). */
static void body(FILE *f, const lx_snap *snap, const lx_doc *d,
                 const terms *tm, const lx_node *n, int depth)
{
	for (const lx_node *c = lx_node_first_child(n); c && depth < 16;
	     c = lx_node_next(c)) {
		lx_node_type t = lx_node_get_type(c);
		const char *eid = lx_node_get_eid(c);
		if (t == LX_NODE_ARTICLE && lx_req_late(tm->r))
			return; /* the answer is a timeout now */
		switch (t) {
		case LX_NODE_PART:
		case LX_NODE_SUBPART:
		case LX_NODE_CHAPTER:
		case LX_NODE_SECTION:
			fprintf(f, "<h%d id=\"", t == LX_NODE_SECTION ? 3 : 2);
			lx_html_esc(f, eid, -1);
			fputs("\">", f);
			node_label(f, c);
			fprintf(f, "</h%d>\n", t == LX_NODE_SECTION ? 3 : 2);
			body(f, snap, d, tm, c, depth + 1);
			break;
		case LX_NODE_ARTICLE:
			fputs("<section class=\"art\" id=\"", f);
			lx_html_esc(f, eid, -1);
			fputs("\"><h4><a href=\"#", f);
			lx_html_esc(f, eid, -1);
			fputs("\">", f);
			node_label(f, c);
			fputs("</a></h4>", f);
			if (lx_node_get_text(c)) {
				fputs("<p>", f);
				cited_text(f, d, tm, eid, lx_node_get_text(c));
				fputs("</p>", f);
			}
			body(f, snap, d, tm, c, depth + 1);
			cited_by(f, snap, lx_doc_id(d), eid);
			fputs("</section>\n", f);
			break;
		default: {
			const char *cls = t == LX_NODE_ITEM      ? "item"
			                  : t == LX_NODE_SUBITEM ? "subitem"
			                                         : "para";
			fprintf(f, "<div class=\"%s\" id=\"", cls);
			lx_html_esc(f, eid, -1);
			fputs("\">", f);
			/* an item's label (（一）) is not in its text */
			if (lx_node_get_label(c) && t != LX_NODE_PARAGRAPH)
				lx_html_esc(f, lx_node_get_label(c), -1);
			if (lx_node_get_text(c))
				cited_text(f, d, tm, eid, lx_node_get_text(c));
			body(f, snap, d, tm, c, depth + 1);
			fputs("</div>\n", f);
		}
		}
	}
}

static void meta_row(FILE *f, const char *k, const char *v)
{
	if (!v)
		return;
	fprintf(f, "<tr><td>%s</td><td>", k);
	lx_html_esc(f, v, -1);
	fputs("</td></tr>", f);
}

static void page_doc(lx_snap *snap, const lx_req *r, const char *id,
                     lx_reply *rep)
{
	pthread_mutex_lock(&snap->lock);
	lx_doc *d = lx_snap_doc(snap, id);
	if (!d) {
		pthread_mutex_unlock(&snap->lock);
		char msg[300];
		snprintf(msg, sizeof(msg), "no document '%.200s' in the index", id);
		page_error(rep, 404, "not_found", msg);
		return;
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f) {
		pthread_mutex_unlock(&snap->lock);
		return;
	}
	const char *title = lx_doc_title(d) ? lx_doc_title(d) : id;
	head(f, title, NULL);
	fputs("<h1>", f);
	lx_html_esc(f, title, -1);
	fputs("</h1><table class=\"meta\">", f);
	meta_row(f, "标识", id);
	meta_row(f, "地域", lx_doc_jurisdiction(d));
	meta_row(f, "类别", lx_doc_type(d));
	meta_row(f, "效力", lx_doc_status(d));
	meta_row(f, "文号", lx_doc_number(d));
	meta_row(f, "制定机关", lx_doc_issuer(d));
	meta_row(f, "施行日期", lx_doc_effective(d));
	meta_row(f, "有效期至", lx_doc_expires(d));
	const lx_event *ev;
	size_t ne = lx_doc_history(d, &ev);
	for (size_t i = 0; i < ne; i++) {
		fputs("<tr><td>沿革</td><td>", f);
		lx_html_esc(f, ev[i].date ? ev[i].date : "", -1);
		fputs(" ", f);
		lx_html_esc(f, ev[i].by ? ev[i].by : "", -1);
		fputs(" ", f);
		lx_html_esc(f, ev[i].action ? ev[i].action : "", -1);
		fputs("</td></tr>", f);
	}
	/* the other versions of the work */
	const char *work = lx_doc_work(d);
	for (size_t i = 0; work && i < snap->ndocs; i++) {
		lx_doc *o = snap->docs[i];
		if (o == d || !lx_doc_work(o) || strcmp(lx_doc_work(o), work))
			continue;
		fputs("<tr><td>其他版本</td><td><a href=\"", f);
		doc_link(f, lx_doc_id(o), NULL);
		fputs("\">", f);
		lx_html_esc(f, lx_doc_id(o), -1);
		fputs("</a>（", f);
		lx_html_esc(f, lx_doc_status(o) ? lx_doc_status(o) : "", -1);
		fputs("） <a href=\"/diff?old=", f);
		/* older first, by version date (NULL: the original) */
		const char *va = lx_doc_version(o), *vb = lx_doc_version(d);
		bool older = !va || (vb && strcmp(va, vb) < 0);
		lx_url_esc(f, lx_doc_id(older ? o : d));
		fputs("&amp;new=", f);
		lx_url_esc(f, lx_doc_id(older ? d : o));
		fputs("\">修改前后对照</a></td></tr>", f);
	}
	fputs("</table>\n<div class=\"doc\"><nav class=\"outline\"><ul>", f);
	outline(f, lx_doc_body(d));
	fputs("</ul></nav><div class=\"text\">\n", f);
	terms tm;
	terms_init(&tm, r, d);
	body(f, snap, d, &tm, lx_doc_body(d), 0);
	free(tm.v);
	fputs("</div></div>", f);
	pthread_mutex_unlock(&snap->lock);
	foot(f);
	if (fclose(f))
		free(buf);
	else
		lx_reply_take(rep, 200, HTML_TYPE, buf, len);
}

/* ---- diff and compare: the library's HTML in the frame ---------------- */

/* Puts the renderer's page (a whole document) after a bar of links: the
 * part between <body> and </body> goes into our frame. */
static void framed(lx_reply *rep, const char *title, const char *inner,
                   size_t ilen, void (*extra)(FILE *, void *), void *ctx)
{
	const char *b = memmem(inner, ilen, "<body>", 6);
	const char *e = b ? memmem(b, ilen - (size_t)(b - inner), "</body>", 7)
	                  : NULL;
	const char *st = memmem(inner, ilen, "<style>", 7);
	const char *se = st ? memmem(st, ilen - (size_t)(st - inner), "</style>", 8)
	                    : NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f || !b || !e)
		goto fail;
	head(f, title, NULL);
	if (st && se) /* the renderer's own style, scoped by its tags */
		fwrite(st, 1, (size_t)(se - st) + 8, f);
	if (extra)
		extra(f, ctx);
	fwrite(b + 6, 1, (size_t)(e - b - 6), f);
	foot(f);
	if (fclose(f)) {
		f = NULL;
		goto fail;
	}
	lx_reply_take(rep, 200, HTML_TYPE, buf, len);
	rep->inline_style = st && se;
	return;
fail:
	if (f)
		fclose(f);
	free(buf);
	page_error(rep, 503, "unavailable", "out of memory");
}

static void page_diff(lx_snap *snap, const lx_req *r, lx_reply *rep)
{
	const char *o = lx_req_arg(r, "old"), *n = lx_req_arg(r, "new");
	if (!o || !n) {
		page_error(rep, 400, "bad_request", "give old=ID and new=ID");
		return;
	}
	pthread_mutex_lock(&snap->lock);
	lx_doc *a = lx_snap_doc(snap, o), *b = lx_snap_doc(snap, n);
	lx_diff *df = NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = NULL;
	if (!a || !b) {
		char msg[300];
		snprintf(msg, sizeof(msg), "no document '%.200s' in the index",
		         !a ? o : n);
		page_error(rep, 404, "not_found", msg);
	} else if (lx_diff_docs(&df, a, b) ||
	           !(f = open_memstream(&buf, &len))) {
		page_error(rep, 503, "unavailable", "out of memory");
	} else {
		lx_diff_view v = {.width = 120};
		int rc = lx_diff_html(f, df, &v);
		if (fclose(f) || rc)
			page_error(rep, 503, "unavailable", "out of memory");
		else
			framed(rep, "修改前后对照表", buf, len, NULL, NULL);
		free(buf);
	}
	lx_diff_free(df);
	pthread_mutex_unlock(&snap->lock);
}

typedef struct cmpctx {
	const lx_req *r;
	lx_doc **v;
	size_t n;
} cmpctx;

static void pick_args(FILE *f, const lx_req *r)
{
	const char *docs = lx_req_arg(r, "docs"), *q = lx_req_arg(r, "query");
	fputs(docs ? "docs=" : "query=", f);
	lx_url_esc(f, docs ? docs : q);
}

static void cmp_bar(FILE *f, void *vctx)
{
	cmpctx *c = vctx;
	fputs("<p><a href=\"/compare.csv?", f);
	pick_args(f, c->r);
	fputs("\" download>下载 CSV</a>　文件：", f);
	for (size_t i = 0; i < c->n; i++) {
		fputs("<a href=\"", f);
		doc_link(f, lx_doc_id(c->v[i]), NULL);
		fputs("\">", f);
		lx_html_esc(f, lx_doc_title(c->v[i]) ? lx_doc_title(c->v[i])
		                                     : lx_doc_id(c->v[i]), -1);
		fputs("</a>　", f);
	}
	fputs("</p>", f);
}

/* A CSV field: quoted, quotes doubled; a leading = + - @ made inert for
 * spreadsheets. */
static void csv(FILE *f, const char *s)
{
	putc('"', f);
	if (s && strchr("=+-@", *s) && *s)
		putc('\'', f);
	for (; s && *s; s++) {
		if (*s == '"')
			putc('"', f);
		putc(*s == '\n' ? ' ' : *s, f);
	}
	putc('"', f);
}

static void page_compare(lx_server *srv, lx_snap *snap, const lx_req *r,
                         lx_reply *rep, bool as_csv)
{
	pthread_mutex_lock(&snap->lock);
	size_t n = 0;
	lx_doc **v = lx_compare_pick(snap, r, &n, rep);
	lx_compare *cmp = NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = NULL;
	if (!v) {
		lx_html_error(rep);
	} else if (lx_req_late(r)) {
		lx_reply_late(rep);
	} else if (lx_compare_docs(&cmp, srv->g, v, n) ||
	           !(f = open_memstream(&buf, &len))) {
		page_error(rep, 503, "unavailable", "out of memory");
	} else if (as_csv) {
		fputs("\xEF\xBB\xBF", f); /* BOM: spreadsheets read UTF-8 */
		csv(f, "主题");
		for (size_t d = 0; d < n; d++) {
			char *h;
			putc(',', f);
			if (asprintf(&h, "%s（%s）", lx_doc_title(v[d]) ? lx_doc_title(v[d]) : lx_doc_id(v[d]),
			             lx_doc_jurisdiction(v[d]) ? lx_doc_jurisdiction(v[d]) : "") >= 0) {
				csv(f, h);
				free(h);
			}
			putc(',', f);
			csv(f, "数值");
		}
		fputs("\r\n", f);
		for (size_t row = 0; row < lx_compare_row_count(cmp); row++) {
			if (!lx_compare_row_kept(cmp, row))
				continue;
			csv(f, lx_compare_row_topic(cmp, row));
			for (size_t d = 0; d < n; d++) {
				const lx_node *a = lx_compare_cell_article(cmp, row, d);
				char *t = a ? lx_article_text(a) : NULL;
				putc(',', f);
				csv(f, t ? t : "");
				free(t);
				putc(',', f);
				const lx_figure_list *fl = lx_compare_cell_figures(cmp, row, d);
				char *figs = NULL;
				size_t flen = 0;
				FILE *ff = open_memstream(&figs, &flen);
				for (size_t k = 0; ff && k < lx_figure_list_count(fl); k++) {
					char *s = lx_figure_format(lx_figure_list_at(fl, k));
					fprintf(ff, "%s%s", k ? "；" : "", s ? s : "");
					free(s);
				}
				if (ff && !fclose(ff))
					csv(f, figs);
				else
					csv(f, "");
				free(figs);
			}
			fputs("\r\n", f);
		}
		if (fclose(f)) {
			free(buf);
			page_error(rep, 503, "unavailable", "out of memory");
		} else {
			lx_reply_take(rep, 200, "text/csv; charset=utf-8", buf, len);
			rep->disposition = "attachment; filename=\"compare.csv\"";
		}
	} else {
		int rc = lx_compare_html(f, cmp, false);
		if (fclose(f) || rc) {
			page_error(rep, 503, "unavailable", "out of memory");
		} else {
			cmpctx c = {r, v, n};
			framed(rep, "条文对照", buf, len, cmp_bar, &c);
		}
		free(buf);
	}
	lx_compare_free(cmp);
	free(v);
	pthread_mutex_unlock(&snap->lock);
}

bool lx_pages_route(lx_server *srv, lx_snap *snap, const lx_req *r,
                    lx_reply *rep)
{
	const char *p = r->path;
	if (!strcmp(p, "/static/app.css")) {
		char *s = strdup(CSS);
		if (s)
			lx_reply_take(rep, 200, "text/css; charset=utf-8", s, strlen(s));
		return true;
	}
	if (!strcmp(p, "/static/app.js")) {
		char *s = strdup(JS);
		if (s)
			lx_reply_take(rep, 200, "text/javascript; charset=utf-8", s,
			              strlen(s));
		return true;
	}
	if (!strcmp(p, "/favicon.ico")) { /* none: an empty answer */
		lx_reply_take(rep, 204, "image/x-icon", NULL, 0);
		return true;
	}
	if (!strcmp(p, "/") || !strcmp(p, "/search"))
		page_search(snap, r, rep);
	else if (!strncmp(p, "/doc/", 5) && p[5])
		page_doc(snap, r, p + 5, rep);
	else if (!strcmp(p, "/diff"))
		page_diff(snap, r, rep);
	else if (!strcmp(p, "/compare"))
		page_compare(srv, snap, r, rep, false);
	else if (!strcmp(p, "/compare.csv"))
		page_compare(srv, snap, r, rep, true);
	else {
		page_error(rep, 404, "not_found", "no such page");
	}
	return true;
}
