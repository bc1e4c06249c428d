/*
 * tokenize.c: Chinese text cut into tokens for matching, ranking and
 * highlighting.
 *
 * ICU's dictionary word breaker (UBRK_WORD, "zh") reads the UTF-8 text in
 * place through UText and proposes boundaries.  Three kinds of span then
 * override it, left to right, longest first:
 *   - article labels: 第 + numeral + 条/款/项/目/章/节/编 (+ 之 + numeral),
 *     which ICU cuts as 第二|百三|十二条;
 *   - terms of the legal lexicon (grammar/lexicon.txt) that ICU splits
 *     (不动|产, 当事|人), taken when they reach at least the end of the ICU
 *     word they start with, so that a lexicon term never shortens a word;
 *   - runs of numeral-only ICU words (二百|三十二).
 * Every token keeps its byte offsets in the original text.  Its normalised
 * form, for matching, is NFKC with case folding, Traditional -> Simplified
 * (ICU Hant-Hans, for the characters that are not simplified ones: not in
 * GB 2312), and Arabic digits for Chinese numerals in labels and
 * numbers, so 第二百三十二条, 第232条 and 第２３２條 all become 第232条.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/ucnv.h>
#include <unicode/unorm2.h>
#include <unicode/uset.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>
#include <unicode/utrans.h>

#include "../parser/lx_int.h"
#include <lexcn/tokenizer.h>


struct lx_tokenizer {
	UBreakIterator *bi;
	UText *ut;
	const UNormalizer2 *nfkc_cf;
	UTransliterator *hans;
	USet *trad;       /* characters Hant-Hans changes */
	char **terms;     /* lexicon, open addressing */
	size_t cap, n_terms;
	int max_chars;    /* longest lexicon term, in characters */
	lx_arena arena;   /* normalised forms of the current text */
	/* Traditional -> Simplified, character by character, for the BMP
	 * (0: unchanged), built once from the transliterator. */
	int32_t *hans_map;
	/* Normalised forms of single characters, computed once. */
	const char **one;
	lx_arena keep;
	uint64_t lex_first[65536 / 64]; /* first characters of terms */
	/* Bit k: a term of k+1 characters begins with this character. */
	uint16_t *lex_lens;
	lx_vec toks;      /* lx_token */
	UChar *u16;       /* scratch */
	int32_t u16cap;
};

static bool has_term(const lx_tokenizer *t, const char *s, size_t n)
{
	if (!t->cap)
		return false;
	size_t i = lx_hash64(s, n) & (t->cap - 1);
	while (t->terms[i]) {
		if (!strncmp(t->terms[i], s, n) && t->terms[i][n] == '\0')
			return true;
		i = (i + 1) & (t->cap - 1);
	}
	return false;
}

static int add_term(lx_tokenizer *t, const char *s, size_t n)
{
	if ((t->n_terms + 1) * 2 > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1024;
		char **nt = calloc(cap, sizeof(char *));
		if (!nt)
			return LX_ERR_NOMEM;
		for (size_t k = 0; k < t->cap; k++)
			if (t->terms[k]) {
				size_t j = lx_hash64(t->terms[k],
				                      strlen(t->terms[k])) &
				           (cap - 1);
				while (nt[j])
					j = (j + 1) & (cap - 1);
				nt[j] = t->terms[k];
			}
		free(t->terms);
		t->terms = nt;
		t->cap = cap;
	}
	if (has_term(t, s, n))
		return LX_OK;
	size_t i = lx_hash64(s, n) & (t->cap - 1);
	while (t->terms[i])
		i = (i + 1) & (t->cap - 1);
	t->terms[i] = strndup(s, n);
	if (!t->terms[i])
		return LX_ERR_NOMEM;
	t->n_terms++;
	int chars = 0;
	for (size_t k = 0; k < n; chars++)
		U8_FWD_1((const uint8_t *)s, k, n);
	if (chars > t->max_chars)
		t->max_chars = chars;
	size_t q = 0;
	int32_t first = lx_u8_next(s, n, &q);
	if (first < 65536) {
		t->lex_first[first / 64] |= 1ull << (first % 64);
		if (chars <= 16 && t->lex_lens)
			t->lex_lens[first] |= (uint16_t)(1u << (chars - 1));
	}
	return LX_OK;
}

