/*
 * lx_int.h: what only the parser's own files may touch: the arena, growable
 * vectors, the document struct, the grammar rule tables and the stage
 * interfaces (decode -> clean -> structure -> meta).
 */
#ifndef LX_INT_H
#define LX_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "lexcn.h"

/* ---- arena: every string and node of a document ------------------------ */

typedef struct lx_arena_block lx_arena_block;
typedef struct lx_arena {
	lx_arena_block *head;
} lx_arena;

/* Allocates zeroed memory that lives until lx_arena_free; aborts never:
 * returns NULL when out of memory. */
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

typedef struct lx_buf {
	char *s;
	size_t len, cap;
	bool oom;
} lx_buf;

void lx_buf_add(lx_buf *b, const char *s, size_t len);
void lx_buf_adds(lx_buf *b, const char *s);
void lx_buf_free(lx_buf *b);
/* Appends a code point as UTF-8. */
void lx_buf_add_cp(lx_buf *b, int32_t c);

/* ---- UTF-8 helpers ----------------------------------------------------- */

/* Decodes one code point at s[*i] (i < len), advancing *i; invalid bytes
 * give U+FFFD and advance by one. */
static inline int32_t lx_u8_next(const char *s, size_t len, size_t *i);
/* Display width in columns of a code point (2 for East Asian wide). */
int lx_cp_width(int32_t c);
bool lx_cp_is_wide(int32_t c);
bool lx_cp_is_space(int32_t c);
/* Columns of a string, whitespace not counted. */
int lx_text_width(const char *s, size_t len);
/* Length of the first code point of s, 0 for empty. */
size_t lx_u8_len(const char *s, size_t len);

/* ---- grammar rules ----------------------------------------------------- */

/* Rule keys: what a grammar's rules mean to the stages (lx_key_names
 * holds their spelling in grammar files). */
typedef enum {
	LX_K_PART,
	LX_K_SUBPART,
	LX_K_CHAPTER,
	LX_K_SECTION,
	LX_K_ARTICLE,
	LX_K_ITEM,
	LX_K_SUBITEM,
	LX_K_CLOSING,
	LX_K_AGENCY,
	LX_K_AGENCY_DROP,
	LX_K_BACK_MATTER,
	LX_K_SPLIT,
	LX_K_PAGE_NUMBER,
	LX_K_STANDALONE,
	LX_K_INFO_END,
	LX_K_DROP_LINE,
	LX_K_TITLE_LINE,
	LX_K_DATE,
	LX_K_HISTORY,
	LX_K_HISTORY_ACTION,
	LX_K_HISTORY_LINE,
	LX_K_EFFECTIVE,
	LX_K_EFFECTIVE_ON,
	LX_K_VALIDITY_YEARS,
	LX_K_VALID_UNTIL,
	LX_K_REPEAL,
	LX_K_REPEAL_TITLE,
	LX_K_DOC_NUMBER,
	LX_K_LETTERHEAD,
	LX_K_NOTICE_TITLE,
	LX_K_STATUS,
	LX_K_ATTACHMENT,
	LX_K_ADDRESSEES,
	LX_K_SIGNATURE,
	LX_K_PUBLICATION_NOTE,
	LX_K_PRINTED,
	LX_K_CC,
	LX_K_JURISDICTION,
	LX_K_TYPE,
	LX_K_ISSUER_CLEAN,
	LX_K_CITE_DOCUMENT,
	LX_K_CITE_DOCNUM,
	LX_K_CITE_INTERNAL,
	LX_K_CITE_RELATIVE,
	LX_K_CITE_BARE,
	LX_K_CITE_NAMED_BEFORE,
	LX_K_CITE_NAMED_NOT,
	LX_K_RELATION_BASIS,
	LX_K_RELATION_REPEAL,
	LX_K_RELATION_ISSUES,
	LX_K_DEFINITION,
	LX_K_FIGURE,
	LX_K_FIGURE_OP,
	LX_K_COUNT
} lx_key;
extern const char *const lx_key_names[LX_K_COUNT];

typedef struct lx_rule {
	lx_key key;
	const char *value; /* text after "key:" or NULL */
	pcre2_code *re;
	int line;          /* line in the grammar file */
} lx_rule;

