/*
 * test_layout.c: the positioned-text layout (reader/layout.c) on runs made
 * here: lines, spaces, paragraphs, centring, page furniture, a paragraph
 * over a page break, two columns.
 */
#include "lxtest.h"

#include "../reader/layout.h"

/* A4 in millimetres, a 28-character text block of 5.5 mm characters. */
#define W 210.0
#define H 297.0
#define LEFT 28.0
#define FS 5.5
#define RIGHT (LEFT + 28 * FS)

typedef struct page {
	lx_run runs[4096];
	size_t n;
	char store[65536]; /* the runs' texts */
	size_t used;
} tpage;

/* One run per character of text from x on baseline y, in font size fs. */
static void put_size(tpage *p, double x, double y, const char *text,
                     bool bold, double fs)
{
	size_t len = strlen(text);
	if (!p->n)
		p->used = 0;
	assert_true(p->used + len < sizeof(p->store));
	text = memcpy(p->store + p->used, text, len);
	p->used += len;
	for (size_t i = 0; i < len;) {
		size_t k = i;
		int32_t c = lx_u8_next(text, len, &i);
		double w = lx_cp_is_wide(c) ? fs : fs / 2;
		assert_true(p->n < 4096);
		p->runs[p->n++] = (lx_run){x, y, w, fs, text + k, i - k, bold};
		x += w;
	}
}

static void put(tpage *p, double x, double y, const char *text, bool bold)
{
	put_size(p, x, y, text, bold, FS);
}

/* n CJK characters (cycling through a phrase). */
static const char *cjk(int n)
{
	static char buf[8][256];
	static int slot;
	static const char *const ch[] = {"本", "条", "例", "所", "称", "企",
	                                 "业", "是", "指", "依", "法", "设"};
	char *b = buf[slot++ % 8];
	b[0] = '\0';
	for (int i = 0; i < n; i++)
		strcat(b, ch[i % 12]);
	return b;
}

static lx_reading *reading(void)
{
	lx_reading *r = calloc(1, sizeof(*r));
	assert_non_null(r);
	return r;
}

static void done(lx_reading *r)
{
	lx_reading_free(r);
	free(r);
}

static void dump(const lx_reading *r)
{
	for (size_t i = 0; getenv("LAYOUT_DUMP") && i < r->lines.n; i++)
		fprintf(stderr, "[%zu] p%d %u %s\n", i, LX_VEC_AT(&r->lines, lx_rline, i).page, LX_VEC_AT(&r->lines, lx_rline, i).flags, LX_VEC_AT(&r->lines, lx_rline, i).text);
}

static const lx_rline *line(const lx_reading *r, size_t i)
{
	assert_true(i < r->lines.n);
	return &LX_VEC_AT(&r->lines, lx_rline, i);
}

static void run_pages(lx_reading *r, tpage *pages, size_t np)
{
	lx_layout *L = lx_layout_new(r);
	assert_non_null(L);
	for (size_t i = 0; i < np; i++)
		assert_int_equal(lx_layout_page(L, (int)i + 1, W, H,
		                                pages[i].runs, pages[i].n),
		                 LX_OK);
	assert_int_equal(lx_layout_end(L), LX_OK);
	lx_layout_free(L);
	dump(r);
}

static bool has_diag(const lx_reading *r, const char *code, int page)
{
	for (size_t i = 0; i < r->diags.n; i++) {
		const lx_rdiag *g = &LX_VEC_AT(&r->diags, lx_rdiag, i);
		if (!strcmp(g->code, code) && (!page || g->page == page))
			return true;
	}
	return false;
}

static void lines_and_spaces(void **state)
{
	(void)state;
	static tpage p;
	p.n = 0;
	put(&p, LEFT + 2 * FS, 120, cjk(26), false);
	/* Given out of order, baselines a little off. */
	put(&p, LEFT + 10 * FS, 60.3, "总则", false);
	put(&p, LEFT, 60, "第一章", false);
	p.runs[p.n++] = (lx_run){LEFT, 80, 5 * FS / 2, FS, "Hello", 5, false};
	p.runs[p.n++] = (lx_run){LEFT + 3 * FS, 80.2, 5 * FS / 2, FS,
	                         "world", 5, false};
	p.runs[p.n++] = (lx_run){LEFT + 3 * FS + 5 * FS / 2, 80, FS / 2, FS,
	                         "!", 1, false};
	/* Drawn twice at the same place (fake bold). */
	put(&p, LEFT, 100, "中华", true);
	put(&p, LEFT + 0.05, 100, "中华", true);
	lx_reading *r = reading();
	run_pages(r, &p, 1);
	assert_int_equal(r->lines.n, 4);
	/* A wide gap between CJK: a space; none between adjacent CJK. */
	assert_string_equal(line(r, 0)->text, "第一章 总则");
	assert_string_equal(line(r, 1)->text, "Hello world!");
	assert_string_equal(line(r, 2)->text, "中华");
	assert_true(line(r, 2)->flags & LX_RL_BOLD);
	assert_false(line(r, 1)->flags & LX_RL_BOLD);
	done(r);
}