int lx_tokenizer_add_lexicon(lx_tokenizer *t, const char *name,
                             const char *buf, size_t len, lx_error *err)
{
	int lineno = 0;
	for (size_t pos = 0; pos < len;) {
		size_t end = pos;
		while (end < len && buf[end] != '\n')
			end++;
		lineno++;
		size_t a = pos, b = end;
		pos = end + 1;
		while (a < b && (buf[a] == ' ' || buf[a] == '\t'))
			a++;
		while (b > a && (buf[b - 1] == ' ' || buf[b - 1] == '\t' ||
		                 buf[b - 1] == '\r'))
			b--;
		if (a == b || buf[a] == '#')
			continue;
		size_t n_invalid = 0;
		for (size_t i = a; i < b;) {
			int32_t c = lx_u8_next(buf, b, &i);
			if (c == 0xFFFD || lx_cp_is_space(c))
				n_invalid++;
		}
		if (n_invalid) {
			if (err) {
				err->code = LX_ERR_GRAMMAR;
				snprintf(err->msg, sizeof(err->msg),
				         "%s:%d:1: a lexicon term is one word of "
				         "valid UTF-8 without spaces",
				         name, lineno);
			}
			return LX_ERR_GRAMMAR;
		}
		if (add_term(t, buf + a, b - a)) {
			if (err) {
				err->code = LX_ERR_NOMEM;
				snprintf(err->msg, sizeof(err->msg),
				         "%s: out of memory", name);
			}
			return LX_ERR_NOMEM;
		}
	}
	return LX_OK;
}

/* An ICU failure: out of memory, or (any other status) ICU's data does
 * not have what is asked (a build of ICU without the transliterator,
 * missing data files): LX_ERR_IO, ICU's status named. */
static int icu_fail(lx_error *err, const char *what, UErrorCode st)
{
	int code = st == U_MEMORY_ALLOCATION_ERROR ? LX_ERR_NOMEM : LX_ERR_IO;
	if (err) {
		err->code = code;
		snprintf(err->msg, sizeof(err->msg), "ICU: %s: %s", what,
		         u_errorName(st));
	}
	return code;
}

