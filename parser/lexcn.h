/*
 * lexcn.h: the public C API of the lexcn parser.
 *
 * Data flows raw bytes -> decode (lx_decode) -> clean-up of extraction
 * artifacts (lx_clean) -> structure from a grammar (lx_structure) -> metadata
 * (lx_meta) -> a document tree (lx_doc) -> renderers (JSON, JSONL, text).
 *
 * Ownership: every lx_doc owns an arena holding all of its nodes and strings;
 * getters return borrowed pointers valid until lx_doc_free().  Every *_new,
 * *_load and *_parse has a *_free that accepts NULL.  No global mutable
 * state: documents and grammar sets may be used from several threads as long
 * as one object is not used by two threads at once (grammar sets are
 * read-only after loading and may be shared).
 */
#ifndef LEXCN_H
#define LEXCN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define LEXCN_VERSION "0.1.0"

/* Error codes: 0 is success, negative values are failures. */
enum {
	LX_OK = 0,
	LX_ERR_IO = -1,      /* file missing, unreadable, a directory */
	LX_ERR_DECODE = -2,  /* bytes that are not text in any supported encoding */
	LX_ERR_NOMEM = -3,
	LX_ERR_GRAMMAR = -4, /* a grammar file that does not load */
	LX_ERR_LIMIT = -5,   /* input beyond a documented limit */
	LX_ERR_USAGE = -6
};

/* Limits enforced with clear errors (documented in lexcn --help). */
#define LX_MAX_INPUT_BYTES ((size_t)256 * 1024 * 1024)
/* Book-title marks 《〈 nested deeper than this in one text: a diagnostic
 * (nesting-limit) and no document references taken from that text. (The
 * tree itself is at most 编/章/节/条/款/项/目 deep: node types are fixed.) */
#define LX_MAX_NESTING 8

/* An error: a one-line message, filled by the function that failed. */
typedef struct lx_error {
	int code;
	char msg[1024];
} lx_error;

typedef struct lx_doc lx_doc;
typedef struct lx_node lx_node;
typedef struct lx_grammar lx_grammar;
typedef struct lx_grammars lx_grammars;

typedef enum {
	LX_NODE_ROOT,
	LX_NODE_PART,
	LX_NODE_SUBPART,
	LX_NODE_CHAPTER,
	LX_NODE_SECTION,
	LX_NODE_ARTICLE,
	LX_NODE_PARAGRAPH,
	LX_NODE_ITEM,
	LX_NODE_SUBITEM,
	LX_NODE_PREAMBLE,
	LX_NODE_CLOSING
} lx_node_type;

typedef enum { LX_SEV_INFO, LX_SEV_WARNING, LX_SEV_ERROR } lx_severity;

typedef struct lx_diag {
	lx_severity severity;
	const char *code;    /* stable kebab-case code, e.g. "numbering-gap" */
	int line;            /* 1-based line in the input, 0 when none */
	const char *message; /* one line */
} lx_diag;

typedef struct lx_event {
	const char *date;   /* YYYY-MM-DD or NULL when missing */
	const char *action; /* 通过, 修订, 修正, 公布, 印发, 批准, 发布 */
	const char *by;     /* the body, or NULL */
	int line;
} lx_event;

typedef struct lx_repeal {
	const char *title;
	const char *doc_number; /* or NULL */
} lx_repeal;

typedef struct lx_text_line {
	int line;
	const char *text;
} lx_text_line;

struct lx_node {
	lx_node_type type;
	long num;       /* -1 when the source has none or it is out of range */
	int sub;        /* 之一 -> 1, 之二 -> 2; 0 otherwise */
	const char *label;   /* as in the source: "第二十八条", "（三）", "1." */
	const char *heading; /* chapter title, or 【立法目的】 contents */
	const char *text;    /* own text without label or heading, or NULL */
	const char *eid;
	int line_first, line_last; /* source lines, 1-based */
	const char **agencies; /* policy measures: responsible agencies */
	size_t n_agencies;
	lx_node *parent, *first, *last, *prev, *next;
};

