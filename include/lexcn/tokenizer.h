/*
 * lexcn/tokenizer.h: Chinese text cut into tokens (ICU's dictionary word
 * breaker, the legal lexicon kept whole), with normal forms for matching.
 */
#ifndef LEXCN_TOKENIZER_H
#define LEXCN_TOKENIZER_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	LX_TOK_HAN,    /* a Chinese word */
	LX_TOK_NUMBER, /* 232, 二百三十二, ２３２ */
	LX_TOK_LATIN,  /* APEC, FDA */
	LX_TOK_PUNCT,  /* punctuation and symbols, one character each */
	LX_TOK_LABEL   /* 第二百三十二条, 第10条之一 */
} lx_token_kind;

/* A token (a record: fields are only appended, at a major version). */
typedef struct lx_token {
	size_t start, end;  /* byte offsets in the text given */
	lx_token_kind kind;
	const char *norm;   /* normalised form for matching: norm_len bytes, */
	size_t norm_len;    /* not NUL-terminated (it may point into the text) */
} lx_token;

typedef struct lx_tokenizer lx_tokenizer;

/* A new tokenizer in *out (ICU word breaker, Hant-Hans, NFKC_Casefold;
 * free it with lx_tokenizer_free()), with the legal lexicon built into the
 * binary when builtin_lexicon.  Not shared between threads: one per
 * thread.  LX_OK, LX_ERR_NOMEM, LX_ERR_IO (ICU's data lacks a service:
 * err->msg names it and ICU's status) or LX_ERR_GRAMMAR (the built-in
 * lexicon does not load). */
LX_EXTERN int lx_tokenizer_new(lx_tokenizer **out, bool builtin_lexicon, lx_error *err);
/* Adds lexicon terms (copied): one per line, # comments.  LX_OK,
 * LX_ERR_GRAMMAR (err->msg as file:line:col) or LX_ERR_NOMEM. */
LX_EXTERN int lx_tokenizer_add_lexicon(lx_tokenizer *t, const char *name,
                             const char *buf, size_t len, lx_error *err);
/* The number of lexicon terms. */
LX_EXTERN size_t lx_tokenizer_lexicon_size(const lx_tokenizer *t);
/* Cuts UTF-8 text into tokens; whitespace is dropped.  *out points to an
 * array of *n tokens owned by the tokenizer (they and their norm strings
 * are valid until the next lx_tokenize() or lx_tokenizer_free(); norm
 * may also point into s).  LX_OK or
 * LX_ERR_NOMEM. */
LX_EXTERN int lx_tokenize(lx_tokenizer *t, const char *s, size_t len,
                const lx_token **out, size_t *n, lx_error *err);
/* "han", "number", "latin", "punct", "label" (static). */
LX_EXTERN const char *lx_token_kind_name(lx_token_kind k);
/* The normal form of a short piece of text (one character, as a search
 * index stores them): *out_len bytes, not NUL-terminated, owned by the
 * tokenizer, valid until the next lx_tokenize() or lx_tokenizer_free().
 * NULL (and *out_len 0) only when out of memory (LX_ERR_NOMEM). */
LX_EXTERN const char *lx_tokenizer_norm(lx_tokenizer *t, const char *s, size_t n,
                                        size_t *out_len);
/* Frees the tokenizer; NULL is allowed. */
LX_EXTERN void lx_tokenizer_free(lx_tokenizer *t);

#ifdef __cplusplus
}
#endif

#endif