int lx_tokenizer_new(lx_tokenizer **out, bool builtin_lexicon, lx_error *err)
{
	*out = NULL;
	lx_tokenizer *t = calloc(1, sizeof(*t));
	if (!t)
		return lx_error_set(err, LX_ERR_NOMEM, "out of memory");
	UErrorCode st = U_ZERO_ERROR;
	t->bi = ubrk_open(UBRK_WORD, "zh", NULL, 0, &st);
	if (U_FAILURE(st)) {
		lx_tokenizer_free(t);
		return icu_fail(err, "word break iterator", st);
	}
	st = U_ZERO_ERROR;
	t->nfkc_cf = unorm2_getNFKCCasefoldInstance(&st);
	if (U_FAILURE(st)) {
		lx_tokenizer_free(t);
		return icu_fail(err, "NFKC_Casefold", st);
	}
	st = U_ZERO_ERROR;
	static const UChar id[] = {'H', 'a', 'n', 't', '-', 'H', 'a', 'n', 's', 0};
	t->hans = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
	if (U_FAILURE(st)) {
		lx_tokenizer_free(t);
		return icu_fail(err, "Hant-Hans transliterator", st);
	}
	st = U_ZERO_ERROR;
	t->trad = uset_openEmpty();
	utrans_getSourceSet(t->hans, false, t->trad, &st);
	if (U_FAILURE(st)) {
		lx_tokenizer_free(t);
		return icu_fail(err, "Hant-Hans source set", st);
	}
	uset_freeze(t->trad);
	/* The character map: each BMP character of the source set that
	 * Hant-Hans turns into one other character, unless the character
	 * is itself one of simplified Chinese (in GB 2312): Hant-Hans takes
	 * 俱 to 具, 著 to 着, 乾 to 干, which are other words in a
	 * simplified text (俱乐部, 著作权, 乾坤), while 後, 條, 裡 are
	 * not simplified characters and fold; nor do the standard characters
	 * newer than GB 2312 of grammar/fold.tsv (瞭 of 瞭望, not 了). */
	st = U_ZERO_ERROR;
	UConverter *gb = ucnv_open("GB2312", &st);
	if (U_FAILURE(st)) {
		lx_tokenizer_free(t);
		return icu_fail(err, "GB2312 converter", st);
	}
	ucnv_setFromUCallBack(gb, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL,
	                      &st);
	t->hans_map = calloc(65536, sizeof(int32_t));
	t->one = calloc(65536, sizeof(char *));
	t->lex_lens = calloc(65536, sizeof(uint16_t));
	if (!t->hans_map || !t->one || !t->lex_lens) {
		lx_tokenizer_free(t);
		return lx_error_set(err, LX_ERR_NOMEM, "out of memory");
	}
	int32_t items = uset_getItemCount(t->trad);
	for (int32_t it = 0; it < items; it++) {
		UChar32 lo, hi;
		st = U_ZERO_ERROR;
		if (uset_getItem(t->trad, it, &lo, &hi, NULL, 0, &st) != 0)
			continue; /* a string, not a range */
		for (UChar32 c = lo; c <= hi && c < 65536; c++) {
			UChar buf[8] = {(UChar)c};
			int32_t bl = 1, limit = 1;
			st = U_ZERO_ERROR;
			utrans_transUChars(t->hans, buf, &bl, 8, 0, &limit, &st);
			if (U_FAILURE(st) || bl != 1 || buf[0] == c ||
			    U16_IS_SURROGATE(buf[0]))
				continue;
			UChar one = (UChar)c;
			char enc[8];
			st = U_ZERO_ERROR;
			ucnv_reset(gb);
			ucnv_fromUChars(gb, enc, sizeof(enc), &one, 1, &st);
			if (U_FAILURE(st)) /* not a simplified character */
				t->hans_map[c] = buf[0];
		}
	}
	ucnv_close(gb);
	/* Standard characters that GB 2312 is too old to hold (瞭 of 瞭望):
	 * grammar/fold.tsv, a character at the start of each line. */
	const lx_embedded *keep = lx_embedded_find("builtin:fold.tsv");
	for (size_t at = 0; keep && at < keep->len;) {
		size_t k = at;
		int32_t c = lx_u8_next(keep->data, keep->len, &k);
		if (c > 0 && c < 65536 && c != '#' && c != '\n')
			t->hans_map[c] = 0;
		const char *nl = memchr(keep->data + at, '\n', keep->len - at);
		at = nl ? (size_t)(nl - keep->data) + 1 : keep->len;
	}
	for (size_t i = 0; builtin_lexicon && i < lx_embedded_grammars_n; i++) {
		const lx_embedded *e = &lx_embedded_grammars[i];
		size_t nl = strlen(e->name);
		if (nl < 4 || strcmp(e->name + nl - 4, ".txt"))
			continue;
		int rc = lx_tokenizer_add_lexicon(t, e->name, e->data, e->len,
		                                  err);
		if (rc) {
			lx_tokenizer_free(t);
			return rc;
		}
	}
	*out = t;
	return LX_OK;
}

void lx_tokenizer_free(lx_tokenizer *t)
{
	if (!t)
		return;
	ubrk_close(t->bi);
	utext_close(t->ut);
	utrans_close(t->hans);
	if (t->trad)
		uset_close(t->trad);
	for (size_t i = 0; i < t->cap; i++)
		free(t->terms[i]);
	free(t->terms);
	lx_arena_free(&t->arena);
	lx_arena_free(&t->keep);
	free(t->hans_map);
	free(t->one);
	free(t->lex_lens);
	lx_vec_free(&t->toks);
	free(t->u16);
	free(t);
}

size_t lx_tokenizer_lexicon_size(const lx_tokenizer *t)
{
	return t->n_terms;
}

/* ---- spans that override ICU ------------------------------------------ */

static bool is_cn_numeral(int32_t c)
{
	return c == 0x3007 || c == 0x96F6 || c == 0x4E00 || c == 0x4E8C ||
	       c == 0x4E24 || c == 0x4E09 || c == 0x56DB || c == 0x4E94 ||
	       c == 0x516D || c == 0x4E03 || c == 0x516B || c == 0x4E5D ||
	       c == 0x5341 || c == 0x767E || c == 0x5343 || c == 0x4E07;
}

static bool is_digit(int32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
}

static bool is_label_unit(int32_t c)
{
	/* 条 條 款 项 項 目 章 节 節 编 編 */
	return c == 0x6761 || c == 0x689D || c == 0x6B3E || c == 0x9879 ||
	       c == 0x9805 || c == 0x76EE || c == 0x7AE0 || c == 0x8282 ||
	       c == 0x7BC0 || c == 0x7F16 || c == 0x7DE8;
}

