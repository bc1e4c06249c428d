/*
 * grammar.c: loading grammar files (grammar/NAME.grammar) and matching their
 * rules.  A grammar is data: one rule per line, `key[:value] pattern`, with
 * PCRE2 patterns (UTF, Unicode properties) and `define NAME pattern` macros
 * used as {NAME}.  Errors are reported as file:line:col.  See
 * grammar/README.md for the keys.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lx_int.h"


/* Keys a grammar may use, in the order of lx_key. */
const char *const lx_key_names[LX_K_COUNT] = {
	/* structure */
	"part", "subpart", "chapter", "section", "article", "item", "subitem",
	"closing", "agency", "agency_drop", "back_matter", "split", "glued", "glued_item",
	/* clean-up */
	"page_number", "standalone", "info_end", "drop_line", "title_line",
	/* header and metadata */
	"date", "history", "history_action", "history_line", "body_line", "effective",
	"effective_on", "validity_years", "valid_until", "repeal",
	"repeal_title", "doc_number", "letterhead", "notice_title", "status",
	"attachment", "addressees", "signature", "publication_note",
	"printed", "cc", "jurisdiction", "type", "issuer_clean",
	"body_expand", "self_issuer", "title_issuer",
	/* citations */
	"cite_document", "cite_docnum", "cite_internal", "cite_relative",
	"cite_bare", "cite_named_before", "cite_named_not", "cite_heading",
	"cite_law_name", "named_text", "relation_basis",
	"relation_repeal", "relation_issues", "definition",
	/* figures */
	"figure", "figure_op", "figure_unit",
	/* amendments */
	"amend", "amend_prefix", "amend_target", "amend_law", "amend_renumber",
	"amend_effective", "amend_item_line"};

static int key_id(const char *k)
{
	for (int i = 0; i < LX_K_COUNT; i++)
		if (!strcmp(lx_key_names[i], k))
			return i;
	return -1;
}

static void make_masks(lx_grammar *g);
static void gerr(lx_error *err, const char *file, int line, int col,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void gerr(lx_error *err, const char *file, int line, int col,
                 const char *fmt, ...)
{
	if (!err)
		return;
	err->code = LX_ERR_GRAMMAR;
	int n = snprintf(err->msg, sizeof(err->msg), "%s:%d:%d: ", file, line,
	                 col);
	if (n < 0 || (size_t)n >= sizeof(err->msg))
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg + n, sizeof(err->msg) - (size_t)n, fmt, ap);
	va_end(ap);
}

typedef struct define {
	char *name;
	char *pattern;
} define;

static void grammar_free(lx_grammar *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->rules.n; i++) {
		lx_rule *r = &LX_VEC_AT(&g->rules, lx_rule, i);
		pcre2_code_free(r->re);
		pcre2_code_free(r->re_at);
		pcre2_code_free(r->re_full);
		free(r->pat);
		free((char *)r->value);
	}
	lx_vec_free(&g->rules);
	free(g->trig);
	free(g->name);
	free(g->path);
	free(g->title);
	for (int k = 0; k < LX_K_COUNT; k++) {
		free(g->by_key[k]);
		for (size_t h = 0; h < g->n_hints[k]; h++)
			free(g->hints[k][h]);
		free(g->hints[k]);
		for (size_t h = 0; h < g->n_starts[k]; h++)
			free(g->starts[k][h]);
		free(g->starts[k]);
		free(g->start_cp[k]);
		free(g->hint_cp[k]);
		free(g->start_len[k]);
		free(g->hint_len[k]);
	}
	free(g);
}

/* Expands {NAME} macros; returns malloc'd pattern or NULL (oom / unknown
 * name, *bad_col set to the column of the brace for the latter). */
static char *expand(const char *p, const lx_vec *defs, int *bad_col,
                    int depth)
{
	lx_buf b = {0};
	*bad_col = -1;
	for (size_t i = 0; p[i];) {
		/* {NAME}, but not \p{Han}, \x{...}, \k{...}. */
		bool escaped = i >= 2 && p[i - 2] == '\\' &&
		               isalpha((unsigned char)p[i - 1]);
		if (p[i] == '{' && !escaped &&
		    (isalpha((unsigned char)p[i + 1]) || p[i + 1] == '_')) {
			size_t j = i + 1;
			while (isalnum((unsigned char)p[j]) || p[j] == '_')
				j++;
			if (p[j] == '}') {
				const define *d = NULL;
				for (size_t k = 0; k < defs->n; k++) {
					const define *c =
						&LX_VEC_AT(defs, define, k);
					if (strlen(c->name) == j - i - 1 &&
					    !strncmp(c->name, p + i + 1,
					             j - i - 1))
						d = c;
				}
				if (!d || depth > 8) {
					*bad_col = (int)i;
					lx_buf_free(&b);
					return NULL;
				}
				lx_buf_adds(&b, "(?:");
				lx_buf_adds(&b, d->pattern);
				lx_buf_adds(&b, ")");
				i = j + 1;
				continue;
			}
		}
		lx_buf_add(&b, p + i, 1);
		i++;
	}
	if (b.oom || !b.s) {
		lx_buf_free(&b);
		return b.oom ? NULL : strdup("");
	}
	return b.s;
}

