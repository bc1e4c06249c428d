/*
 * test_clean.c: the clean-up of extraction artifacts, before structure:
 * re-joined hard wraps, page numbers, Markdown, invisible characters; and
 * the paragraph recovery of PDF-extracted text measured on PDF-like
 * renderings of clean statutes (the Markdown of corpus/, and ../shared's
 * lawrefbook when present; LX_SHOW_MISSES=N lists N misses of dev).
 */
#include "../parser/files.h"
#include "lxtest.h"

/* A statute hard-wrapped at 20 characters, blank lines between lines. */
static const char *wrapped =
	"东江市示例条例\n\n"
	"第一条 为了规范示例工作，保障公民、法\n\n"
	"人和其他组织的合法权益，促进示例事业健康\n\n"
	"发展，根据有关法律、行政法规的规定，结合\n\n"
	"本市实际情况，制定本条例。\n\n"
	"第二条 本条例适用于本市行政区域内的示\n\n"
	"例活动，以及与示例活动有关的规划、建设、\n\n"
	"管理、服务和监督等全部工作。\n\n"
	"有关部门应当按照各自职责做好示例工作\n\n"
	"，加强协作配合，及时研究解决示例工作中的\n\n"
	"问题。\n\n"
	"12\n\n"
	" 第三条 市人民政府应当加强对示例工作的\n\n"
	"领导，建立健全协调机制，统筹解决示例工作\n\n"
	"中的重大问题，所需经费列入本级财政预算。\n\n"
	"区人民政府应当落实本条例规定的各项职\n\n"
	"责，定期向市人民政府报告示例工作情况和存\n\n"
	"在的问题，并接受监督。\n\n"
	"第四条 示例工作应当坚持依法、公开、公\n\n"
	"平、公正的原则，接受社会各方面的监督和人\n\n"
	"民群众的评议。本条所称公开，是指依法向社\n\n"
	"会公布有关信息。\n\n"
	"第五条 本条例自2024年1月1日起施\n\n"
	"行。\n\n";

static void hard_wraps_rejoined(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(G, wrapped);
	assert_int_equal(test_diags(d, "hard-wrapped"), 1);
	assert_str(lx_node_get_text(test_find(d, "art_1__para_1")),
	           "为了规范示例工作，保障公民、法人和其他组织的合法权益，促进示例"
	           "事业健康发展，根据有关法律、行政法规的规定，结合本市实际情况，"
	           "制定本条例。");
	/* A new paragraph starts on an indented (shorter) line. */
	assert_int_equal(test_children(test_find(d, "art_2"),
	                               LX_NODE_PARAGRAPH),
	                 2);
	/* A sentence end inside a line does not end the paragraph. */
	assert_int_equal(test_children(test_find(d, "art_4"),
	                               LX_NODE_PARAGRAPH),
	                 1);
	assert_int_equal(test_diags(d, "uncertain-break"), 0);
	/* A page number between lines is dropped and said. */
	assert_int_equal(test_diags(d, "page-number"), 1);
	/* After a page break a line starting with a space: an indent. */
	assert_int_equal(test_children(test_find(d, "art_3"),
	                               LX_NODE_PARAGRAPH),
	                 2);
	assert_int_equal(lx_node_count(lx_doc_body(d), LX_NODE_ARTICLE), 5);
	lx_doc_free(d);
}

static void loose_lines_and_markdown(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(
		G, "# 东江市示例办法\n\n## **第一章 总　则**\n\n"
		   "**第一条** 本办法所称示例，是指按照规定给予最高2万\n\n"
		   "元的奖励。\n\n"
		   "第二条\xe2\x80\x8b 适用\xc2\xa0范围\xe3\x80\x80包括 APEC 会议和 FDA 认证。\n");
	assert_str(lx_node_get_heading(test_find(d, "chp_1")), "总则");
	assert_str(lx_node_get_text(test_find(d, "art_1__para_1")),
	           "本办法所称示例，是指按照规定给予最高2万元的奖励。");
	/* Zero-width removed; spaces between CJK dropped, between Latin
	 * words kept. */
	assert_str(lx_node_get_text(test_find(d, "art_2__para_1")),
	           "适用范围包括APEC会议和FDA认证。");
	lx_doc_free(d);
}

