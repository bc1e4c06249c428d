/*
 * util.h: the helpers every folder of the library uses: an arena, growable
 * vectors, a string buffer, UTF-8 through ICU's U8 macros, a hash, the
 * error record's filling.  Depends on nothing but the public common.h.
 * Private to the library.
 */
#ifndef LX_UTIL_H
#define LX_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <unicode/utf8.h>

#include <lexcn/common.h>

/* ---- arena: every string and node of a document ------------------------ */

typedef struct lx_arena_block lx_arena_block;
typedef struct lx_arena {
	lx_arena_block *head;
	/* Set when an allocation from the arena failed (also by the helpers
	 * below that build a string first): the owner checks it once at the
	 * end of a stage instead of after every call.  Cleared by
	 * lx_arena_free only. */
	bool oom;
} lx_arena;

/* Allocates zeroed memory that lives until lx_arena_free; aborts never:
 * returns NULL (and sets a->oom) when out of memory. */
void *lx_arena_alloc(lx_arena *a, size_t size);
char *lx_arena_strndup(lx_arena *a, const char *s, size_t len);
char *lx_arena_strdup(lx_arena *a, const char *s);
char *lx_arena_printf(lx_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Forgets every allocation but keeps the first block for reuse. */
void lx_arena_reset(lx_arena *a);
void lx_arena_free(lx_arena *a);

/* ---- growable vectors (malloc'd, freed with lx_vec_free) -------------- */

typedef struct lx_vec {
	void *v;
	size_t n, cap;
} lx_vec;

/* Appends one zeroed element of `size` bytes and returns it, or NULL. */
void *lx_vec_push(lx_vec *vec, size_t size);
void lx_vec_free(lx_vec *vec);
#define LX_VEC_AT(vec, T, i) (((T *)(vec)->v)[i])

/* ---- growable string buffer ------------------------------------------- */

/* The bytes of a text already taken (by a rule that matched there): a
 * bitmap, so that testing a position or a span costs nothing or its
 * length, never the number of spans taken before (a paragraph of 10,000
 * references was quadratic with a list of spans). */
typedef struct lx_taken {
	uint64_t *bits;
	size_t len; /* bytes of the current text */
	size_t cap; /* words allocated */
} lx_taken;
/* Clears t for a text of len bytes; false when out of memory. */
bool lx_taken_reset(lx_taken *t, size_t len);
/* Marks [a, b) taken (clipped to the text). */
void lx_taken_add(lx_taken *t, size_t a, size_t b);
/* True when a byte of [a, b) is taken. */
bool lx_taken_any(const lx_taken *t, size_t a, size_t b);
static inline bool lx_taken_has(const lx_taken *t, size_t p)
{
	return p < t->len && (t->bits[p / 64] >> (p % 64) & 1);
}
void lx_taken_free(lx_taken *t);

typedef struct lx_buf {
	char *s;
	size_t len, cap;
	bool oom;
} lx_buf;

void lx_buf_add(lx_buf *b, const char *s, size_t len);
void lx_buf_adds(lx_buf *b, const char *s);
void lx_buf_free(lx_buf *b);
/* The string built (malloc'd, "" when nothing was added), or NULL when
 * memory ran out on the way (the buffer is freed). */
char *lx_buf_take(lx_buf *b);
/* Appends a code point as UTF-8 (U+FFFD for a surrogate or a value that
 * is no code point). */
void lx_buf_add_cp(lx_buf *b, int32_t c);
/* FNV-1a, 64 bits, of n bytes; lx_hash64_str of a NUL-terminated string.
 * For hash tables (not stored anywhere). */
uint64_t lx_hash64(const void *p, size_t n);
uint64_t lx_hash64_str(const char *s);

/* ---- UTF-8 helpers ----------------------------------------------------- */

/* Decodes one code point at s[*i] (i < len), advancing *i (ICU's
 * U8_NEXT_OR_FFFD): an ill-formed sequence gives U+FFFD and advances past
 * its longest valid prefix, at least one byte. */
static inline int32_t lx_u8_next(const char *s, size_t len, size_t *i);
/* Display width in columns of a code point (2 for East Asian wide). */
int lx_cp_width(int32_t c);
bool lx_cp_is_wide(int32_t c);
bool lx_cp_is_space(int32_t c);
/* Columns of a string, whitespace not counted. */
int lx_text_width(const char *s, size_t len);
/* The same as a CJK font sets it: the curly quotes, dashes and ellipsis
 * (“ ” ‘ ’ — …) count as two. */
int lx_text_width_cjk(const char *s, size_t len);
/* Length of the first code point of s, 0 for empty. */
size_t lx_u8_len(const char *s, size_t len);
/* The start of the code point that holds s[i] (ICU's U8_SET_CP_START: i
 * itself when s[i] is no trail byte of a well-formed sequence). */
static inline size_t lx_u8_start(const char *s, size_t i);
/* The offset just past the code point at i (i < len), as U8_FWD_1 steps. */
static inline size_t lx_u8_fwd(const char *s, size_t i, size_t len);

/* Fills err (when not NULL) with code and a printf-style one-line message;
 * returns code. */
int lx_error_set(lx_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Copies a cleaned text dropping the spaces next to wide (CJK) characters:
 * "总 则" -> "总则", "2020 年" -> "2020年"; other spaces stay single. */
char *lx_norm_text(lx_arena *a, const char *s, size_t len);
/* A title for matching: no spaces, no 中华人民共和国 prefix, 〈〉 as 《》. */
char *lx_title_key(lx_arena *a, const char *t);
/* Copies s without whitespace (for comparisons), in the arena. */
char *lx_strip_spaces(lx_arena *a, const char *s, size_t len);

/* ---- inline definitions ---- */

static inline int32_t lx_u8_next(const char *str, size_t len, size_t *i)
{
	/* ICU's decoder: an ill-formed sequence is U+FFFD, and the offset
	 * moves past its maximal valid prefix (at least one byte). */
	const uint8_t *s = (const uint8_t *)str;
	size_t k = *i;
	UChar32 c;
	U8_NEXT_OR_FFFD(s, k, len, c);
	*i = k;
	return c;
}

static inline size_t lx_u8_fwd(const char *s, size_t i, size_t len)
{
	/* A window of at most 4 bytes from i (ICU's offsets are int32_t). */
	int32_t k = 0, n = (int32_t)(len - i < 4 ? len - i : 4);
	U8_FWD_1((const uint8_t *)s + i, k, n);
	return i + (size_t)k;
}

static inline size_t lx_u8_start(const char *s, size_t i)
{
	/* ICU's offsets are int32_t: a window of the 3 bytes before i (a
	 * sequence is at most 4 bytes). */
	size_t from = i < 3 ? 0 : i - 3;
	int32_t k = (int32_t)(i - from);
	U8_SET_CP_START((const uint8_t *)s + from, 0, k);
	return from + (size_t)k;
}

/* n in Chinese counting appended to b, as Word and article labels write
 * it (一 … 十 十一 … 一百零一 … 一万零一十; 0 is 〇); legal: the financial
 * forms (壹佰零壹, 拾壹: no 十 alone).  0..99999999; false beyond (b
 * unchanged).  An allocation failure sets b->oom. */
bool lx_cn_count(lx_buf *b, long n, bool legal);

#endif