/* True when pattern may set the option letter opt ((?i), (?mi:...)). */
static bool may_set(const char *pat, char opt)
{
	for (const char *p = strstr(pat, "(?"); p; p = strstr(p + 2, "(?")) {
		const char *q = p + 2;
		while (*q == '^' || *q == '-' || (*q >= 'a' && *q <= 'z') ||
		       (*q >= 'A' && *q <= 'Z')) {
			if (*q == opt)
				return true;
			q++;
		}
	}
	return false;
}

static bool may_be_caseless(const char *pat)
{
	return may_set(pat, 'i');
}

static bool word_byte(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* Where the tail (?<NAME>.*)$ or (?<NAME>.+)$ that ends pat at its top
 * level begins (0: pat has none; see lx_rule): no alternation at the top
 * level, nothing that changes what . and $ mean ((?s), (?m), a (*...)
 * verb, newlines other than LF in PCRE2's build), no \Q, (?x) or (?#
 * whose text the scan below could misread.  *plus: the tail is .+. */
static size_t tail_of(const char *pat, bool *plus)
{
	size_t n = strlen(pat);
	uint32_t newline = 0;
	if (n < 9 || (strcmp(pat + n - 5, ">.*)$") && strcmp(pat + n - 5, ">.+)$")))
		return 0;
	*plus = pat[n - 3] == '+';
	if (may_set(pat, 's') || may_set(pat, 'm') || may_set(pat, 'x') ||
	    strstr(pat, "(*") || strstr(pat, "(?#") || strstr(pat, "\\Q") ||
	    pcre2_config(PCRE2_CONFIG_NEWLINE, &newline) < 0 ||
	    newline != PCRE2_NEWLINE_LF)
		return 0;
	size_t e = n - 5, b = e; /* NAME is pat[b, e) */
	while (b > 0 && word_byte(pat[b - 1]))
		b--;
	if (b == e || b < 3 || strncmp(pat + b - 3, "(?<", 3))
		return 0;
	size_t open = b - 3;
	/* The opening at depth 0, and no | there before it. */
	int depth = 0;
	for (size_t i = 0; i < open; i++) {
		char c = pat[i];
		if (c == '\\') {
			i++;
		} else if (c == '[') {
			i++;
			if (i < open && pat[i] == '^')
				i++;
			if (i < open && pat[i] == ']')
				i++;
			for (; i < open && pat[i] != ']'; i++) {
				if (pat[i] == '\\') {
					i++;
				} else if (pat[i] == '[' && pat[i + 1] == ':') {
					const char *q = strstr(pat + i + 2, ":]");
					if (!q)
						return 0;
					i = (size_t)(q - pat) + 1;
				}
			}
			if (i >= open)
				return 0;
		} else if (c == '(') {
			depth++;
		} else if (c == ')') {
			if (--depth < 0)
				return 0;
		} else if (c == '|' && !depth) {
			return 0;
		}
	}
	return depth ? 0 : open;
}

/* A rule's pattern compiled (with extra options) and JIT-compiled; NULL
 * with *ec and *eo set on a bad pattern.  JIT is an optimisation: a
 * pattern it cannot take runs in the interpreter. */
static pcre2_code *compile(const char *pat, uint32_t opts, int *ec,
                           PCRE2_SIZE *eo)
{
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	                               PCRE2_UTF | PCRE2_UCP | opts, ec, eo,
	                               NULL);
	if (re)
		pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

static bool has_jit(const pcre2_code *re)
{
	size_t size = 0;
	return re && !pcre2_pattern_info(re, PCRE2_INFO_JITSIZE, &size) &&
	       size > 0;
}

/* A pattern *pat (compiled: *re) with a tail (tail_of): *pat and *re
 * become the pattern without it ((?<NAME>.*)$ -> (?<NAME>)), *full the
 * whole one; returns the tail group's number, or 0 (nothing changed:
 * no tail, or no memory for the copy, which only costs speed). */
static int cut_tail(char **pat, pcre2_code **re, pcre2_code **full,
                    bool *plus)
{
	size_t open = tail_of(*pat, plus), n = strlen(*pat);
	if (!open)
		return 0;
	char *cut = malloc(n + 1);
	char *name = strndup(*pat + open + 3, n - open - 8);
	int ec;
	PCRE2_SIZE eo;
	pcre2_code *c = NULL;
	int num = -1;
	if (cut && name) {
		memcpy(cut, *pat, n - 4); /* up to (?<NAME> */
		strcpy(cut + n - 4, ")");
		c = compile(cut, 0, &ec, &eo);
		num = c ? pcre2_substring_number_from_name(c, (PCRE2_SPTR)name)
		        : -1;
	}
	free(name);
	if (num <= 0) {
		pcre2_code_free(c);
		free(cut);
		return 0;
	}
	*full = *re;
	*re = c;
	free(*pat);
	*pat = cut;
	return num;
}

/* An anchored pattern (^X) compiled again without PCRE2's start-up
 * optimisations: their search for a byte the match needs runs to the end
 * of the text in JIT code, for a match tried at one place; a rule tried
 * after each of n titles of a text made it cost n^2.  may_match_at() does
 * that test within a window.  Kept as it is when out of memory. */
static void anchored_copy(lx_rule *r, const char *pat)
{
	int ec;
	PCRE2_SIZE eo;
	if (!r->anchored)
		return;
	pcre2_code *re = compile(pat, PCRE2_NO_START_OPTIMIZE, &ec, &eo);
	if (re) {
		pcre2_code_free(r->re);
		r->re = re;
	}
}

/* The bytes of r's pattern pat a match needs (see lx_rule). */
static void prefilter(lx_rule *r, const char *pat)
{
	uint32_t type = 0, cu = 0, opts = 0;
	r->first_cu = r->req_cu = -1;
	r->anchored = !pcre2_pattern_info(r->re, PCRE2_INFO_ALLOPTIONS,
	                                  &opts) &&
	              (opts & PCRE2_ANCHORED);
	if (may_be_caseless(pat))
		return;
	/* A letter could be caseless in a way the test above misses; the
	 * other ASCII bytes (<, -, #) are as written. */
	if (!pcre2_pattern_info(r->re, PCRE2_INFO_FIRSTCODETYPE, &type) &&
	    type == 1 &&
	    !pcre2_pattern_info(r->re, PCRE2_INFO_FIRSTCODEUNIT, &cu) &&
	    cu > 0x20 && cu < 0x100 && cu != 0x7f &&
	    !((cu | 0x20) >= 'a' && (cu | 0x20) <= 'z'))
		r->first_cu = (int)cu;
	if (!pcre2_pattern_info(r->re, PCRE2_INFO_LASTCODETYPE, &type) &&
	    type == 1 &&
	    !pcre2_pattern_info(r->re, PCRE2_INFO_LASTCODEUNIT, &cu) &&
	    cu >= 0x80 && cu < 0x100)
		r->req_cu = (int)cu;
}

/* False when r cannot match s from start (anchored there if anchored):
 * a byte its matches need is missing. */
static bool may_match_at(const lx_rule *r, const char *s, size_t len,
                         size_t start, bool anchored)
{
	if (r->first_cu >= 0) {
		if (start >= len)
			return false;
		if (anchored || r->anchored) {
			if ((unsigned char)s[start] != r->first_cu)
				return false;
		} else {
			const char *f = memchr(s + start, r->first_cu,
			                       len - start);
			if (!f)
				return false;
			start = (size_t)(f - s);
		}
	}
	if (r->req_cu < 0)
		return true;
	if (start >= len)
		return false;
	/* Looked for in a window only (as PCRE2 does for the same reason):
	 * a search to the end of the text at every start tried would make
	 * a text of n starts cost n^2.  Beyond the window: maybe. */
	enum { REQ_WINDOW = 1024 };
	size_t w = len - start < REQ_WINDOW ? len - start : REQ_WINDOW;
	return memchr(s + start, r->req_cu, w) || w < len - start;
}

static int parse_grammar(lx_grammar **out, const char *file, const char *buf,
                         size_t len, lx_error *err)
{
	*out = NULL;
	lx_grammar *g = calloc(1, sizeof(*g));
	lx_vec defs = {0};
	int rc = LX_OK;
	if (!g)
		return lx_error_set(err, LX_ERR_NOMEM, "%s: out of memory",
		                    file);
	g->path = strdup(file);
	if (!g->path) {
		rc = LX_ERR_NOMEM;
		goto done;
	}
	if (memchr(buf, '\0', len)) {
		gerr(err, file, 1, 1, "grammar file contains a NUL byte");
		rc = LX_ERR_GRAMMAR;
		goto done;
	}
	int lineno = 0;
	for (size_t pos = 0; pos < len && rc == LX_OK;) {
		size_t end = pos;
		while (end < len && buf[end] != '\n')
			end++;
		lineno++;
		char *line = strndup(buf + pos, end - pos);
		pos = end + 1;
		if (!line) {
			rc = LX_ERR_NOMEM;
			break;
		}
		size_t ll = strlen(line);
		while (ll && (line[ll - 1] == '\r' || line[ll - 1] == ' ' ||
		              line[ll - 1] == '\t'))
			line[--ll] = '\0';
		char *k = line;
		while (*k == ' ' || *k == '\t')
			k++;
		if (!*k || *k == '#') {
			free(line);
			continue;
		}
		char *ke = k;
		while (*ke && *ke != ' ' && *ke != '\t')
			ke++;
		char *rest = ke;
		while (*rest == ' ' || *rest == '\t')
			rest++;
		*ke = '\0';
		int rest_col = (int)(rest - line) + 1;
		char *value = strchr(k, ':');
		if (value)
			*value++ = '\0';
		if (!strcmp(k, "start") || !strcmp(k, "hint")) {
			/* start|hint KEY LIT LIT ... */
			bool is_start = !strcmp(k, "start");
			char *save = NULL, *w = strtok_r(rest, " \t", &save);
			int id = w ? key_id(w) : -1;
			if (id < 0) {
				gerr(err, file, lineno, rest_col,
				     "'%s' needs a known key and literals", k);
				rc = LX_ERR_GRAMMAR;
			}
			char ***list = id < 0 ? NULL
			               : is_start ? &g->starts[id]
			                          : &g->hints[id];
			size_t *n = id < 0 ? NULL
			            : is_start ? &g->n_starts[id]
			                       : &g->n_hints[id];
			while (rc == LX_OK &&
			       (w = strtok_r(NULL, " \t", &save))) {
				char **v = realloc(*list, (*n + 1) * sizeof(char *));
				if (!v) {
					rc = LX_ERR_NOMEM;
					break;
				}
				*list = v;
				if (!(v[*n] = strdup(w))) {
					rc = LX_ERR_NOMEM;
					break;
				}
				(*n)++;
			}
		} else if (!strcmp(k, "detect")) {
			int id = key_id(rest);
			if (id < 0) {
				gerr(err, file, lineno, rest_col,
				     "'detect' names an unknown key '%s'", rest);
				rc = LX_ERR_GRAMMAR;
			}
			g->detect = id < 0 ? LX_K_ARTICLE : (lx_key)id;
		} else if (!strcmp(k, "name") || !strcmp(k, "title")) {
			char **slot = !strcmp(k, "name") ? &g->name : &g->title;
			if (!*rest) {
				gerr(err, file, lineno, rest_col,
				     "'%s' needs a value", k);
				rc = LX_ERR_GRAMMAR;
			} else {
				free(*slot);
				*slot = strdup(rest);
			}
		} else if (!strcmp(k, "define")) {
			char *n = rest, *ne = rest;
			while (*ne && *ne != ' ' && *ne != '\t')
				ne++;
			char *pat = ne;
			while (*pat == ' ' || *pat == '\t')
				pat++;
			if (ne == n || !*pat) {
				gerr(err, file, lineno, rest_col,
				     "'define' needs a name and a pattern");
				rc = LX_ERR_GRAMMAR;
			} else {
				*ne = '\0';
				int bad;
				char *exp = expand(pat, &defs, &bad, 0);
				define *d = exp ? lx_vec_push(&defs,
				                              sizeof(define))
				                : NULL;
				if (!exp && bad >= 0) {
					gerr(err, file, lineno,
					     (int)(pat - line) + bad + 1,
					     "unknown macro in pattern");
					rc = LX_ERR_GRAMMAR;
				} else if (!d) {
					free(exp);
					rc = LX_ERR_NOMEM;
				} else {
					d->name = strdup(n);
					d->pattern = exp;
				}
			}
		} else if (key_id(k) < 0) {
			gerr(err, file, lineno, 1, "unknown key '%s'", k);
			rc = LX_ERR_GRAMMAR;
		} else if (!*rest) {
			gerr(err, file, lineno, rest_col,
			     "rule '%s' has no pattern", k);
			rc = LX_ERR_GRAMMAR;
		} else {
			int bad;
			char *pat = expand(rest, &defs, &bad, 0);
			if (!pat) {
				if (bad >= 0) {
					gerr(err, file, lineno, rest_col + bad,
					     "unknown macro in pattern");
					rc = LX_ERR_GRAMMAR;
				} else {
					rc = LX_ERR_NOMEM;
				}
			} else {
				int ec;
				PCRE2_SIZE eo;
				pcre2_code *re = compile(pat, 0, &ec, &eo);
				bool plus = false;
				pcre2_code *full = NULL;
				int tail = re ? cut_tail(&pat, &re, &full, &plus) : 0;
				if (!re) {
					PCRE2_UCHAR msg[256];
					pcre2_get_error_message(ec, msg,
					                        sizeof(msg));
					/* Columns refer to the line as
					 * written when no macro was used. */
					int col = strcmp(pat, rest)
					                  ? rest_col
					                  : rest_col + (int)eo;
					gerr(err, file, lineno, col,
					     "bad pattern for '%s': %s", k,
					     (char *)msg);
					rc = LX_ERR_GRAMMAR;
				} else {
					lx_rule *r = lx_vec_push(
						&g->rules, sizeof(lx_rule));
					if (!r) {
						pcre2_code_free(re);
						pcre2_code_free(full);
						rc = LX_ERR_NOMEM;
					} else {
						memset(r, 0, sizeof(*r));
						r->key = (lx_key)key_id(k);
						r->value = value ? strdup(value)
						                 : NULL;
						r->re = re;
						r->re_full = full;
						r->tail = tail;
						r->tail_plus = plus;
						r->line = lineno;
						prefilter(r, pat);
						anchored_copy(r, pat);
						r->pat = pat;
						pat = NULL;
					}
				}
				free(pat);
			}
		}
		free(line);
	}
	if (rc == LX_OK && !g->name) {
		gerr(err, file, 1, 1, "grammar has no 'name' line");
		rc = LX_ERR_GRAMMAR;
	}
	/* Index the rules by key, keeping file order; the anchored copies
	 * once every start line is read. */
	for (size_t i = 0; rc == LX_OK && i < g->rules.n; i++) {
		lx_rule *r = &LX_VEC_AT(&g->rules, lx_rule, i);
		if (g->n_starts[r->key]) {
			int ec;
			PCRE2_SIZE eo;
			r->re_at = compile(r->pat,
			                   PCRE2_ANCHORED | PCRE2_NO_START_OPTIMIZE,
			                   &ec, &eo);
			if (!r->re_at) {
				rc = LX_ERR_NOMEM; /* it compiled unanchored */
				break;
			}
		}
		free(r->pat);
		r->pat = NULL;
		r->jit = has_jit(r->re);
		r->jit_at = has_jit(r->re_at);
		const lx_rule **v = realloc(
			g->by_key[r->key],
			(g->n_by_key[r->key] + 1) * sizeof(lx_rule *));
		if (!v) {
			rc = LX_ERR_NOMEM;
			break;
		}
		v[g->n_by_key[r->key]++] = r;
		g->by_key[r->key] = v;
	}
	if (rc == LX_OK)
		g->is_structure = lx_grammar_has(g, LX_K_ARTICLE);
	/* The first characters of start and hint literals, sorted. */
	for (int k = 0; rc == LX_OK && k < LX_K_COUNT; k++)
		for (int kind = 0; kind < 2; kind++) {
			char **lits = kind ? g->hints[k] : g->starts[k];
			size_t nl = kind ? g->n_hints[k] : g->n_starts[k];
			int32_t **cps = kind ? &g->hint_cp[k] : &g->start_cp[k];
			size_t **lens = kind ? &g->hint_len[k] : &g->start_len[k];
			if (nl) {
				*cps = malloc(nl * sizeof(int32_t));
				*lens = malloc(nl * sizeof(size_t));
				if (!*cps || !*lens)
					rc = LX_ERR_NOMEM;
			}
			for (size_t q = 0; q < nl && rc == LX_OK; q++) {
				size_t i = 0;
				int32_t c = lx_u8_next(lits[q], strlen(lits[q]), &i);
				(*cps)[q] = c;
				(*lens)[q] = strlen(lits[q]);
				size_t at = 0;
				while (at < g->n_trig && g->trig[at] < c)
					at++;
				if (at < g->n_trig && g->trig[at] == c)
					continue;
				int32_t *t = realloc(g->trig, (g->n_trig + 1) *
				                                      sizeof(int32_t));
				if (!t) {
					rc = LX_ERR_NOMEM;
					break;
				}
				memmove(t + at + 1, t + at,
				        (g->n_trig - at) * sizeof(int32_t));
				t[at] = c;
				if (c < 65536)
					g->trig_bmp[c / 64] |= 1ull << (c % 64);
				g->trig = t;
				g->n_trig++;
			}
		}
	/* Checked once the table is filled: lx_hits.mask and the start and
	 * hint masks have one bit per character. */
	if (rc == LX_OK && g->n_trig > 64) {
		gerr(err, file, 1, 1,
		     "start and hint literals begin with more than 64 "
		     "different characters");
		rc = LX_ERR_GRAMMAR;
	}
	if (rc == LX_OK)
		make_masks(g);
done:
	for (size_t i = 0; i < defs.n; i++) {
		free(LX_VEC_AT(&defs, define, i).name);
		free(LX_VEC_AT(&defs, define, i).pattern);
	}
	lx_vec_free(&defs);
	if (rc == LX_ERR_NOMEM && err) {
		err->code = LX_ERR_NOMEM;
		snprintf(err->msg, sizeof(err->msg), "%s: out of memory", file);
	}
	if (rc != LX_OK) {
		grammar_free(g);
		return rc;
	}
	*out = g;
	return LX_OK;
}

static int set_add(lx_grammars *set, lx_grammar *g)
{
	lx_grammar **slot = lx_vec_push(&set->grammars, sizeof(lx_grammar *));
	if (!slot) {
		grammar_free(g);
		return LX_ERR_NOMEM;
	}
	*slot = g;
	return LX_OK;
}

int lx_grammars_add_buffer(lx_grammars *set, const char *name,
                           const char *buf, size_t len, lx_error *err)
{
	lx_grammar *g;
	int rc = parse_grammar(&g, name, buf, len, err);
	if (rc == LX_OK && (rc = set_add(set, g)) != LX_OK)
		lx_error_set(err, rc, "%s: out of memory", name);
	return rc;
}

int lx_grammars_add_file(lx_grammars *set, const char *path, lx_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		if (err) {
			err->code = LX_ERR_IO;
			snprintf(err->msg, sizeof(err->msg),
			         "%s: cannot open grammar: %s", path,
			         strerror(errno));
		}
		return LX_ERR_IO;
	}
	lx_buf b = {0};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		lx_buf_add(&b, chunk, n);
		if (b.len > 4 * 1024 * 1024)
			break;
	}
	bool bad = ferror(f) || b.len > 4 * 1024 * 1024;
	fclose(f);
	if (bad || b.oom) {
		if (err) {
			err->code = b.oom ? LX_ERR_NOMEM : LX_ERR_IO;
			snprintf(err->msg, sizeof(err->msg), "%s: %s", path,
			         b.oom ? "out of memory"
			               : "cannot read grammar (error, or "
			                 "larger than 4 MB)");
		}
		lx_buf_free(&b);
		return b.oom ? LX_ERR_NOMEM : LX_ERR_IO;
	}
	int rc = lx_grammars_add_buffer(set, path, b.s ? b.s : "", b.len, err);
	lx_buf_free(&b);
	return rc;
}