static void headings_are_never_joined(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(G, "东江市示例条例\n第一章 总则\n第一条 甲\n第二章 "
	                              "其他\n乙\n第二条 丙");
	assert_str(lx_node_get_heading(test_find(d, "chp_1")), "总则");
	assert_str(lx_node_get_heading(test_find(d, "chp_2")), "其他");
	assert_int_equal(test_diags(d, "text-outside-article"), 1);
	lx_doc_free(d);
}

/* ---- PDF-like renderings of clean statutes ------------------------------
 *
 * Text as a user copies it from a PDF of a statute: the clean Markdown laid
 * out on pages and hard-wrapped, then parsed and scored against the parse
 * of the Markdown itself.  Every choice comes from a seeded PRNG (a fixed
 * seed mixed with the file's path and the variant), so a run repeats. */

typedef struct prng {
	uint64_t s;
} prng;

/* splitmix64: small, good enough, its state is the caller's. */
static uint32_t rnd(prng *p)
{
	uint64_t z = (p->s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return (uint32_t)((z ^ (z >> 31)) >> 16);
}

static int rnd_in(prng *p, int lo, int hi)
{
	return lo + (int)(rnd(p) % (uint32_t)(hi - lo + 1));
}

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

typedef struct variant {
	const char *name;
	bool indent; /* the 2 full-width spaces kept in the copied text */
	bool blank;  /* a blank line after every line (pdftotext) */
	bool spaces; /* stray ASCII spaces between wide characters */
} variant;

static const variant variants[] = {
	{"indent", true, false, false},
	{"lost-indent", false, false, false},
	{"indent+blank", true, true, false},
	{"lost-indent+blank", false, true, false},
	{"indent+spaces", true, false, true},
	{"lost-indent+blank+spaces", false, true, true},
};
enum { NVAR = sizeof(variants) / sizeof(variants[0]) };

typedef struct obuf {
	char *s;
	size_t len, cap;
} obuf;

static void out_add(obuf *o, const char *s, size_t n)
{
	if (o->len + n + 1 > o->cap) {
		o->cap = (o->len + n + 1) * 2;
		o->s = realloc(o->s, o->cap);
		assert_non_null(o->s);
	}
	memcpy(o->s + o->len, s, n);
	o->len += n;
	o->s[o->len] = '\0';
}

static size_t u8_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* The layout of one rendering. */
typedef struct page {
	const variant *v;
	prng *p;
	obuf *o;
	int W;        /* CJK characters in a full line */
	bool half;    /* ASCII half a character wide (else one) */
	int per_page; /* lines of text on a page */
	int style;    /* of the page number */
	bool running; /* a running title at the top of each page */
	char *title;
	int line, no, total;
} page;

static void page_line(page *g, const char *s, size_t n);

/* The foot of a page and, when the document has one, the running title
 * at the top of the next. */
static void page_break(page *g)
{
	char num[64];
	switch (g->style) {
	case 0: snprintf(num, sizeof(num), "— %d —", g->no); break;
	case 1: snprintf(num, sizeof(num), "－%d－", g->no); break;
	case 2: snprintf(num, sizeof(num), "第%d页 共%d页", g->no, g->total); break;
	default: snprintf(num, sizeof(num), "%d", g->no); break;
	}
	g->no++;
	g->line = -1000000; /* the furniture itself breaks no page */
	page_line(g, num, strlen(num));
	if (g->running && g->title)
		page_line(g, g->title, strlen(g->title));
	g->line = 0;
}

static void page_line(page *g, const char *s, size_t n)
{
	out_add(g->o, s, n);
	out_add(g->o, "\n", 1);
	if (g->v->blank)
		out_add(g->o, "\n", 1);
	if (++g->line == g->per_page)
		page_break(g);
}

static bool in_list(const char *const *p, const char *s, size_t n)
{
	for (size_t k = 0; p[k]; k++)
		if (n == strlen(p[k]) && !memcmp(s, p[k], n))
			return true;
	return false;
}

/* Characters that never start a line (kinsoku): they hang in the margin. */
static bool no_line_start(const char *s, size_t n)
{
	static const char *const p[] = {"，", "。", "、", "；", "：", "？", "！",
	                                "）", "》", "」", "”", "’", "〕", "】",
	                                NULL};
	return in_list(p, s, n);
}

/* Nor end one: they move down with the next character. */
static bool no_line_end(const char *s, size_t n)
{
	static const char *const p[] = {"（", "《", "「", "“", "‘", "〔", "【",
	                                NULL};
	return in_list(p, s, n);
}

/* One line of a paragraph, with the stray spaces of the variant. */
static void para_line(page *g, const char *s, size_t n, bool first)
{
	obuf l = {0};
	if (first && g->v->indent)
		out_add(&l, "\u3000\u3000", 6);
	bool prev_wide = false;
	for (size_t i = 0; i < n;) {
		size_t cl = u8_len((unsigned char)s[i]);
		bool wide = cl >= 3;
		if (wide && prev_wide && g->v->spaces && rnd(g->p) % 25 == 0)
			out_add(&l, " ", 1);
		out_add(&l, s + i, cl);
		prev_wide = wide;
		i += cl;
	}
	page_line(g, l.s ? l.s : "", l.len);
	free(l.s);
}

/* A paragraph hard-wrapped at W characters (widths in half characters):
 * ASCII words are not broken, closing punctuation hangs, opening
 * punctuation moves down; the first line holds two characters less (the
 * indent is on the page even when the copied text lost it). */
static void para(page *g, const char *s, size_t n)
{
	int cap = 2 * g->W - 4, used = 0;
	size_t ls = 0, i = 0, last_tok = 0;
	bool first = true;
	while (i < n) {
		size_t st = i, e;
		int w;
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80 && c > 0x20 && c < 0x7F) {
			e = i;
			while (e < n && (unsigned char)s[e] > 0x20 &&
			       (unsigned char)s[e] < 0x7F)
				e++;
			w = (int)(e - i) * (g->half ? 1 : 2);
		} else if (c < 0x80) {
			e = i + 1;
			w = g->half ? 1 : 2;
		} else {
			e = i + u8_len(c);
			w = 2;
		}
		if (used + w > cap && used > 0 &&
		    !no_line_start(s + st, e - st)) {
			size_t end = st;
			if (last_tok > ls &&
			    no_line_end(s + last_tok, st - last_tok))
				end = last_tok;
			size_t le = end;
			while (le > ls && s[le - 1] == ' ')
				le--;
			para_line(g, s + ls, le - ls, first);
			first = false;
			cap = 2 * g->W;
			used = 0;
			ls = end;
			while (ls < n && s[ls] == ' ')
				ls++;
			if (ls > st) {
				i = ls;
				continue;
			}
			for (size_t k = ls; k < st; k += u8_len((unsigned char)s[k]))
				used += 2;
		}
		last_tok = st;
		used += w;
		i = e;
	}
	if (ls < n)
		para_line(g, s + ls, n - ls, first);
}