/* ---- citations ------------------------------------------------------- */

/* One node a citation points to: a document id and an eid in it (eid NULL
 * when the whole document is meant). */
typedef struct lx_target {
	const char *doc;
	const char *eid;
} lx_target;

/* A member of a reference chain: 第A条之S第P款第I项第J目, -1 when absent. */
typedef struct lx_ref {
	long art, para, item, subitem;
	int art_sub;
} lx_ref;

typedef struct lx_cite {
	const char *doc;      /* the citing document's id */
	const char *from;     /* the citing node's eid */
	const char *text;     /* the reference as written */
	size_t start, end;    /* its span, in characters of the node's text */
	const char *kind;     /* absolute, relative, document, docnum */
	const char *relation; /* cites, basis, repeal, issues */
	const char *title;    /* kind document: the title as written */
	const char *doc_number; /* kind docnum, or the number after a title */
	lx_target *targets;   /* one per member of a list or range */
	size_t n_targets;
	bool resolved;        /* every member found */
	const char *reason;   /* why not, when !resolved */
	/* The parsed chain, for resolution in another document. */
	lx_ref *refs;
	size_t n_refs;
	/* A law named without 《》 (刑法第二十条): the Chinese characters
	 * before the chain, whose longest ending that is exactly the title of
	 * a document in the set names it. */
	const char *name_run;
} lx_cite;

/* A term defined by the text: 本条例所称X，是指…, （以下简称X）. */
typedef struct lx_definition {
	const char *term;
	const char *eid; /* the defining node */
	const char *text;
} lx_definition;

/* ---- grammars ---------------------------------------------------------- */

/* Loads the grammars built into the binary (the files of grammar/). */
int lx_grammars_builtin(lx_grammars **out, lx_error *err);
/* Adds a grammar file; it becomes selectable by its name and its path. */
int lx_grammars_add_file(lx_grammars *set, const char *path, lx_error *err);
/* Adds a grammar from memory; `name` is used in error messages. */
int lx_grammars_add_buffer(lx_grammars *set, const char *name, const char *buf,
                           size_t len, lx_error *err);
/* Finds a structure grammar by name ("statute", "policy") or path. */
const lx_grammar *lx_grammars_find(const lx_grammars *set, const char *name);
const char *lx_grammar_name(const lx_grammar *g);
/* True for a structure grammar (one with an article rule). */
bool lx_grammar_has_structure(const lx_grammar *g);
void lx_grammars_free(lx_grammars *set);

/* ---- parsing ----------------------------------------------------------- */

typedef struct lx_parse_opts {
	const lx_grammar *grammar; /* NULL: chosen automatically */
	bool no_citations;         /* skip finding references */
} lx_parse_opts;

/*
 * Parses a file (or standard input for "-").  On success *out owns the
 * document.  Returns 0, or a negative code with err->msg naming the file
 * (and the byte offset for decoding errors).  Text that looks wrong never
 * fails the parse: it becomes a diagnostic.
 */
int lx_parse_file(lx_doc **out, const lx_grammars *set, const char *path,
                  const lx_parse_opts *opts, lx_error *err);
int lx_parse_buffer(lx_doc **out, const lx_grammars *set, const char *name,
                    const char *buf, size_t len, const lx_parse_opts *opts,
                    lx_error *err);
void lx_doc_free(lx_doc *doc);
/* Reads a file (or "-") and decodes it to UTF-8 as parsing does, with
 * CRLF and CR turned into LF; *out is malloc'd. */
int lx_read_text(const char *path, char **out, size_t *len, lx_error *err);

/* ---- getters (borrowed, valid until lx_doc_free) ----------------------- */