const lx_embedded *lx_embedded_find(const char *name)
{
	for (size_t i = 0; i < lx_embedded_grammars_n; i++)
		if (!strcmp(lx_embedded_grammars[i].name, name))
			return &lx_embedded_grammars[i];
	return NULL;
}

int lx_grammars_builtin(lx_grammars **out, lx_error *err)
{
	*out = calloc(1, sizeof(**out));
	if (!*out)
		return lx_error_set(err, LX_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < lx_embedded_grammars_n; i++) {
		const lx_embedded *e = &lx_embedded_grammars[i];
		size_t nl = strlen(e->name);
		if (nl < 8 || strcmp(e->name + nl - 8, ".grammar"))
			continue; /* the lexicon */
		int rc = lx_grammars_add_buffer(*out, e->name, e->data, e->len,
		                                err);
		if (rc != LX_OK) {
			lx_grammars_free(*out);
			*out = NULL;
			return rc;
		}
	}
	return LX_OK;
}

void lx_grammars_free(lx_grammars *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->grammars.n; i++)
		grammar_free(LX_VEC_AT(&set->grammars, lx_grammar *, i));
	lx_vec_free(&set->grammars);
	free(set);
}

const lx_grammar *lx_grammars_find(const lx_grammars *set, const char *name)
{
	/* The last added wins, so a file given by the user overrides a
	 * built-in grammar of the same name. */
	for (size_t i = set->grammars.n; i-- > 0;) {
		const lx_grammar *g =
			LX_VEC_AT(&set->grammars, lx_grammar *, i);
		if (!strcmp(g->name, name) || !strcmp(g->path, name))
			return g;
	}
	return NULL;
}

