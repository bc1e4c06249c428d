/*
 * figures.c: quantities in the text of provisions, found with the figures
 * grammar (grammar/figures.grammar) and normalised: 百分之四十以上 -> >= 40
 * %, 最高120万元 -> <= 1200000 CNY, 十五个工作日 -> 15 workday, 千分之三至千分之五
 * -> 0.3-0.5 %, 处一千元以上五千元以下罚款 -> a fine of 1000-5000 CNY tied to
 * the act it punishes.
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

/* The unit of a figure: the value of the first figure_unit rule of the
 * grammar that matches the unit as written (平方米 -> m², 家 -> 家), or,
 * for a figure without a unit group, its kind's name (percent -> %);
 * the kind's name when no rule matches (workday, day, month, year).
 * Borrowed from the grammar, as the kind is. */
static const char *unit_of(const lx_grammar *g, const char *kind,
                           const char *u, size_t ul, pcre2_match_data *md)
{
	lx_match m;
	const char *q = ul ? u : kind;
	size_t ql = ul ? ul : strlen(kind);
	if (lx_match_key(g, LX_K_FIGURE_UNIT, q, ql, md, &m) && m.rule->value)
		return m.rule->value;
	return kind;
}

void lx_figure_array_free(lx_figure *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(f[i].text);
		free(f[i].per);
		free(f[i].act);
		free(f[i].target);
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

/* An act (figure:act) found in the text: the clause, its target. */
typedef struct act_span {
	size_t start, end;     /* the whole match */
	const char *act, *target;
	size_t al, tl;
} act_span;

/* The kinds a masked text marks (lx_figure_mask), in the order of their
 * private-use characters. */
static const char *const mask_kinds[] = {
	"percent", "money", "workday", "day",  "month",  "year",
	"count",   "multiple", "area", "length", "volume"};
#define N_MASK (sizeof(mask_kinds) / sizeof(*mask_kinds))

static bool is(const char *s, size_t len, const char *lit)
{
	return strlen(lit) == len && !memcmp(s, lit, len);
}

/* Whether text[a, b) holds a sentence or clause end (。；: or a line). */
static bool sentence_break(const char *text, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++)
		if (text[i] == '\n' || (i + 3 <= b && (!memcmp(text + i, "。", 3) ||
		                                        !memcmp(text + i, "；", 3))))
			return true;
	return false;
}

/* Ranges: two figures of one kind and unit, the first "=" or ">=", the
 * second "=" or "<=", with nothing, 至, 到, ～, - or — between (nothing
 * only after 以上...: 一千元以上五千元以下) become one figure "range" from
 * the first to the second (the text and span of both).  In place; returns
 * the new count (*oom set when out of memory: the joins stop there). */
static size_t join_ranges(const char *text, lx_figure *f, size_t n, bool *oom)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (k && !*oom) {
			lx_figure *a = &f[k - 1], *b = &f[i];
			size_t gap = b->start - a->end;
			const char *g = text + a->end;
			bool sep = is(g, gap, "至") || is(g, gap, "到") || is(g, gap, "～") ||
			           is(g, gap, "~") || is(g, gap, "-") || is(g, gap, "—") ||
			           is(g, gap, "－");
			bool lo_ok = !strcmp(a->op, ">=") || (sep && !strcmp(a->op, "="));
			bool hi_ok = !strcmp(b->op, "<=") || !strcmp(b->op, "=");
			if ((gap == 0 || sep) && lo_ok && hi_ok && !strcmp(a->kind, b->kind) &&
			    !strcmp(a->unit, b->unit) && a->value <= b->value &&
			    strcmp(a->op, "range")) {
				char *t = dup_n(text + a->start, b->end - a->start);
				if (!t) {
					/* no more joins; the array stays whole */
					*oom = true;
					f[k++] = f[i];
					continue;
				}
				free(a->text);
				a->text = t;
				a->op = "range";
				a->high = b->value;
				a->end = b->end;
				a->fine = a->fine || b->fine;
				if (!a->per) {
					a->per = b->per;
					b->per = NULL;
				}
				free(b->text);
				free(b->per);
				continue;
			}
		}
		if (k != i)
			f[k] = f[i];
		k++;
	}
	return k;
}

/* Fines (figure:fine right after or before them) and the act each
 * punishes: the last figure:act clause before it in its sentence.
 * False when out of memory. */