struct lx_grammar {
	char *name;
	char *path;
	char *title;  /* one-line description */
	lx_key detect; /* the key whose matches count for auto-detection */
	lx_vec rules; /* lx_rule */
	const lx_rule **by_key[LX_K_COUNT]; /* rules of each key, in order */
	size_t n_by_key[LX_K_COUNT];
	/* `hint KEY LIT...`: a text without any of the literals cannot match
	 * a rule of KEY, so the rules are not tried (a fast path). */
	char **hints[LX_K_COUNT];
	size_t n_hints[LX_K_COUNT];
	/* `start KEY LIT...`: every match of KEY begins with one of these
	 * literals, so matching is tried only there, anchored. */
	char **starts[LX_K_COUNT];
	size_t n_starts[LX_K_COUNT];
	/* The first characters of every start and hint literal, sorted: a
	 * text is scanned once for them (lx_grammar_scan). */
	int32_t *trig;
	size_t n_trig;
	uint64_t trig_bmp[65536 / 64]; /* the same, as a bitmap of the BMP */
	/* Bit i: trig[i] begins a start (hint) literal of the key. */
	uint64_t start_mask[LX_K_COUNT], hint_mask[LX_K_COUNT];
	/* First code point and length of each start/hint literal. */
	int32_t *start_cp[LX_K_COUNT], *hint_cp[LX_K_COUNT];
	size_t *start_len[LX_K_COUNT], *hint_len[LX_K_COUNT];
	bool is_structure; /* has an article rule */
};

struct lx_grammars {
	lx_vec grammars; /* lx_grammar* */
};

/* The metadata rules (grammar/metadata.grammar), always present. */
const lx_grammar *lx_grammars_meta(const lx_grammars *set);
/* Iterates the rules of a key: pass *pos = 0 first; NULL at the end. */
const lx_rule *lx_grammar_rule(const lx_grammar *g, lx_key key,
                               size_t *pos);
bool lx_grammar_has(const lx_grammar *g, lx_key key);
/* False when the grammar's hints for key say s cannot match. */
bool lx_grammar_may_match(const lx_grammar *g, lx_key key, const char *s,
                          size_t len);

/* A regex match with named groups; md owned by the caller (per parse). */
typedef struct lx_match {
	const char *subject;
	PCRE2_SIZE *ov;
	const lx_rule *rule;
} lx_match;

/* Tries every rule of `key` in order on s[0..len); true on the first that
 * matches, filling m. */
bool lx_match_key(const lx_grammar *g, lx_key key, const char *s,
                  size_t len, pcre2_match_data *md, lx_match *m);
/* Tries one rule at offset start. */
bool lx_match_rule(const lx_rule *r, const char *s, size_t len, size_t start,
                   pcre2_match_data *md, lx_match *m);
/* Finds the next match of r in s at or after *off and moves *off past it
 * (by at least one character); false when there is none.  For loops over
 * every match in a text. */
bool lx_match_next(const lx_rule *r, const char *s, size_t len, size_t *off,
                   pcre2_match_data *md, lx_match *m);
/* Like lx_match_next, but for a key: its rules tried anchored at each
 * start character (or unanchored, in order, when the key has none). */
bool lx_match_key_next(const lx_grammar *g, lx_key key, const char *s,
                       size_t len, size_t *off, pcre2_match_data *md,
                       lx_match *m);
/* The positions in a text of the characters that begin start and hint
 * literals: one scan of the text serves every key. */
typedef struct lx_hits {
	size_t *pos;
	int32_t *cp;
	size_t n, cap;
	uint64_t mask; /* bit i: trig[i] occurs */
	bool oom;
} lx_hits;
void lx_grammar_scan(const lx_grammar *g, const char *s, size_t len,
                     lx_hits *h);
void lx_hits_free(lx_hits *h);
/* False when none of the hint literals of key occurs (true without
 * hints). */
bool lx_hits_hint(const lx_grammar *g, lx_key key, const lx_hits *h,
                  const char *s, size_t len);
/* The next match of key at or after *off, tried anchored at the hits that
 * begin one of its start literals; *off moves past it.  Keys without start
 * literals are matched unanchored. */
typedef struct lx_span {
	size_t a, b;
} lx_span;
bool lx_hits_next(const lx_grammar *g, lx_key key, const lx_hits *h,
                  const char *s, size_t len, size_t *off,
                  pcre2_match_data *md, lx_match *m);
/* The same, skipping hits inside the byte spans `skip` (text already
 * taken by another rule). */
bool lx_hits_next_skip(const lx_grammar *g, lx_key key, const lx_hits *h,
                       const char *s, size_t len, size_t *off,
                       const lx_vec *skip, pcre2_match_data *md,
                       lx_match *m);
/* A named group of the last match: returns false when unset. */
bool lx_group(const lx_match *m, const char *name, const char **s,
              size_t *len);
/* Whole match span. */
void lx_match_span(const lx_match *m, size_t *start, size_t *end);