const lx_grammar *lx_grammars_meta(const lx_grammars *set)
{
	return lx_grammars_find(set, "metadata");
}

const char *lx_grammar_name(const lx_grammar *g)
{
	return g->name;
}

const lx_rule *lx_grammar_rule(const lx_grammar *g, lx_key key, size_t *pos)
{
	return *pos < g->n_by_key[key] ? g->by_key[key][(*pos)++] : NULL;
}

bool lx_grammar_has(const lx_grammar *g, lx_key key)
{
	return g->n_by_key[key] > 0;
}

/* The first lit (n > 0 bytes) in s: memchr for its last byte (for
 * Chinese, a continuation byte, rare in a text), then a compare.  On the
 * short texts of paragraphs this costs a fraction of memmem, whose setup
 * is paid on every call. */
static const char *find_lit(const char *s, size_t len, const char *lit,
                            size_t n)
{
	if (n > len)
		return NULL;
	const char *p = s + n - 1, *end = s + len;
	unsigned char last = (unsigned char)lit[n - 1];
	while (p < end) {
		const char *q = memchr(p, last, (size_t)(end - p));
		if (!q)
			return NULL;
		/* The byte before first: most candidates end there. */
		if ((n < 2 || q[-1] == lit[n - 2]) &&
		    !memcmp(q - (n - 1), lit, n - 1))
			return q - (n - 1);
		p = q + 1;
	}
	return NULL;
}