static bool tie_fines(const lx_grammar *g, const char *text, size_t len,
                      lx_figure *f, size_t n, pcre2_match_data *md)
{
	lx_vec fines = {0}, acts = {0};
	bool ok = true, any = false;
	/* the fines first; the acts (a costlier search) only when there is one */
	for (int pass = 0; pass < 2 && ok && (pass == 0 || any); pass++) {
		for (size_t r = 0; ok && r < g->n_by_key[LX_K_FIGURE]; r++) {
			const lx_rule *rule = g->by_key[LX_K_FIGURE][r];
			bool fine = !strcmp(rule->value, "fine");
			if (pass == 0 ? !fine : strcmp(rule->value, "act"))
				continue;
			size_t off = 0;
			lx_match m;
			while (ok && lx_match_next(rule, text, len, &off, md, &m)) {
				act_span *a = lx_vec_push(fine ? &fines : &acts, sizeof(act_span));
				if (!a) {
					ok = false;
					break;
				}
				memset(a, 0, sizeof(*a));
				lx_match_span(&m, &a->start, &a->end);
				if (!fine) {
					lx_group(&m, "act", &a->act, &a->al);
					lx_group(&m, "target", &a->target, &a->tl);
				}
			}
		}
		for (size_t i = 0; pass == 0 && i < n; i++) {
			for (size_t j = 0; !f[i].fine && j < fines.n; j++) {
				const act_span *x = &LX_VEC_AT(&fines, act_span, j);
				f[i].fine = x->start == f[i].end || x->end == f[i].start;
			}
			any |= f[i].fine;
		}
	}
	for (size_t i = 0; ok && i < n; i++) {
		if (!f[i].fine)
			continue;
		const act_span *best = NULL;
		for (size_t j = 0; j < acts.n; j++) {
			const act_span *x = &LX_VEC_AT(&acts, act_span, j);
			if (x->end <= f[i].start && x->al &&
			    !sentence_break(text, x->end, f[i].start))
				best = x;
		}
		if (!best)
			continue;
		size_t al = best->al;
		if (al >= 3 && !memcmp(best->act + al - 3, "的", 3))
			al -= 3; /* 擅自砍伐树木的 -> 擅自砍伐树木 */
		f[i].act = dup_n(best->act, al);
		f[i].target = best->tl ? dup_n(best->target, best->tl) : NULL;
		ok = f[i].act && (!best->tl || f[i].target);
	}
	lx_vec_free(&fines);
	lx_vec_free(&acts);
	return ok;
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
		if (!strcmp(rule->value, "fine") || !strcmp(rule->value, "act") ||
		    !strcmp(rule->value, "boilerplate"))
			continue;
		size_t off = 0;
		lx_match m;
		while (ok && lx_match_next(rule, text, len, &off, md, &m)) {
			size_t s, e;
			lx_match_span(&m, &s, &e);
			const char *num, *pre = NULL, *post = NULL, *per = NULL,
			                 *mult = NULL, *unit = NULL, *after = NULL;
			size_t nl, prl = 0, pol = 0, pel = 0, ml = 0, ul = 0, afl = 0;
			if (!lx_group(&m, "num", &num, &nl) || overlaps(&v, s, e))
				continue;
			lx_group(&m, "pre", &pre, &prl);
			lx_group(&m, "post", &post, &pol);
			lx_group(&m, "per", &per, &pel);
			lx_group(&m, "mult", &mult, &ml);
			lx_group(&m, "unit", &unit, &ul);
			lx_group(&m, "after", &after, &afl);
			double val = number(num, nl);
			if (val < 0)
				continue;
			if (is(mult, ml, "万"))
				val *= 1e4;
			else if (is(mult, ml, "亿"))
				val *= 1e8;
			else if (is(mult, ml, "千分之"))
				val /= 10; /* per mille, as a percentage */
			else if (is(mult, ml, "成"))
				val *= 10;
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
			memset(f, 0, sizeof(*f));
			f->kind = rule->value;
			f->op = op ? op : "=";
			f->value = f->high = val;
			f->unit = unit_of(g, rule->value, unit, ul, md);
			/* 每株, or 按日连续处罚 written after the amount */
			if (!pel && afl) {
				per = after;
				pel = afl;
			}
			f->per = pel ? dup_n(per, pel) : NULL;
			f->fine = afl > 0;
			f->start = s;
			f->end = e;
			f->text = dup_n(text + s, e - s);
			if (!f->text || (pel && !f->per))
				ok = false;
		}
	}
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
				if (!f[i].per && f[i - 1].per) {
					f[i].per = strdup(f[i - 1].per);
					ok = ok && f[i].per;
				}
			}
		}
		bool oom = !ok;
		if (ok)
			v.n = join_ranges(text, f, v.n, &oom);
		ok = !oom;
		if (ok)
			ok = tie_fines(g, text, len, f, v.n, md);
	}
	pcre2_match_data_free(md);
	if (!ok) {
		lx_figure_array_free(f, v.n);
		return LX_ERR_NOMEM;
	}
	*out = f;
	*n = v.n;
	return LX_OK;
}