static void paragraphs_and_centring(void **state)
{
	(void)state;
	static tpage p;
	p.n = 0;
	double y = 40;
	/* A centred title, then two paragraphs with a first-line indent,
	 * the first ending short. */
	put(&p, LEFT + 9 * FS, y, cjk(10), true);
	y += 12;
	put(&p, LEFT + 2 * FS, y, cjk(26), false);
	y += 9;
	put(&p, LEFT, y, cjk(28), false);
	y += 9;
	put(&p, LEFT, y, cjk(12), false);
	y += 9;
	put(&p, LEFT + 2 * FS, y, cjk(26), false);
	y += 9;
	put(&p, LEFT, y, cjk(28), false);
	y += 9;
	put(&p, LEFT, y, cjk(5), false);
	/* A line that is not indented after a short one: its own. */
	y += 9;
	put(&p, LEFT, y, "第二条", false);
	lx_reading *r = reading();
	run_pages(r, &p, 1);
	assert_int_equal(r->lines.n, 4);
	assert_true(line(r, 0)->flags & LX_RL_CENTERED);
	assert_true(line(r, 0)->flags & LX_RL_BOLD);
	assert_int_equal(line(r, 1)->len, 3 * (26 + 28 + 12));
	assert_true(line(r, 1)->flags & LX_RL_INDENTED);
	assert_false(line(r, 1)->flags & LX_RL_CENTERED);
	assert_int_equal(line(r, 1)->pos, 2);
	assert_int_equal(line(r, 2)->len, 3 * (26 + 28 + 5));
	assert_string_equal(line(r, 3)->text, "第二条");
	assert_false(line(r, 3)->flags & LX_RL_INDENTED);
	done(r);
}

static void furniture_and_page_break(void **state)
{
	(void)state;
	static tpage p[3];
	static const char *const foot[] = {"— 1 —", "－2－", "第 3 页 共 3 页"};
	for (int i = 0; i < 3; i++) {
		p[i].n = 0;
		put(&p[i], LEFT, 20, "某某市人民政府公报", false);
		double y = 45;
		if (i == 0) {
			put(&p[i], LEFT + 2 * FS, y, cjk(26), false);
			y += 9;
		}
		for (int k = 0; k < 20; k++, y += 9)
			put(&p[i], LEFT, y, cjk(28), false);
		if (i == 2)
			put(&p[i], LEFT, y, cjk(3), false);
		put(&p[i], W / 2 - 2 * FS, 280, foot[i], false);
	}
	lx_reading *r = reading();
	run_pages(r, p, 3);
	/* One paragraph over three pages; headers and footers apart. */
	assert_int_equal(r->lines.n, 1);
	assert_int_equal(line(r, 0)->page, 1);
	assert_int_equal(line(r, 0)->len, 3 * (26 + 60 * 28 + 3));
	assert_int_equal(r->apart.n, 6);
	for (int i = 1; i <= 3; i++)
		assert_true(has_diag(r, "page-furniture", i));
	assert_string_equal(LX_VEC_AT(&r->apart, lx_rline, 1).text, "— 1 —");
	done(r);

	/* The second page starts indented: a new paragraph there. */
	p[1].n = 0;
	put(&p[1], LEFT, 20, "某某市人民政府公报", false);
	put(&p[1], LEFT + 2 * FS, 45, cjk(20), false);
	put(&p[1], W / 2 - 2 * FS, 280, foot[1], false);
	r = reading();
	run_pages(r, p, 2);
	assert_int_equal(r->lines.n, 2);
	assert_int_equal(line(r, 1)->page, 2);
	assert_true(line(r, 1)->flags & LX_RL_INDENTED);
	done(r);
}

/* The title on page 1, repeated smaller as the running header of the
 * next pages: the title stays, the headers go. */