bool lx_grammar_may_match(const lx_grammar *g, lx_key key, const char *s,
                          size_t len)
{
	if (!g->n_hints[key])
		return true;
	for (size_t h = 0; h < g->n_hints[key]; h++)
		if (find_lit(s, len, g->hints[key][h], g->hint_len[key][h]))
			return true;
	return false;
}

/* Matches re, r's re or re_at, at p (opts: PCRE2_ANCHORED or 0;
 * anchored: the match is tried at p only, by opts or by re), and puts
 * back the tail of r's pattern (lx_rule): the rest of the line in the
 * tail's group, or re_full's answer where the tail could fail. */
static int run(const lx_rule *r, const pcre2_code *re, bool jit,
               const char *s, size_t len, size_t p, uint32_t opts,
               bool anchored, pcre2_match_data *md)
{
	/* Subjects are valid UTF-8: the decoder guarantees it, and every
	 * substring passed here starts and ends on a character boundary. */
	int rc = jit && !opts
	                 ? pcre2_jit_match(re, (PCRE2_SPTR)s, len, p, 0, md,
	                                   NULL)
	                 : pcre2_match(re, (PCRE2_SPTR)s, len, p,
	                               opts | PCRE2_NO_UTF_CHECK, md, NULL);
	if (rc < 0 || !r->tail)
		return rc;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	size_t g = ov[1];
	/* . stops at a newline, and $ matches at the end or before a
	 * newline that ends the text. */
	const char *nl = g < len ? memchr(s + g, '\n', len - g) : NULL;
	size_t e = !nl ? len : (size_t)(nl - s) == len - 1 ? len - 1 : SIZE_MAX;
	if (e == SIZE_MAX || (r->tail_plus && e == g))
		return pcre2_match(r->re_full, (PCRE2_SPTR)s, len, p,
		                   (anchored ? PCRE2_ANCHORED : 0) |
		                           PCRE2_NO_UTF_CHECK,
		                   md, NULL);
	ov[2 * r->tail + 1] = e;
	ov[1] = e;
	return rc;
}