int lx_figure_mask(const lx_grammars *set, const char *text,
                   const lx_figure *f, size_t n, char **out)
{
	*out = NULL;
	size_t len = strlen(text);
	const lx_grammar *g = lx_grammars_find(set, "figures");
	if (!g)
		return LX_ERR_GRAMMAR;
	pcre2_match_data *md = pcre2_match_data_create(64, NULL);
	lx_vec bp = {0}; /* act_span: boilerplate [start, end) */
	bool ok = md != NULL;
	for (size_t r = 0; ok && r < g->n_by_key[LX_K_FIGURE]; r++) {
		const lx_rule *rule = g->by_key[LX_K_FIGURE][r];
		if (strcmp(rule->value, "boilerplate"))
			continue;
		size_t off = 0;
		lx_match m;
		while (ok && lx_match_next(rule, text, len, &off, md, &m)) {
			act_span *a = lx_vec_push(&bp, sizeof(act_span));
			if (!a)
				ok = false;
			else
				lx_match_span(&m, &a->start, &a->end);
		}
	}
	pcre2_match_data_free(md);
	lx_buf b = {0};
	size_t fi = 0, bi = 0;
	for (size_t i = 0; ok && i < len;) {
		while (fi < n && f[fi].end <= i)
			fi++;
		if (fi < n && f[fi].start <= i) {
			/* a figure: one private-use character for its kind */
			size_t k = 0;
			while (k < N_MASK && strcmp(mask_kinds[k], f[fi].kind))
				k++;
			char u[4] = {(char)0xEE, (char)(0x80 | (f[fi].fine ? 1 : 0)),
			             (char)(0x80 + k), 0};
			lx_buf_adds(&b, u);
			i = f[fi].end;
			continue;
		}
		bool skip = false;
		for (size_t q = bi; q < bp.n; q++) {
			const act_span *a = &LX_VEC_AT(&bp, act_span, q);
			if (a->start <= i && i < a->end) {
				i = a->end;
				skip = true;
				break;
			}
		}
		if (skip)
			continue;
		size_t j = i;
		lx_u8_next(text, len, &j);
		lx_buf_add(&b, text + i, j - i);
		i = j;
	}
	lx_vec_free(&bp);
	if (!ok || b.oom) {
		free(b.s);
		return LX_ERR_NOMEM;
	}
	*out = b.s ? b.s : strdup("");
	return *out ? LX_OK : LX_ERR_NOMEM;
}

/* v with thousands separated when whole, into num. */
static void format_number(char *num, size_t cap, double v)
{
	if (v < 1e15 && v == (double)(long long)v) {
		char raw[32];
		snprintf(raw, sizeof(raw), "%.0f", v);
		size_t l = strlen(raw), k = 0;
		for (size_t i = 0; i < l && k + 2 < cap; i++) {
			if (i && (l - i) % 3 == 0)
				num[k++] = ',';
			num[k++] = raw[i];
		}
		num[k] = '\0';
	} else
		snprintf(num, cap, "%g", v);
}

char *lx_figure_format(const lx_figure *f)
{
	bool range = !strcmp(f->op, "range");
	const char *sym = !strcmp(f->op, ">=")   ? "≥"
	                  : !strcmp(f->op, "<=") ? "≤"
	                  : !strcmp(f->op, "<")  ? "<"
	                  : !strcmp(f->op, ">")  ? ">"
	                                         : "";
	char num[64], hi[64];
	format_number(num, sizeof(num), f->value);
	format_number(hi, sizeof(hi), f->high);
	lx_buf b = {0};
	if (f->per) {
		lx_buf_adds(&b, f->per);
		lx_buf_adds(&b, " ");
	}
	if (!range)
		lx_buf_adds(&b, sym);
	lx_buf_adds(&b, num);
	if (range) {
		lx_buf_adds(&b, "–");
		lx_buf_adds(&b, hi);
	}
	if (!strcmp(f->unit, "%") || !strcmp(f->unit, "x"))
		lx_buf_adds(&b, f->unit);
	else {
		lx_buf_adds(&b, " ");
		lx_buf_adds(&b, f->unit);
		/* days, months: the kinds that are their own unit */
		if (!strcmp(f->unit, f->kind) && (range ? f->high : f->value) != 1)
			lx_buf_adds(&b, "s");
	}
	return b.oom ? NULL : b.s;
}

/* ---- the public face (lexcn/compare.h) ---- */

static const char *const kind_names[] = {
	"percent", "money", "workday", "day",  "month",  "year",
	"count",   "multiple", "area", "length", "volume"};
static const char *const op_names[] = {"=", ">=", "<=", "<", ">", "range"};
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
double lx_figure_get_high(const lx_figure *f) { return f->high; }
const char *lx_figure_get_unit(const lx_figure *f) { return f->unit; }
bool lx_figure_is_fine(const lx_figure *f) { return f->fine; }
const char *lx_figure_get_act(const lx_figure *f) { return f->act; }
const char *lx_figure_get_target(const lx_figure *f) { return f->target; }
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