static void title_repeated_as_header(void **state)
{
	(void)state;
	static tpage p[3];
	for (int i = 0; i < 3; i++) {
		p[i].n = 0;
		if (i == 0)
			put_size(&p[i], W / 2 - 5 * 8.0, 30, "某某市促进条例修订",
			         true, 8.0);
		else
			put_size(&p[i], W / 2 - 5 * 4.0, 15, "某某市促进条例修订",
			         false, 4.0);
		for (int k = 0; k < 12; k++)
			put(&p[i], LEFT + (k == 0 ? 2 * FS : 0), 50 + 9 * k,
			    cjk(k == 11 ? 9 : 28), false);
	}
	lx_reading *r = reading();
	run_pages(r, p, 3);
	assert_string_equal(line(r, 0)->text, "某某市促进条例修订");
	assert_true(line(r, 0)->flags & LX_RL_CENTERED);
	assert_int_equal(r->apart.n, 2);
	assert_int_equal(LX_VEC_AT(&r->apart, lx_rline, 0).page, 2);
	assert_false(has_diag(r, "page-furniture", 1));
	done(r);
}

static void lone_numbers(void **state)
{
	(void)state;
	static tpage p[2];
	static const char *const foot[] = {"- 7 -", "8/9"};
	for (int i = 0; i < 2; i++) {
		p[i].n = 0;
		for (int k = 0; k < 10; k++)
			put(&p[i], LEFT + (k == 0 ? 2 * FS : 0), 45 + 9 * k,
			    cjk(k == 9 ? 10 : 28), false);
		put(&p[i], RIGHT - FS, 285, foot[i], false);
	}
	lx_reading *r = reading();
	run_pages(r, p, 2);
	assert_int_equal(r->apart.n, 2);
	assert_int_equal(r->lines.n, 2);
	/* A number in the middle of a page is text. */
	p[0].n = 0;
	put(&p[0], LEFT, 45, cjk(28), false);
	put(&p[0], LEFT, 54, cjk(28), false);
	put(&p[0], LEFT, 63, "12", false);
	put(&p[0], LEFT, 72, cjk(28), false);
	put(&p[0], LEFT, 81, cjk(28), false);
	done(r);
	r = reading();
	run_pages(r, p, 1);
	assert_int_equal(r->apart.n, 0);
	bool found = false;
	for (size_t i = 0; i < r->lines.n; i++)
		found = found || strstr(line(r, i)->text, "12");
	assert_true(found);
	done(r);
}

static void two_columns(void **state)
{
	(void)state;
	static tpage p;
	p.n = 0;
	/* Two columns of 12 characters each, 4 characters apart. */
	double c2 = LEFT + 16 * FS;
	for (int k = 0; k < 8; k++) {
		put(&p, LEFT + (k == 0 ? 2 * FS : 0), 45 + 9 * k,
		    k == 0 ? "左栏开始一二三四五六" : "左左左左左左左左左左左左",
		    false);
		put(&p, c2 + (k == 0 ? 2 * FS : 0), 45 + 9 * k,
		    k == 0 ? "右栏开始一二三四五六" : "右右右右右右右右右右右右",
		    false);
	}
	lx_reading *r = reading();
	run_pages(r, &p, 1);
	assert_true(has_diag(r, "two-columns", 1));
	assert_int_equal(r->lines.n, 2);
	assert_non_null(strstr(line(r, 0)->text, "左栏开始"));
	assert_null(strstr(line(r, 0)->text, "右"));
	assert_non_null(strstr(line(r, 1)->text, "右栏开始"));
	assert_null(strstr(line(r, 1)->text, "左"));
	done(r);
}

static void nothing_and_nonsense(void **state)
{
	(void)state;
	lx_reading *r = reading();
	lx_layout *L = lx_layout_new(r);
	assert_non_null(L);
	lx_run bad[] = {{0.0 / 0.0, 1, 1, 1, "x", 1, false},
	                {1, 1, -5, 0, "y", 1, false},
	                {1, 1, 1, 1, "", 0, false}};
	assert_int_equal(lx_layout_page(L, 1, 0, 0, NULL, 0), LX_OK);
	assert_int_equal(lx_layout_page(L, 2, -1, -1, bad, 3), LX_OK);
	assert_int_equal(lx_layout_end(L), LX_OK);
	lx_layout_free(L);
	assert_int_equal(r->lines.n, 1);
	assert_string_equal(line(r, 0)->text, "y");
	done(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lines_and_spaces),
		cmocka_unit_test(paragraphs_and_centring),
		cmocka_unit_test(furniture_and_page_break),
		cmocka_unit_test(title_repeated_as_header),
		cmocka_unit_test(lone_numbers),
		cmocka_unit_test(two_columns),
		cmocka_unit_test(nothing_and_nonsense),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