bool lx_match_rule(const lx_rule *r, const char *s, size_t len, size_t start,
                   pcre2_match_data *md, lx_match *m)
{
	if (!may_match_at(r, s, len, start, false))
		return false;
	int rc = run(r, r->re, r->jit, s, len, start, 0, false, md);
	if (rc < 0)
		return false; /* no match, or a resource limit: no match */
	m->subject = s;
	m->ov = pcre2_get_ovector_pointer(md);
	m->rule = r;
	return true;
}

bool lx_match_next(const lx_rule *r, const char *s, size_t len, size_t *off,
                   pcre2_match_data *md, lx_match *m)
{
	if (!r || *off >= len || !lx_match_rule(r, s, len, *off, md, m))
		return false;
	size_t a, b;
	lx_match_span(m, &a, &b);
	*off = b > *off ? b : *off + lx_u8_len(s + *off, len - *off);
	return true;
}

int lx_match_rule_at(const lx_rule *r, const char *s, size_t len, size_t p,
                     pcre2_match_data *md)
{
	if (r->re_at)
		return run(r, r->re_at, r->jit_at, s, len, p, 0, true, md);
	return run(r, r->re, false, s, len, p, PCRE2_ANCHORED, true, md);
}

/* Tries the rules of key anchored at p. */
static bool match_at(const lx_grammar *g, lx_key key, const char *s,
                     size_t len, size_t p, pcre2_match_data *md, lx_match *m)
{
	size_t pos = 0;
	const lx_rule *r;
	while ((r = lx_grammar_rule(g, key, &pos)))
		if (may_match_at(r, s, len, p, true) &&
		    lx_match_rule_at(r, s, len, p, md) >= 0) {
			m->subject = s;
			m->ov = pcre2_get_ovector_pointer(md);
			m->rule = r;
			return true;
		}
	return false;
}