const char *lx_doc_path(const lx_doc *d);
const char *lx_doc_id(const lx_doc *d);
const char *lx_doc_title(const lx_doc *d);
const char *lx_doc_jurisdiction(const lx_doc *d);
const char *lx_doc_type(const lx_doc *d);
const char *lx_doc_status(const lx_doc *d);
const char *lx_doc_number(const lx_doc *d);
const char *lx_doc_issuer(const lx_doc *d);
const char *lx_doc_effective(const lx_doc *d);
const char *lx_doc_expires(const lx_doc *d);
const char *lx_doc_encoding(const lx_doc *d);
const char *lx_doc_grammar(const lx_doc *d);
const lx_node *lx_doc_body(const lx_doc *d);
size_t lx_doc_history(const lx_doc *d, const lx_event **out);
size_t lx_doc_repeals(const lx_doc *d, const lx_repeal **out);
size_t lx_doc_diags(const lx_doc *d, const lx_diag **out);
size_t lx_doc_header(const lx_doc *d, const lx_text_line **out);
size_t lx_doc_back_matter(const lx_doc *d, const lx_text_line **out);
/* The wrapper of a notice that issues the document (印发…的通知), or NULL. */
typedef struct lx_wrapper {
	const char *title;
	const char *doc_number;
	const char *issuer;
	const char *date;
	const char *addressees;
	const char *text;
} lx_wrapper;
const lx_wrapper *lx_doc_wrapper(const lx_doc *d);
/* Back matter of a notice: the 抄送 list and the 印发 line, or NULL. */
const char *lx_doc_cc(const lx_doc *d);
const char *lx_doc_printed_date(const lx_doc *d);
const char *lx_doc_printed_by(const lx_doc *d);

/* Citations found in the document, resolved within it; references to other
 * documents stay unresolved until lx_set_resolve. */
size_t lx_doc_cites(const lx_doc *d, const lx_cite **out);
size_t lx_doc_definitions(const lx_doc *d, const lx_definition **out);

/* ---- document sets: citations across documents ------------------------- */

typedef struct lx_set lx_set;
int lx_set_new(lx_set **out);
/* Adds a document; the set owns it from then on. */
int lx_set_add(lx_set *s, lx_doc *d);
/* Links the references of every document to the others in the set:
 * 《title》 (with or without 中华人民共和国, the version in force at the citing
 * document's date), notice titles, document numbers.  Returns 0 or
 * LX_ERR_NOMEM. */
int lx_set_resolve(lx_set *s);
size_t lx_set_docs(const lx_set *s, lx_doc *const **out);
/* Finds a document by id, or by title (its latest version). */
lx_doc *lx_set_find(const lx_set *s, const char *id_or_title);
void lx_set_free(lx_set *s);

const char *lx_node_type_name(lx_node_type t);
/* Counts nodes of a type in the subtree of n (n included). */
size_t lx_node_count(const lx_node *n, lx_node_type t);
/* The next node in document order after n within the subtree of root. */
const lx_node *lx_node_next_preorder(const lx_node *root, const lx_node *n);
/* Finds a node by eid in the body, or NULL. */
const lx_node *lx_doc_find(const lx_doc *d, const char *eid);

/*
 * Verifies that no text was lost: the document's header lines, body nodes
 * (labels, headings, texts) and back matter, concatenated, equal the
 * source (UTF-8) minus whitespace, Markdown markup, 【】 and the lines
 * dropped with a diagnostic (page numbers).  Returns 0 when equal, else -1
 * with a one-line description of the first difference in msg.
 */
int lx_doc_check_text(const lx_doc *d, const char *src, size_t len, char *msg,
                      size_t msgsz);

/* ---- renderers --------------------------------------------------------- */

typedef enum { LX_FMT_JSON, LX_FMT_JSONL, LX_FMT_TEXT } lx_format;

/*
 * Renders documents.  JSON: one object for one document, an array for
 * several; JSONL: one line per article; text: an outline.  Returns 0, or
 * LX_ERR_IO / LX_ERR_NOMEM with err filled.
 */
int lx_render(FILE *out, lx_doc *const *docs, size_t n, lx_format fmt,
              lx_error *err);
/* The full text of an article: label, heading and paragraphs (malloc'd). */
char *lx_article_text(const lx_node *article);
/* A node's place in a heading path: label and heading ("第一章 总则"), ""
 * when it has neither (malloc'd; NULL when out of memory). */
