/*
 * lexicon_build.c: proposes legal lexicon terms from a corpus: strings of
 * 2 to 6 Chinese characters that ICU's word breaker splits (不动|产,
 * 当事|人, 物|权), that are frequent, that are used in varied contexts on
 * both sides (left and right branching entropy: a unit, not a fragment of a
 * longer phrase), and that neither begin nor end with a function
 * character (的, 和, 或 ...).  Prints one term per line, most frequent
 * first; `make lexicon` writes them into grammar/lexicon.txt.
 * Usage: lexicon_build DIR [MIN_COUNT] [MAX_TERMS]
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/utf8.h>

#include "../parser/files.h"
#include "../parser/lx_int.h"
#include <lexcn/lexcn.h>

typedef struct cand {
	char *s;
	size_t count;
	/* neighbours: small open tables of code points with counts */
	int32_t left[64], right[64];
	size_t lc[64], rc[64];
	size_t n_left, n_right, other_left, other_right;
} cand;

typedef struct table {
	cand **v;
	size_t cap, n;
} table;


static cand *get(table *t, const char *s, size_t n)
{
	if ((t->n + 1) * 2 > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1 << 16;
		cand **v = calloc(cap, sizeof(cand *));
		if (!v)
			exit(1);
		for (size_t i = 0; i < t->cap; i++)
			if (t->v[i]) {
				size_t j = lx_hash64_str(t->v[i]->s) & (cap - 1);
				while (v[j])
					j = (j + 1) & (cap - 1);
				v[j] = t->v[i];
			}
		free(t->v);
		t->v = v;
		t->cap = cap;
	}
	char key[64];
	snprintf(key, sizeof(key), "%.*s", (int)n, s);
	size_t i = lx_hash64_str(key) & (t->cap - 1);
	while (t->v[i]) {
		if (!strcmp(t->v[i]->s, key))
			return t->v[i];
		i = (i + 1) & (t->cap - 1);
	}
	cand *c = calloc(1, sizeof(cand));
	if (!c || !(c->s = strdup(key)))
		exit(1);
	t->v[i] = c;
	t->n++;
	return c;
}

static void neighbour(int32_t *cp, size_t *cnt, size_t *n, size_t *other,
                      int32_t c)
{
	for (size_t i = 0; i < *n; i++)
		if (cp[i] == c) {
			cnt[i]++;
			return;
		}
	if (*n < 64) {
		cp[*n] = c;
		cnt[(*n)++] = 1;
	} else {
		(*other)++;
	}
}

static double entropy(const size_t *cnt, size_t n, size_t other, size_t total)
{
	double h = 0;
	for (size_t i = 0; i < n; i++) {
		double p = (double)cnt[i] / (double)total;
		h -= p * log2(p);
	}
	if (other) /* spread thinly: count each as its own context */
		h += (double)other / (double)total * log2((double)total);
	return h;
}

static int32_t cp_at(const char *s, size_t len, size_t i)
{
	UChar32 c;
	U8_NEXT_OR_FFFD((const uint8_t *)s, i, len, c);
	return c;
}

static bool han(int32_t c)
{
	return c >= 0x4E00 && c <= 0x9FFF;
}

static bool in_list(const char *f, int32_t c)
{
	size_t i = 0, n = strlen(f);
	while (i < n) {
		if (cp_at(f, n, i) == c)
			return true;
		i += 3;
	}
	return false;
}

/* Characters that make a poor first or last character of a term, and
 * words a term never contains (it would be a phrase). */
static bool function_char(int32_t c)
{
	return in_list("的了和或与及在由对向为是等其并应可不之以于被把将所也而且"
	               "则如有无该本各按依从上下中内外后前时个者他条款项第一",
	               c);
}

static bool poor_first(int32_t c)
{
	return in_list("人未还经报确逾均须需已但又再就都即若办发", c);
}

static bool poor_last(int32_t c)
{
	return in_list("当未还经报以须需得", c);
}