/* End of an article label starting at p (第…条), or 0. */
static size_t label_at(const char *s, size_t len, size_t p)
{
	size_t i = p;
	if (lx_u8_next(s, len, &i) != 0x7B2C) /* 第 */
		return 0;
	size_t digits = 0;
	bool cn = false, ar = false;
	for (;;) {
		size_t q = i;
		if (q >= len)
			return 0;
		int32_t c = lx_u8_next(s, len, &q);
		if (is_cn_numeral(c))
			cn = true;
		else if (is_digit(c))
			ar = true;
		else
			break;
		if (++digits > 12)
			return 0;
		i = q;
	}
	if (!digits || (cn && ar) || i >= len)
		return 0;
	size_t q = i;
	if (!is_label_unit(lx_u8_next(s, len, &q)))
		return 0;
	i = q;
	/* 之一 */
	if (len - i >= 6 && !memcmp(s + i, "之", 3)) {
		size_t r = i + 3, n = 0;
		while (r < len) {
			size_t k = r;
			if (!is_cn_numeral(lx_u8_next(s, len, &k)))
				break;
			r = k;
			n++;
		}
		if (n && n <= 3)
			i = r;
	}
	return i;
}

/* True when s[a..b) holds only numerals (Chinese or digits). */
static bool all_numerals(const char *s, size_t a, size_t b)
{
	if (a >= b)
		return false;
	while (a < b) {
		int32_t c = lx_u8_next(s, b, &a);
		if (!is_cn_numeral(c) && !is_digit(c))
			return false;
	}
	return true;
}

/* Longest lexicon term starting at p, or 0. */
static size_t lexicon_at(const lx_tokenizer *t, const char *s, size_t len,
                         size_t p, size_t min_end)
{
	if (!t->n_terms)
		return 0;
	size_t q = p;
	int32_t first = lx_u8_next(s, len, &q);
	if (first >= 65536 || !t->lex_lens[first])
		return 0;
	unsigned lens = t->lex_lens[first];
	size_t ends[16];
	int n = 0;
	size_t i = p;
	int top = 16;
	while (top > 0 && !(lens & (1u << (top - 1))))
		top--;
	while (i < len && n < top) {
		int32_t c = lx_u8_next(s, len, &i);
		if (!lx_cp_is_wide(c) || c == 0x3000)
			break;
		ends[n++] = i;
	}
	/* Only lengths some term has, reaching the end of the ICU word. */
	for (int k = n - 1; k >= 1 && ends[k] >= min_end; k--)
		if ((lens & (1u << k)) && has_term(t, s + p, ends[k] - p))
			return ends[k];
	return 0;
}

/* ---- normalisation ------------------------------------------------------ */

static bool ensure_u16(lx_tokenizer *t, int32_t need)
{
	if (need <= t->u16cap)
		return true;
	int32_t cap = need * 2 + 64;
	UChar *u = realloc(t->u16, (size_t)cap * sizeof(UChar));
	if (!u)
		return false;
	t->u16 = u;
	t->u16cap = cap;
	return true;
}

static const char *normalise_icu(lx_tokenizer *t, lx_arena *a,
                                 const char *s, size_t n);

/* NFKC_Casefold, then Traditional -> Simplified where needed. */
static const char *normalise(lx_tokenizer *t, const char *s, size_t n)
{
	bool ascii = true, han = true, trad = false;
	size_t chars = 0;
	int32_t only = 0;
	for (size_t i = 0; i < n;) {
		unsigned char b = (unsigned char)s[i];
		if (b >= 0x80)
			ascii = false;
		int32_t c = lx_u8_next(s, n, &i);
		only = c;
		chars++;
		if (!(c >= 0x3400 && c <= 0x9FFF))
			han = false;
		else if (t->hans_map[c])
			trad = true;
	}
	if (ascii) {
		char *o = lx_arena_strndup(&t->arena, s, n);
		for (size_t i = 0; o && i < n; i++)
			if (o[i] >= 'A' && o[i] <= 'Z')
				o[i] = (char)(o[i] - 'A' + 'a');
		return o;
	}
	if (han && !trad) /* unchanged by NFKC_CF and by Hant-Hans */
		return s;
	if (han) {
		/* Character by character (NFKC leaves these alone). */
		char *o = lx_arena_alloc(&t->arena, n + 1), *p = o;
		for (size_t i = 0; o && i < n;) {
			int32_t c = lx_u8_next(s, n, &i);
			int32_t m = t->hans_map[c] ? t->hans_map[c] : c;
			UBool bad = false;
			int32_t w = 0;
			U8_APPEND((uint8_t *)p, w, 4, m, bad);
			(void)bad; /* BMP characters: always fit in 3 bytes */
			p += w;
		}
		if (o)
			*p = '\0';
		return o;
	}
	if (chars == 1 && only < 65536) {
		/* One character (punctuation, a symbol): computed once. */
		if (!t->one[only])
			t->one[only] = normalise_icu(t, &t->keep, s, n);
		return t->one[only];
	}
	return normalise_icu(t, &t->arena, s, n);
}