char *lx_node_heading(const lx_node *n);

/* ---- tokenizer ---------------------------------------------------------- */

typedef enum {
	LX_TOK_HAN,    /* a Chinese word */
	LX_TOK_NUMBER, /* 232, 二百三十二, ２３２ */
	LX_TOK_LATIN,  /* APEC, FDA */
	LX_TOK_PUNCT,  /* punctuation and symbols, one character each */
	LX_TOK_LABEL   /* 第二百三十二条, 第10条之一 */
} lx_token_kind;

typedef struct lx_token {
	size_t start, end;  /* byte offsets in the text given */
	lx_token_kind kind;
	const char *norm;   /* normalised form for matching: norm_len bytes, */
	size_t norm_len;    /* not NUL-terminated (it may point into the text) */
} lx_token;

typedef struct lx_tokenizer lx_tokenizer;

/* A tokenizer (ICU word breaker, Hant-Hans, NFKC_Casefold), with the
 * legal lexicon built into the binary when builtin_lexicon.  Not shared
 * between threads: one per thread. */
int lx_tokenizer_new(lx_tokenizer **out, bool builtin_lexicon, lx_error *err);
/* Adds lexicon terms: one per line, # comments; errors as file:line:col. */
int lx_tokenizer_add_lexicon(lx_tokenizer *t, const char *name,
                             const char *buf, size_t len, lx_error *err);
size_t lx_tokenizer_lexicon_size(const lx_tokenizer *t);
/* Cuts UTF-8 text into tokens; whitespace is dropped.  The tokens (and
 * their norm strings) are valid until the next call or the free. */
int lx_tokenize(lx_tokenizer *t, const char *s, size_t len,
                const lx_token **out, size_t *n, lx_error *err);
const char *lx_token_kind_name(lx_token_kind k);
/* The normal form of a short piece of text (one character, as a search
 * index stores them): *out_len bytes, not NUL-terminated, valid until the
 * next lx_tokenize. */
const char *lx_tokenizer_norm(lx_tokenizer *t, const char *s, size_t n,
                              size_t *out_len);
void lx_tokenizer_free(lx_tokenizer *t);

/* ---- figures: quantities in provisions (grammar/figures.grammar) ----- */

typedef struct lx_figure {
	const char *kind; /* percent, money, workday, day, month, year, count */
	const char *op;   /* "=", ">=", "<=", "<", ">" */
	double value;     /* percent: 40 for 百分之四十; money: in yuan */
	const char *unit; /* "%", "CNY", "workday", "day", "month", "year", or
	                     the counter as written (家, 名) */
	char *per;        /* 每年, 每家企业, 单个项目 ..., or NULL */
	size_t start, end; /* bytes of the text */
	char *text;       /* as written */
} lx_figure;

/* The figures of a text, in text order; *out malloc'd (free with
 * lx_figures_free).  Needs the built-in "figures" grammar (or one loaded
 * under that name).  0, LX_ERR_NOMEM, or LX_ERR_GRAMMAR when absent. */
int lx_figures(const lx_grammars *set, const char *text, size_t len,
               lx_figure **out, size_t *n);
void lx_figures_free(lx_figure *f, size_t n);
/* "≥40%", "≤1,200,000 CNY", "≤30 days", "每年 ≤5,000,000 CNY"; malloc'd. */
char *lx_figure_format(const lx_figure *f);

/* Chinese numerals: 十一 -> 11, 一百零三 -> 103, 二〇二〇 -> 2020, "45" -> 45.
 * Returns -1 for text that is not a numeral or beyond 2^31. */
long lx_cn_number(const char *s, size_t len);
/* The other way, as article labels write them: 11 -> 十一, 103 -> 一百零三,
 * 1260 -> 一千二百六十 (1..9999).  Writes at most `size` bytes with the NUL;
 * false when n is out of range or it does not fit. */
bool lx_cn_format(long n, char *buf, size_t size);

#endif