/* ---- decoded input ------------------------------------------------------ */

typedef struct lx_line {
	const char *s; /* UTF-8, no line terminator; not NUL-terminated */
	size_t len;
	int no; /* 1-based line number in the input */
} lx_line;

typedef struct lx_text {
	char *utf8; /* the whole decoded text, malloc'd */
	size_t len;
	lx_vec lines; /* lx_line */
	const char *encoding;
} lx_text;

int lx_decode(lx_text *out, const char *name, const char *buf, size_t len,
              lx_error *err);
void lx_text_free(lx_text *t);

/* ---- cleaned paragraphs ----------------------------------------------- */

typedef enum {
	LX_PARA_TEXT,
	LX_PARA_HEADING, /* a Markdown heading (# ...) */
	LX_PARA_RULE,    /* a Markdown horizontal rule (---) */
	LX_PARA_INFO_END /* <!-- INFO END --> of lawrefbook files */
} lx_para_kind;

typedef struct lx_para {
	lx_para_kind kind;
	int md_level;     /* # count for headings */
	const char *text; /* cleaned, NUL-terminated, in the doc arena */
	size_t len;
	int line_first, line_last;
} lx_para;

/* ---- the document ------------------------------------------------------- */

struct lx_doc {
	lx_arena arena;
	const char *path;
	const char *version; /* date of this version (latest event), or NULL */
	const char *id, *title, *jurisdiction, *type, *status, *doc_number,
		*issuer, *effective, *expires, *encoding, *grammar;
	lx_wrapper wrapper;
	const char *cc, *printed_date, *printed_by; /* back matter */
	bool has_wrapper;
	lx_node *root;
	lx_vec history;     /* lx_event */
	lx_vec repeals;     /* lx_repeal */
	lx_vec diags;       /* lx_diag */
	lx_vec header;      /* lx_text_line */
	lx_vec back_matter; /* lx_text_line */
	lx_vec cites;       /* lx_cite */
	lx_node **articles; /* articles in document order, built on first use */
	size_t n_articles;
	bool articles_built;
	lx_vec defs;        /* lx_definition */
	lx_vec paras;       /* lx_para, transient during parsing */
	bool oom;
};

void lx_diag_add(lx_doc *d, lx_severity sev, const char *code, int line,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Stages. Each returns 0 or LX_ERR_NOMEM. */
int lx_clean(lx_doc *d, const lx_text *t, const lx_grammars *set);
const lx_grammar *lx_detect_grammar(const lx_doc *d, const lx_grammars *set);
int lx_structure(lx_doc *d, const lx_grammar *g, const lx_grammar *meta,
                 size_t body_start, size_t body_end);
int lx_meta(lx_doc *d, const lx_grammar *g, const lx_grammar *meta);
/* Finds the references and defined terms of the body (citation grammar),
 * resolving those inside the document. */
int lx_cite_extract(lx_doc *d, const lx_grammar *cg);
/* Resolves the members of a chain in document d, relative to the node
 * `base` (NULL: the chain is absolute).  Appends targets to *out (arena of
 * `arena`); returns NULL, or the reason a member was not found. */
const char *lx_cite_resolve_refs(const lx_doc *d, const char *doc_id,
                                 const lx_node *base, const lx_ref *refs,
                                 size_t n, lx_arena *arena, lx_vec *out);

/* Helpers shared by the stages. */
lx_node *lx_node_new(lx_doc *d, lx_node_type t, int line);
void lx_node_append(lx_node *parent, lx_node *child);
/* Parses a date "2020年 9月25日" / "二〇二〇年十二月一日" at s: returns
 * "YYYY-MM-DD" in the arena, or NULL. Sets *placeholder for "20XX年". */
const char *lx_parse_date(lx_arena *a, const char *s, size_t len,
                          bool *placeholder);
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
	const unsigned char *s = (const unsigned char *)str;
	unsigned char c = s[*i];
	if (c < 0x80) {
		(*i)++;
		return c;
	}
	int n;
	int32_t cp;
	if (c >= 0xC2 && c <= 0xDF) {
		n = 1;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 2;
		cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 3;
		cp = c & 0x07;
	} else {
		(*i)++;
		return 0xFFFD;
	}
	if (*i + (size_t)n >= len) {
		(*i)++;
		return 0xFFFD;
	}
	for (int k = 1; k <= n; k++) {
		if ((s[*i + k] & 0xC0) != 0x80) {
			(*i)++;
			return 0xFFFD;
		}
		cp = (cp << 6) | (s[*i + k] & 0x3F);
	}
	*i += (size_t)n + 1;
	return cp;
}

#endif
