/*
 * figures.c: quantities in the text of provisions, found with the figures
 * grammar (grammar/figures.grammar) and normalised: 百分之四十以上 -> >= 40
 * %, 最高120万元 -> <= 1200000 CNY, 十五个工作日 -> 15 workday.
 */
#include <stdlib.h>
#include <string.h>

#include "../parser/lx_int.h"
#include "compare_int.h"

/* Full-width digits and point to ASCII, then strtod; Chinese numerals
 * (with 点 for a decimal point) through lx_cn_number.  -1 when neither. */
static double number(const char *s, size_t len)
{
	char a[64];
	size_t k = 0;
	bool ascii = true;
	for (size_t i = 0; i < len && k + 1 < sizeof(a);) {
		int32_t c = lx_u8_next(s, len, &i);
		if (c >= 0xFF10 && c <= 0xFF19)
			a[k++] = (char)('0' + c - 0xFF10);
		else if (c == 0xFF0E || c == '.')
			a[k++] = '.';
		else if (c >= '0' && c <= '9')
			a[k++] = (char)c;
		else
			ascii = false;
	}
	a[k] = '\0';
	if (ascii && k)
		return strtod(a, NULL);
	const char *dot = NULL;
	for (size_t i = 0; i + 3 <= len; i++)
		if (!memcmp(s + i, "点", 3)) {
			dot = s + i;
			break;
		}
	long whole = lx_cn_number(s, dot ? (size_t)(dot - s) : len);
	if (whole < 0)
		return -1;
	double v = (double)whole, scale = 0.1;
	if (dot) {
		/* 三点五: digits one by one */
		const char *e = s + len;
		for (const char *p = dot + 3; p < e; p += 3) {
			long d = lx_cn_number(p, 3);
			if (d < 0 || d > 9)
				return -1;
			v += (double)d * scale;
			scale /= 10;
		}
	}
	return v;
}

static const char *op_of(const lx_grammar *g, const char *q, size_t len,
                         pcre2_match_data *md)
{
	lx_match m;
	if (!q || !len || !lx_match_key(g, LX_K_FIGURE_OP, q, len, md, &m))
		return NULL;
	return m.rule->value;
}

static const char *unit_of(const char *kind, const char *u, size_t ul)
{
	if (!strcmp(kind, "percent"))
		return "%";
	if (!strcmp(kind, "money"))
		return "CNY";
	if (!strcmp(kind, "count") && u) {
		static const char *const counters[] = {"家", "名", "人次", "户", "项目"};
		for (size_t i = 0; i < sizeof(counters) / sizeof(counters[0]); i++)
			if (strlen(counters[i]) == ul && !memcmp(counters[i], u, ul))
				return counters[i];
	}
	return kind; /* workday, day, month, year */
}

void lx_figure_array_free(lx_figure *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(f[i].text);
		free(f[i].per);
	}
	free(f);
}