static bool phrase(const char *s, size_t n)
{
	static const char *const words[] = {"和", "或", "与", "及", "的",
	                                    "应当", "可以", "未经", "按照",
	                                    "依照", "根据", NULL};
	for (size_t k = 0; words[k]; k++)
		if (memmem(s, n, words[k], strlen(words[k])))
			return true;
	return false;
}

static int by_count(const void *a, const void *b)
{
	const cand *x = *(cand *const *)a, *y = *(cand *const *)b;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->s, y->s);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: lexicon_build DIR [MIN_COUNT] [MAX_TERMS]\n");
		return 2;
	}
	size_t min_count = argc > 2 ? (size_t)atol(argv[2]) : 60;
	size_t max_terms = argc > 3 ? (size_t)atol(argv[3]) : 3000;
	lx_files files;
	if (lx_files_collect(&files, argv[1], NULL) || !files.n) {
		fprintf(stderr, "lexicon_build: no corpus at %s\n", argv[1]);
		return 1;
	}
	lx_tokenizer *t;
	lx_error err;
	if (lx_tokenizer_new(&t, false, &err)) { /* ICU's words only */
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	table tab = {0};
	for (size_t f = 0; f < files.n; f++) {
		size_t len;
		char *s = lx_read_all(files.path[f], &len);
		const lx_token *tk;
		size_t n;
		if (!s || lx_tokenize(t, s, len, &tk, &n, &err)) {
			free(s);
			continue;
		}
		/* Runs of 2 or 3 adjacent Han words, 2 to 6 characters,
		 * where at least one word is a single character. */
		for (size_t i = 0; i + 1 < n; i++) {
			for (size_t w = 2; w <= 3 && i + w <= n; w++) {
				bool ok = true, single = false;
				size_t chars = 0;
				for (size_t k = i; k < i + w && ok; k++) {
					ok = tk[k].kind == LX_TOK_HAN &&
					     (k == i || tk[k].start == tk[k - 1].end);
					size_t c = (tk[k].end - tk[k].start) / 3;
					single |= c == 1;
					chars += c;
				}
				if (!ok || !single || chars > 6)
					continue;
				size_t a = tk[i].start, b = tk[i + w - 1].end;
				int32_t first = cp_at(s, len, a),
				        last = cp_at(s, len, b - 3);
				if (!han(first) || !han(last) ||
				    function_char(first) || function_char(last) ||
				    poor_first(first) || poor_last(last) ||
				    phrase(s + a, b - a))
					continue;
				cand *c = get(&tab, s + a, b - a);
				c->count++;
				int32_t l = a >= 3 ? cp_at(s, len, a - 3) : 0;
				int32_t r = b < len ? cp_at(s, len, b) : 0;
				neighbour(c->left, c->lc, &c->n_left,
				          &c->other_left, l);
				neighbour(c->right, c->rc, &c->n_right,
				          &c->other_right, r);
			}
		}
		free(s);
	}
	cand **keep = calloc(tab.n + 1, sizeof(cand *));
	size_t nk = 0;
	for (size_t i = 0; i < tab.cap; i++) {
		cand *c = tab.v[i];
		if (!c || c->count < min_count)
			continue;
		double hl = entropy(c->lc, c->n_left, c->other_left, c->count);
		double hr = entropy(c->rc, c->n_right, c->other_right, c->count);
		if (hl >= 2.0 && hr >= 2.0)
			keep[nk++] = c;
	}
	qsort(keep, nk, sizeof(cand *), by_count);
	for (size_t i = 0; i < nk && i < max_terms; i++)
		printf("%s\n", keep[i]->s);
	for (size_t i = 0; i < tab.cap; i++)
		if (tab.v[i]) {
			free(tab.v[i]->s);
			free(tab.v[i]);
		}
	free(tab.v);
	free(keep);
	lx_tokenizer_free(t);
	lx_files_free(&files);
	return 0;
}