bool lx_match_key_next(const lx_grammar *g, lx_key key, const char *s,
                       size_t len, size_t *off, pcre2_match_data *md,
                       lx_match *m)
{
	if (!g->n_starts[key]) {
		/* No start literals: the first rule that matches from *off
		 * on, unanchored. */
		size_t pos = 0;
		const lx_rule *r;
		while ((r = lx_grammar_rule(g, key, &pos))) {
			size_t o = *off;
			if (lx_match_next(r, s, len, &o, md, m)) {
				*off = o;
				return true;
			}
		}
		*off = len;
		return false;
	}
	/* Jump from one occurrence of a literal's first character to the
	 * next (memmem is fast), check the whole literal there, then try
	 * the rules anchored. */
	enum { MAXF = 8 };
	size_t nf = 0, fl[MAXF], next[MAXF];
	const char *fs[MAXF];
	for (size_t k = 0; k < g->n_starts[key]; k++) {
		const char *lit = g->starts[key][k];
		size_t l = lx_u8_len(lit, strlen(lit)), q = 0;
		while (q < nf && (fl[q] != l || memcmp(fs[q], lit, l)))
			q++;
		if (q == nf && nf < MAXF) {
			fs[nf] = lit;
			fl[nf] = l;
			next[nf] = (size_t)-1;
			nf++;
		}
	}
	while (*off < len) {
		size_t p = len;
		for (size_t q = 0; q < nf; q++) {
			if (next[q] == (size_t)-1 || next[q] < *off) {
				const char *hit = find_lit(s + *off, len - *off,
				                           fs[q], fl[q]);
				next[q] = hit ? (size_t)(hit - s) : len;
			}
			if (next[q] < p)
				p = next[q];
		}
		if (p >= len)
			break;
		bool start = false;
		for (size_t k = 0; k < g->n_starts[key] && !start; k++) {
			const char *lit = g->starts[key][k];
			size_t ll = strlen(lit);
			start = len - p >= ll && !memcmp(s + p, lit, ll);
		}
		size_t after = p + lx_u8_len(s + p, len - p);
		if (start && match_at(g, key, s, len, p, md, m)) {
			*off = m->ov[1] > p ? m->ov[1] : after;
			return true;
		}
		*off = after;
	}
	*off = len;
	return false;
}

static void make_masks(lx_grammar *g)
{
	for (int k = 0; k < LX_K_COUNT; k++) {
		g->start_mask[k] = g->hint_mask[k] = 0;
		for (size_t t = 0; t < g->n_trig && t < 64; t++) {
			for (size_t q = 0; q < g->n_starts[k]; q++)
				if (g->start_cp[k][q] == g->trig[t])
					g->start_mask[k] |= 1ull << t;
			for (size_t q = 0; q < g->n_hints[k]; q++)
				if (g->hint_cp[k][q] == g->trig[t])
					g->hint_mask[k] |= 1ull << t;
		}
	}
}

void lx_grammar_scan(const lx_grammar *g, const char *s, size_t len,
                     lx_hits *h)
{
	h->n = 0;
	h->mask = 0;
	h->oom = false;
	if (!g->n_trig)
		return;
	/* A bitmap test per character (the list beyond the BMP). */
	size_t i = 0;
	const unsigned char *u = (const unsigned char *)s;
	while (i < len) {
		size_t st = i;
		int32_t c;
		/* ASCII and the well-formed three-byte characters of Chinese
		 * decoded here (as lx_u8_next would); the rest by it. */
		unsigned b = u[i];
		if (b < 0x80) {
			c = (int32_t)b;
			i++;
		} else if (b >= 0xE1 && b <= 0xEF && b != 0xED && i + 2 < len &&
		           (u[i + 1] & 0xC0) == 0x80 &&
		           (u[i + 2] & 0xC0) == 0x80) {
			c = (int32_t)(((b & 0x0F) << 12) | ((u[i + 1] & 0x3F) << 6) |
			              (u[i + 2] & 0x3F));
			i += 3;
		} else {
			c = lx_u8_next(s, len, &i);
		}
		if (c < 65536) {
			if (!(g->trig_bmp[c / 64] & (1ull << (c % 64))))
				continue;
		} else {
			bool in = false;
			for (size_t k = 0; k < g->n_trig && !in; k++)
				in = g->trig[k] == c;
			if (!in)
				continue;
		}
		if (h->n == h->cap) {
			size_t cap = h->cap ? h->cap * 2 : 64;
			size_t *p = realloc(h->pos, cap * sizeof(size_t));
			int32_t *q = p ? realloc(h->cp, cap * sizeof(int32_t)) : NULL;
			if (p)
				h->pos = p;
			if (!p || !q) {
				h->oom = true;
				return;
			}
			h->cp = q;
			h->cap = cap;
		}
		h->pos[h->n] = st;
		h->cp[h->n++] = c;
		/* The bit of c: trig is sorted. */
		size_t lo = 0, hi = g->n_trig;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (g->trig[mid] < c)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < g->n_trig && g->trig[lo] == c)
			h->mask |= 1ull << lo;
	}
}