static int cmp_fig(const void *a, const void *b)
{
	const lx_figure *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

static char *dup_n(const char *s, size_t n)
{
	char *t = malloc(n + 1);
	if (t) {
		memcpy(t, s, n);
		t[n] = '\0';
	}
	return t;
}

static bool overlaps(const lx_vec *v, size_t s, size_t e)
{
	for (size_t i = 0; i < v->n; i++) {
		const lx_figure *f = &LX_VEC_AT(v, lx_figure, i);
		if (s < f->end && f->start < e)
			return true;
	}
	return false;
}

int lx_figure_array(const lx_grammars *set, const char *text, size_t len,
                    lx_figure **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	const lx_grammar *g = lx_grammars_find(set, "figures");
	if (!g)
		return LX_ERR_GRAMMAR;
	pcre2_match_data *md = pcre2_match_data_create(64, NULL);
	if (!md)
		return LX_ERR_NOMEM;
	lx_vec v = {0};
	bool ok = true;
	/* Rules in file order; a later rule never takes text an earlier one
	 * took. */
	for (size_t r = 0; ok && r < g->n_by_key[LX_K_FIGURE]; r++) {
		const lx_rule *rule = g->by_key[LX_K_FIGURE][r];
		size_t off = 0;
		lx_match m;
		while (ok && lx_match_next(rule, text, len, &off, md, &m)) {
			size_t s, e;
			lx_match_span(&m, &s, &e);
			const char *num, *pre = NULL, *post = NULL, *per = NULL,
			                 *mult = NULL, *unit = NULL;
			size_t nl, prl = 0, pol = 0, pel = 0, ml = 0, ul = 0;
			if (!lx_group(&m, "num", &num, &nl) || overlaps(&v, s, e))
				continue;
			lx_group(&m, "pre", &pre, &prl);
			lx_group(&m, "post", &post, &pol);
			lx_group(&m, "per", &per, &pel);
			lx_group(&m, "mult", &mult, &ml);
			lx_group(&m, "unit", &unit, &ul);
			double val = number(num, nl);
			if (val < 0)
				continue;
			if (ml == 3 && !memcmp(mult, "万", 3))
				val *= 1e4;
			else if (ml == 3 && !memcmp(mult, "亿", 3))
				val *= 1e8;
			/* 百分之三十以上: the qualifier after wins over 按 before */
			const char *op = op_of(g, post, pol, md);
			if (!op)
				op = op_of(g, pre, prl, md);
			/* leading spaces are not part of the figure */
			while (s < e && text[s] == ' ')
				s++;
			lx_figure *f = lx_vec_push(&v, sizeof(lx_figure));
			if (!f) {
				ok = false;
				break;
			}
			f->kind = rule->value;
			f->op = op ? op : "=";
			f->value = val;
			f->unit = unit_of(rule->value, unit, ul);
			f->per = pel ? dup_n(per, pel) : NULL;
			f->start = s;
			f->end = e;
			f->text = dup_n(text + s, e - s);
			if (!f->text || (pel && !f->per))
				ok = false;
		}
	}
	pcre2_match_data_free(md);
	lx_figure *f = v.v;
	if (ok && v.n) {
		qsort(f, v.n, sizeof(lx_figure), cmp_fig);
		/* 最高120万元、30万元、2万元: a list shares the first qualifier */
		for (size_t i = 1; i < v.n; i++) {
			size_t gap = f[i].start - f[i - 1].end;
			const char *between = text + f[i - 1].end;
			bool listed = (gap == 3 && (!memcmp(between, "、", 3) ||
			                            !memcmp(between, "，", 3))) ||
			              (gap == 1 && *between == ',');
			if (listed && !strcmp(f[i].op, "=") &&
			    !strcmp(f[i].kind, f[i - 1].kind)) {
				f[i].op = f[i - 1].op;
				if (!f[i].per && f[i - 1].per)
					f[i].per = strdup(f[i - 1].per);
			}
		}
	}
	if (!ok) {
		lx_figure_array_free(f, v.n);
		return LX_ERR_NOMEM;
	}
	*out = f;
	*n = v.n;
	return LX_OK;
}

char *lx_figure_format(const lx_figure *f)
{
	const char *sym = !strcmp(f->op, ">=")   ? "≥"
	                  : !strcmp(f->op, "<=") ? "≤"
	                  : !strcmp(f->op, "<")  ? "<"
	                  : !strcmp(f->op, ">")  ? ">"
	                                         : "";
	char num[64];
	double v = f->value;
	if (v < 1e15 && v == (double)(long long)v) {
		/* thousands separated */
		char raw[32];
		snprintf(raw, sizeof(raw), "%.0f", v);
		size_t l = strlen(raw), k = 0;
		for (size_t i = 0; i < l; i++) {
			if (i && (l - i) % 3 == 0)
				num[k++] = ',';
			num[k++] = raw[i];
		}
		num[k] = '\0';
	} else
		snprintf(num, sizeof(num), "%g", v);
	lx_buf b = {0};
	if (f->per) {
		lx_buf_adds(&b, f->per);
		lx_buf_adds(&b, " ");
	}
	lx_buf_adds(&b, sym);
	lx_buf_adds(&b, num);
	if (strcmp(f->unit, "%")) {
		lx_buf_adds(&b, " ");
		lx_buf_adds(&b, f->unit);
		if (strcmp(f->unit, "CNY") && strcmp(f->kind, "count") && v != 1)
			lx_buf_adds(&b, "s");
	} else
		lx_buf_adds(&b, "%");
	return b.oom ? NULL : b.s;
}

/* ---- the public face (lexcn/compare.h) ---- */

static const char *const kind_names[] = {"percent", "money", "workday", "day",
                                         "month",   "year",  "count"};
static const char *const op_names[] = {"=", ">=", "<=", "<", ">"};
#define N_KINDS (sizeof(kind_names) / sizeof(*kind_names))
#define N_OPS (sizeof(op_names) / sizeof(*op_names))

const char *lx_figure_kind_name(lx_figure_kind k)
{
	return (unsigned)k < N_KINDS ? kind_names[k] : NULL;
}

const char *lx_figure_op_name(lx_figure_op op)
{
	return (unsigned)op < N_OPS ? op_names[op] : NULL;
}

lx_figure_kind lx_figure_get_kind(const lx_figure *f)
{
	for (size_t k = 0; k < N_KINDS; k++)
		if (!strcmp(f->kind, kind_names[k]))
			return (lx_figure_kind)k;
	return LX_FIG_OTHER;
}

lx_figure_op lx_figure_get_op(const lx_figure *f)
{
	for (size_t k = 0; k < N_OPS; k++)
		if (!strcmp(f->op, op_names[k]))
			return (lx_figure_op)k;
	return LX_FIG_OP_OTHER;
}

double lx_figure_get_value(const lx_figure *f) { return f->value; }
const char *lx_figure_get_unit(const lx_figure *f) { return f->unit; }
const char *lx_figure_get_per(const lx_figure *f) { return f->per; }
size_t lx_figure_get_start(const lx_figure *f) { return f->start; }
size_t lx_figure_get_end(const lx_figure *f) { return f->end; }
const char *lx_figure_get_text(const lx_figure *f) { return f->text; }

int lx_figures(const lx_grammars *set, const char *text, size_t len,
               lx_figure_list **out)
{
	*out = NULL;
	lx_figure_list *l = calloc(1, sizeof(*l));
	if (!l)
		return LX_ERR_NOMEM;
	int rc = lx_figure_array(set, text, len, &l->f, &l->n);
	if (rc) {
		free(l);
		return rc;
	}
	*out = l;
	return LX_OK;
}

size_t lx_figure_list_count(const lx_figure_list *l) { return l ? l->n : 0; }

const lx_figure *lx_figure_list_at(const lx_figure_list *l, size_t i)
{
	return l && i < l->n ? &l->f[i] : NULL;
}

void lx_figure_list_free(lx_figure_list *l)
{
	if (l) {
		lx_figure_array_free(l->f, l->n);
		free(l);
	}
}