/* A centred line (title, heading): leading spaces when the layout kept
 * them. */
static void centred(page *g, const char *s, size_t n)
{
	obuf l = {0};
	if (g->v->indent)
		for (int k = rnd_in(g->p, 2, 12); k > 0; k--)
			out_add(&l, " ", 1);
	out_add(&l, s, n);
	page_line(g, l.s, l.len);
	free(l.s);
}

/* Lays the Markdown out into o; returns the pages used. */
static int render_pass(const char *md, size_t len, const variant *v,
                       uint64_t seed, int total, obuf *o)
{
	prng p = {seed};
	page g = {.v = v, .p = &p, .o = o, .no = 1, .total = total};
	g.W = rnd_in(&p, 22, 30);
	g.half = rnd(&p) % 2;
	g.per_page = rnd_in(&p, 22, 28);
	g.style = rnd_in(&p, 0, 3);
	g.running = rnd(&p) % 3 == 0;
	bool header = true;
	const char *e = md + len;
	for (const char *s = md; s < e;) {
		const char *nl = memchr(s, '\n', (size_t)(e - s));
		const char *le = nl ? nl : e;
		/* Markdown bold off; edge spaces off. */
		obuf l = {0};
		out_add(&l, "", 0);
		for (const char *c = s; c < le; c++)
			if (c[0] == '*' && c + 1 < le && c[1] == '*')
				c++;
			else
				out_add(&l, c, 1);
		const char *t = l.s;
		size_t n = l.len;
		while (n && strchr(" \t\r", t[n - 1]))
			n--;
		while (n && strchr(" \t", *t)) {
			t++;
			n--;
		}
		size_t h = 0;
		while (h < n && t[h] == '#')
			h++;
		if (h && h < n && t[h] == ' ') {
			t += h;
			n -= h;
			while (n && *t == ' ') {
				t++;
				n--;
			}
		} else {
			h = 0;
		}
		if (!n) {
			;
		} else if (strstr(t, "INFO END")) {
			header = false;
		} else if (h == 1 && !g.title) {
			g.title = strndup(t, n);
			assert_non_null(g.title);
			centred(&g, t, n);
		} else if (h) {
			centred(&g, t, n);
		} else if (header) {
			page_line(&g, t, n);
		} else {
			para(&g, t, n);
		}
		free(l.s);
		s = nl ? nl + 1 : e;
	}
	free(g.title);
	return g.no;
}