void lx_hits_free(lx_hits *h)
{
	free(h->pos);
	free(h->cp);
	memset(h, 0, sizeof(*h));
}

/* True when one of the literals begins at hit k. */
static bool lit_at(char *const *lits, const int32_t *cps, const size_t *lens,
                   size_t nl, const lx_hits *h, size_t k, const char *s,
                   size_t len)
{
	for (size_t q = 0; q < nl; q++)
		if (cps[q] == h->cp[k] && len - h->pos[k] >= lens[q] &&
		    !memcmp(s + h->pos[k], lits[q], lens[q]))
			return true;
	return false;
}

bool lx_hits_hint(const lx_grammar *g, lx_key key, const lx_hits *h,
                  const char *s, size_t len)
{
	if (!g->n_hints[key])
		return true;
	if (h->oom) /* the hits are incomplete: search the text */
		return lx_grammar_may_match(g, key, s, len);
	if (!(h->mask & g->hint_mask[key]))
		return false;
	for (size_t k = 0; k < h->n; k++)
		if (lit_at(g->hints[key], g->hint_cp[key], g->hint_len[key],
		           g->n_hints[key], h, k, s, len))
			return true;
	return false;
}

bool lx_hits_next(const lx_grammar *g, lx_key key, const lx_hits *h,
                  const char *s, size_t len, size_t *off,
                  pcre2_match_data *md, lx_match *m)
{
	return lx_hits_next_skip(g, key, h, s, len, off, NULL, md, m);
}

bool lx_hits_next_skip(const lx_grammar *g, lx_key key, const lx_hits *h,
                       const char *s, size_t len, size_t *off,
                       const lx_taken *skip, pcre2_match_data *md,
                       lx_match *m)
{
	if (!g->n_starts[key] || h->oom)
		return lx_match_key_next(g, key, s, len, off, md, m);
	if (!(h->mask & g->start_mask[key])) {
		*off = len;
		return false;
	}
	/* Hits are in text order: find the first at or after *off. */
	size_t lo = 0, hi = h->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (h->pos[mid] < *off)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t k = lo; k < h->n; k++) {
		if (skip && lx_taken_has(skip, h->pos[k]))
			continue;
		if (!lit_at(g->starts[key], g->start_cp[key], g->start_len[key],
		            g->n_starts[key], h, k, s, len) ||
		    !match_at(g, key, s, len, h->pos[k], md, m))
			continue;
		size_t after = h->pos[k] + lx_u8_len(s + h->pos[k],
		                                     len - h->pos[k]);
		*off = m->ov[1] > h->pos[k] ? m->ov[1] : after;
		return true;
	}
	*off = len;
	return false;
}

/* The first rule of key that matches s, in order. */
static bool match_rules(const lx_grammar *g, lx_key key, const char *s,
                        size_t len, pcre2_match_data *md, lx_match *m)
{
	size_t pos = 0;
	const lx_rule *r;
	while ((r = lx_grammar_rule(g, key, &pos)))
		if (lx_match_rule(r, s, len, 0, md, m))
			return true;
	return false;
}

bool lx_match_key(const lx_grammar *g, lx_key key, const char *s,
                  size_t len, pcre2_match_data *md, lx_match *m)
{
	return lx_grammar_may_match(g, key, s, len) &&
	       match_rules(g, key, s, len, md, m);
}

bool lx_hits_match_key(const lx_grammar *g, lx_key key, const lx_hits *h,
                       const char *s, size_t len, pcre2_match_data *md,
                       lx_match *m)
{
	return lx_hits_hint(g, key, h, s, len) &&
	       match_rules(g, key, s, len, md, m);
}

bool lx_group(const lx_match *m, const char *name, const char **s,
              size_t *len)
{
	int n = pcre2_substring_number_from_name(m->rule->re,
	                                         (PCRE2_SPTR)name);
	if (n <= 0)
		return false;
	PCRE2_SIZE a = m->ov[2 * n], b = m->ov[2 * n + 1];
	if (a == PCRE2_UNSET)
		return false;
	*s = m->subject + a;
	*len = b - a;
	return true;
}

void lx_match_span(const lx_match *m, size_t *start, size_t *end)
{
	*start = m->ov[0];
	*end = m->ov[1];
}

bool lx_grammar_has_structure(const lx_grammar *g)
{
	return g->is_structure;
}