static const char *normalise_icu(lx_tokenizer *t, lx_arena *a,
                                 const char *s, size_t n)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t ul = 0;
	u_strFromUTF8(NULL, 0, &ul, s, (int32_t)n, &st);
	st = U_ZERO_ERROR;
	if (!ensure_u16(t, ul * 4 + 8))
		return NULL;
	UChar *src = t->u16, *dst = t->u16 + ul + 2;
	u_strFromUTF8(src, ul + 1, &ul, s, (int32_t)n, &st);
	int32_t dl = unorm2_normalize(t->nfkc_cf, src, ul, dst,
	                              t->u16cap - ul - 2, &st);
	if (U_FAILURE(st))
		return lx_arena_strndup(a, s, n);
	/* Hant-Hans when a character is in its source set. */
	bool trad = false;
	for (int32_t i = 0; i < dl && !trad;) {
		UChar32 c;
		U16_NEXT(dst, i, dl, c);
		trad = uset_contains(t->trad, c);
	}
	if (trad) {
		int32_t limit = dl, cap = t->u16cap - ul - 2;
		st = U_ZERO_ERROR;
		utrans_transUChars(t->hans, dst, &dl, cap, 0, &limit, &st);
		if (U_FAILURE(st))
			return lx_arena_strndup(a, s, n);
	}
	int32_t bl = 0;
	st = U_ZERO_ERROR;
	u_strToUTF8(NULL, 0, &bl, dst, dl, &st);
	char *o = lx_arena_alloc(a, (size_t)bl + 1);
	st = U_ZERO_ERROR;
	if (o)
		u_strToUTF8(o, bl + 1, &bl, dst, dl, &st);
	return o;
}

/* 第二百三十二条 -> 第232条; 二百三十二 -> 232 (digits NFKC'd). */
static const char *normalise_numbers(lx_tokenizer *t, const char *s,
                                     size_t n, bool label)
{
	bool ascii_digits = !label;
	for (size_t i = 0; i < n && ascii_digits; i++)
		ascii_digits = s[i] >= '0' && s[i] <= '9';
	if (ascii_digits)
		return s; /* 2020: already its own normal form */
	lx_buf b = {0};
	size_t i = 0;
	while (i < n) {
		size_t st = i;
		int32_t c = lx_u8_next(s, n, &i);
		if (is_cn_numeral(c) || is_digit(c)) {
			size_t e = st;
			while (e < n) {
				size_t q = e;
				int32_t d = lx_u8_next(s, n, &q);
				if (!is_cn_numeral(d) && !is_digit(d))
					break;
				e = q;
			}
			long v = lx_cn_number(s + st, e - st);
			if (v >= 0) {
				char num[24];
				snprintf(num, sizeof(num), "%ld", v);
				lx_buf_adds(&b, num);
			} else {
				lx_buf_add(&b, s + st, e - st);
			}
			i = e;
			continue;
		}
		lx_buf_add(&b, s + st, i - st);
	}
	const char *r = NULL;
	if (!b.oom && b.s)
		r = label ? normalise(t, b.s, b.len)
		          : lx_arena_strndup(&t->arena, b.s, b.len);
	/* normalise returns its input when it is already normal: that is b,
	 * about to be freed (第十二四项: a numeral that does not read). */
	if (r == b.s && r)
		r = lx_arena_strndup(&t->arena, b.s, b.len);
	lx_buf_free(&b);
	return r;
}

/* ---- tokenizing -------------------------------------------------------- */