/* The rendering (malloc'd): twice, the first time for the page count of
 * "第3页 共9页". */
static char *render(const char *md, size_t len, const variant *v,
                    uint64_t seed, size_t *out_len)
{
	obuf o = {0};
	int pages = render_pass(md, len, v, seed, 0, &o);
	o.len = 0;
	render_pass(md, len, v, seed, pages, &o);
	*out_len = o.len;
	return o.s;
}

/* The units scored: headings (编/分编/章/节) by eid and heading,
 * paragraphs (款), items and sub-items by eid and text.  Items are counted
 * too: a wrap mistaken for a break, or a break lost, shows there as well.
 * Texts are compared as the tree gives them: node texts already drop the
 * spaces next to CJK characters (lx_norm_text), so a stray space that
 * survives is a real defect, not noise to compare away. */
typedef struct units {
	char **s;
	size_t n, cap;
} units;

static void units_of(const lx_doc *d, units *u)
{
	const lx_node *b = lx_doc_body(d);
	for (const lx_node *x = b; x; x = lx_node_next_preorder(b, x)) {
		lx_node_type t = lx_node_get_type(x);
		const char *v;
		if (t == LX_NODE_PART || t == LX_NODE_SUBPART ||
		    t == LX_NODE_CHAPTER || t == LX_NODE_SECTION)
			v = lx_node_get_heading(x);
		else if (t == LX_NODE_PARAGRAPH || t == LX_NODE_ITEM ||
		         t == LX_NODE_SUBITEM)
			v = lx_node_get_text(x);
		else
			continue;
		const char *eid = lx_node_get_eid(x);
		size_t l = strlen(eid) + 1 + (v ? strlen(v) : 0) + 1;
		char *k = malloc(l);
		assert_non_null(k);
		snprintf(k, l, "%s\t%s", eid, v ? v : "");
		if (u->n == u->cap) {
			u->cap = u->cap ? 2 * u->cap : 256;
			u->s = realloc(u->s, u->cap * sizeof(char *));
			assert_non_null(u->s);
		}
		u->s[u->n++] = k;
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void units_free(units *u)
{
	for (size_t i = 0; i < u->n; i++)
		free(u->s[i]);
	free(u->s);
}

typedef struct score {
	size_t gold, found, produced, files, skipped;
	size_t art_gold, art_found; /* the units under articles (art_…) */
	int shown;
} score;

/* Whether the Markdown's own lines are paragraphs.  Some lawrefbook files
 * were made from hard-wrapped text: their "paragraphs" stop in the middle
 * of sentences, and no layout of them can give those breaks back.  A
 * file where more than 5% of the body lines end on a Han character (not
 * on punctuation) is such a file, and is left out (and counted). */
static bool whole_paragraphs(const char *md, size_t len)
{
	const char *body = strstr(md, "INFO END");
	size_t lines = 0, cut = 0;
	for (const char *s = body ? body : md, *e = md + len; s < e;) {
		const char *nl = memchr(s, '\n', (size_t)(e - s));
		const char *le = nl ? nl : e;
		while (le > s && strchr(" \t\r", le[-1]))
			le--;
		if (le - s >= 3 && *s != '#') {
			const unsigned char *u = (const unsigned char *)le - 3;
			uint32_t c = (uint32_t)(u[0] & 0x0F) << 12 |
			             (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
			lines++;
			cut += (u[0] & 0xF0) == 0xE0 && c >= 0x4E00 && c <= 0x9FFF;
		}
		s = nl ? nl + 1 : e;
	}
	return cut * 20 <= lines;
}

/* Renders one Markdown statute in every variant and scores each; key
 * (the path below the corpus directory) seeds the layout, so that where
 * ../shared is does not change the renderings. */
static void score_file(const char *path, const char *key, score sc[NVAR],
                       int show)
{
	size_t len;
	char *md = lx_read_all(path, &len);
	assert_non_null(md);
	if (!whole_paragraphs(md, len)) {
		sc[0].skipped++;
		free(md);
		return;
	}
	lx_doc *gd = NULL;
	lx_error err = {0};
	if (lx_parse_buffer(&gd, G, path, md, len, NULL, &err))
		fail_msg("%s: %s", path, err.msg);
	units gold = {0};
	units_of(gd, &gold);
	lx_doc_free(gd);
	if (gold.n)
		qsort(gold.s, gold.n, sizeof(char *), cmp_str);
	for (int v = 0; v < NVAR && gold.n; v++) {
		size_t rl;
		char *r = render(md, len, &variants[v],
		                 0x6C65786Eull ^ fnv(key) ^ (uint64_t)v << 56, &rl);
		/* LX_DUMP_RENDER=part-of-a-path writes that statute's
		 * renderings to /tmp/render-<variant>.txt, to look at. */
		const char *dump = getenv("LX_DUMP_RENDER");
		if (dump && strstr(path, dump)) {
			char fn[64];
			snprintf(fn, sizeof(fn), "/tmp/render-%d.txt", v);
			FILE *f = fopen(fn, "w");
			if (f) {
				fwrite(r, 1, rl, f);
				fclose(f);
			}
		}
		lx_doc *d = NULL;
		if (lx_parse_buffer(&d, G, path, r, rl, NULL, &err))
			fail_msg("%s (%s): %s", path, variants[v].name, err.msg);
		units got = {0};
		units_of(d, &got);
		lx_doc_free(d);
		if (got.n)
			qsort(got.s, got.n, sizeof(char *), cmp_str);
		size_t i = 0, j = 0, hit = 0;
		for (size_t k = 0; k < gold.n; k++)
			sc[v].art_gold += !strncmp(gold.s[k], "art_", 4);
		while (i < gold.n && j < got.n) {
			int c = strcmp(gold.s[i], got.s[j]);
			if (!c) {
				sc[v].art_found += !strncmp(gold.s[i], "art_", 4);
				hit++;
				i++;
				j++;
			} else if (c < 0) {
				if (sc[v].shown < show) {
					sc[v].shown++;
					print_message("  miss (%s) %s: %.200s\n",
					              variants[v].name, path,
					              gold.s[i]);
				}
				i++;
			} else {
				j++;
			}
		}
		for (; i < gold.n && sc[v].shown < show; i++, sc[v].shown++)
			print_message("  miss (%s) %s: %.200s\n",
			              variants[v].name, path, gold.s[i]);
		sc[v].gold += gold.n;
		sc[v].found += hit;
		sc[v].produced += got.n;
		sc[v].files++;
		units_free(&got);
		free(r);
	}
	units_free(&gold);
	free(md);
}

/* Prints recall and precision per variant, and recall on the units of
 * articles alone (what the header/body boundary, meta.c's, cannot move:
 * a preamble paragraph taken into the header renumbers every preamble
 * paragraph after it); returns the recall of all units of all variants. */
static double report(const char *set, const score sc[NVAR], double *in_art)
{
	size_t g = 0, f = 0, p = 0, ag = 0, af = 0;
	for (int v = 0; v < NVAR; v++) {
		double rec = sc[v].gold ? (double)sc[v].found / sc[v].gold : 1;
		double pre = sc[v].produced
		                     ? (double)sc[v].found / sc[v].produced
		                     : 1;
		print_message("%-9s %-26s recall %6.2f%% (%zu/%zu)  precision "
		              "%6.2f%%  in articles %6.2f%%  (%zu files)\n",
		              set, variants[v].name, 100 * rec, sc[v].found,
		              sc[v].gold, 100 * pre,
		              sc[v].art_gold ? 100.0 * sc[v].art_found /
		                                       sc[v].art_gold
		                             : 100,
		              sc[v].files);
		ag += sc[v].art_gold;
		af += sc[v].art_found;
		g += sc[v].gold;
		f += sc[v].found;
		p += sc[v].produced;
	}
	*in_art = ag ? (double)af / ag : 1;
	print_message("%-9s %-26s recall %6.2f%% (%zu/%zu)  precision %6.2f%%  "
	              "in articles %6.2f%% (%zu/%zu)  (%zu files left out: "
	              "Markdown already hard-wrapped)\n",
	              set, "all", g ? 100.0 * f / g : 100, f, g,
	              p ? 100.0 * f / p : 100, 100 * *in_art, af, ag,
	              sc[0].skipped);
	return g ? (double)f / g : 1;
}

/* The bundled Markdown statutes, always. */
static void pdf_text_recovery_corpus(void **state)
{
	(void)state;
	static const char *const files[] = {
		"corpus/administrative-reconsideration-law-2017.md",
		"corpus/administrative-reconsideration-law-2023.md",
		"corpus/national-sme-promotion-law-2017.md",
		"corpus/shanghai-sme-promotion-2018.md",
		"corpus/sme-payment-regulation-2020.md",
		"corpus/sme-payment-regulation-2025.md",
	};
	score sc[NVAR] = {0};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		score_file(files[i], files[i], sc, 3);
	double art;
	assert_true(report("corpus/", sc, &art) >= 0.995);
}

/* lawrefbook statutes of ../shared, by the FNV-1a hash of the path below
 * the corpus directory: hash % 10 == 3 is the dev set (tune on it),
 * hash % 10 == 7 the held-out set (the assert). */
static void pdf_text_recovery_shared(void **state)
{
	(void)state;
	char dir[4096];
	test_shared_corpus(dir, sizeof(dir), "pdf_text_recovery_shared");
	lx_files files;
	assert_int_equal(lx_files_collect(&files, dir, NULL), 0);
	score dev[NVAR] = {0}, held[NVAR] = {0};
	const char *show = getenv("LX_SHOW_MISSES");
	size_t dl = strlen(dir);
	for (size_t i = 0; i < files.n; i++) {
		const char *p = files.path[i];
		const char *base = strrchr(p, '/');
		size_t pl = strlen(p);
		if (pl < 3 || strcmp(p + pl - 3, ".md") ||
		    !strcmp(base ? base + 1 : p, "_index.md"))
			continue;
		const char *key = p + (strncmp(p, dir, dl) ? 0 : dl);
		uint64_t h = fnv(key);
		if (h % 10 == 3)
			score_file(p, key, dev, show ? atoi(show) : 0);
		else if (h % 10 == 7)
			score_file(p, key, held, 8);
	}
	lx_files_free(&files);
	double art;
	report("dev", dev, &art);
	double all = report("held-out", held, &art);
	/* The goal of issue 14 is 99.5% of all units.  Held-out is not there
	 * yet (99.29%, from 99.05% before the header boundary of meta.c
	 * and the event lines kept apart: see test_meta.c
	 * pdf_header_boundary): what is left is mostly inside articles and
	 * the preamble's wrapping (clean.c: a title set over two lines
	 * joined in one paragraph when indents are lost, a paragraph split
	 * at a full line) and, where the indent is lost, a full line ending a
	 * sentence before a short one that ends one too (this paragraph's
	 * last line or a one-line paragraph: an uncertain-break either way).
	 * Until then the figures reached are the floor, so that a regression
	 * fails. */
	if (all < 0.995)
		print_message("held-out: below the 99.5%% goal (%.2f%%, %.2f%% "
		              "in articles)\n",
		              100 * all, 100 * art);
	assert_true(all >= 0.992);
	assert_true(art >= 0.993);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hard_wraps_rejoined),
		cmocka_unit_test(loose_lines_and_markdown),
		cmocka_unit_test(headings_are_never_joined),
		cmocka_unit_test(pdf_text_recovery_corpus),
		cmocka_unit_test(pdf_text_recovery_shared),
	};
	return cmocka_run_group_tests(tests, setup_grammars, teardown_grammars);
}