static lx_token_kind kind_of(int32_t status, const char *s, size_t a,
                             size_t b)
{
	if (status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT)
		return LX_TOK_NUMBER;
	if (status >= UBRK_WORD_LETTER && status < UBRK_WORD_LETTER_LIMIT)
		return LX_TOK_LATIN;
	if (status >= UBRK_WORD_KANA && status < UBRK_WORD_IDEO_LIMIT)
		return all_numerals(s, a, b) ? LX_TOK_NUMBER : LX_TOK_HAN;
	return LX_TOK_PUNCT;
}

static bool push(lx_tokenizer *t, size_t a, size_t b, lx_token_kind k,
                 const char *s)
{
	lx_token *tk = lx_vec_push(&t->toks, sizeof(lx_token));
	if (!tk)
		return false;
	tk->start = a;
	tk->end = b;
	tk->kind = k;
	if (k == LX_TOK_LABEL || k == LX_TOK_NUMBER)
		tk->norm = normalise_numbers(t, s + a, b - a, k == LX_TOK_LABEL);
	else
		tk->norm = normalise(t, s + a, b - a);
	if (tk->norm == s + a)
		tk->norm_len = b - a; /* unchanged: points into the text */
	else if (tk->norm)
		tk->norm_len = strlen(tk->norm);
	return tk->norm != NULL;
}

int lx_tokenize(lx_tokenizer *t, const char *s, size_t len,
                const lx_token **out, size_t *n, lx_error *err)
{
	*out = NULL;
	*n = 0;
	t->toks.n = 0;
	lx_arena_reset(&t->arena);
	UErrorCode st = U_ZERO_ERROR;
	t->ut = utext_openUTF8(t->ut, s, (int64_t)len, &st);
	ubrk_setUText(t->bi, t->ut, &st);
	if (U_FAILURE(st))
		return icu_fail(err, "setting the text", st);
	size_t pos = 0;
	while (pos < len) {
		size_t q = pos;
		int32_t c = lx_u8_next(s, len, &q);
		if (lx_cp_is_space(c) || c == '\n' || c == '\r' ||
		    c == 0x200B || c == 0xFEFF) {
			pos = q; /* whitespace: dropped */
			continue;
		}
		/* The end of the ICU word holding pos, and its status (ICU
		 * caches boundaries: following() near the last is cheap). */
		int32_t fb = ubrk_following(t->bi, (int32_t)pos);
		size_t icu_end = fb == UBRK_DONE ? len : (size_t)fb;
		int32_t status = ubrk_getRuleStatus(t->bi);
		size_t e;
		lx_token_kind k;
		bool numeral = is_cn_numeral(c) || is_digit(c);
		if (c == 0x7B2C && (e = label_at(s, len, pos))) { /* 第 */
			k = LX_TOK_LABEL;
		} else if ((e = lexicon_at(t, s, len, pos, icu_end))) {
			k = LX_TOK_HAN;
		} else if (numeral && all_numerals(s, pos, icu_end)) {
			/* 二百|三十二: numeral-only words run together. */
			/* ...and numerals ICU put into the next word
			 * (二百三十|二元 -> 二百三十二 元), while they still
			 * read as one number. */
			e = icu_end;
			k = LX_TOK_NUMBER;
			while (e < len) {
				size_t r = e;
				int32_t d = lx_u8_next(s, len, &r);
				if (!(is_cn_numeral(d) || is_digit(d)) ||
				    lx_cn_number(s + pos, r - pos) < 0)
					break;
				e = r;
			}
		} else if (status < UBRK_WORD_NONE_LIMIT) {
			/* Punctuation and symbols: one token each. */
			e = q;
			k = LX_TOK_PUNCT;
		} else {
			e = icu_end;
			k = kind_of(status, s, pos, e);
		}
		if (!push(t, pos, e, k, s)) {
			if (err) {
				err->code = LX_ERR_NOMEM;
				snprintf(err->msg, sizeof(err->msg),
				         "out of memory");
			}
			return LX_ERR_NOMEM;
		}
		pos = e;
	}
	*out = t->toks.v;
	*n = t->toks.n;
	return LX_OK;
}

const char *lx_token_kind_name(lx_token_kind k)
{
	static const char *const names[] = {"han", "number", "latin",
	                                    "punct", "label"};
	return (size_t)k < sizeof(names) / sizeof(names[0]) ? names[k] : "?";
}

const char *lx_tokenizer_norm(lx_tokenizer *t, const char *s, size_t n,
                              size_t *out_len)
{
	const char *r = normalise(t, s, n);
	*out_len = !r ? 0 : r == s ? n : strlen(r);
	return r;
}
