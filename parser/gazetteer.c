/*
 * gazetteer.c: the jurisdiction named at the start of a title or an
 * issuer, from the divisions of grammar/divisions.tsv (see gazetteer.h).
 *
 * Names are matched whole from the data, never by a pattern such as
 * "two to six characters then 市": that is what cut 浙江省建筑市场管理条例
 * into 浙江省建筑市.  The file is read in place: its divisions are sorted
 * by code and a child's code begins with its parent's, so a code or the
 * children of one are found by binary search, and its names are indexed
 * (sorted) after them, so a name is too.  No table to build or free.
 */
#include <string.h>

#include "gazetteer.h"
#include "lx_int.h"

/* One line of the file: a division (code, name, parent; parent empty for
 * a province), a line of the name index (named: a name and the code of
 * its division), or the words not to cut (cut: the words in
 * [rest, end)). */
typedef struct gline {
	const char *code, *name, *parent, *rest, *end;
	size_t code_len, name_len, parent_len;
	bool cut, named;
} gline;

/* Reads the line [s, end) (no newline); false for a comment, a blank
 * line or one not of this format. */
static bool parse_line(const char *s, const char *end, gline *l)
{
	if (end > s && end[-1] == '\r')
		end--;
	if (s == end || *s == '#')
		return false;
	memset(l, 0, sizeof(*l));
	l->end = end;
	const char *t1 = memchr(s, '\t', (size_t)(end - s));
	if (!t1)
		return false;
	if (t1 - s == 1 && *s == '-') {
		l->cut = true;
		l->rest = t1 + 1;
		return true;
	}
	const char *n = t1 + 1;
	const char *t2 = memchr(n, '\t', (size_t)(end - n));
	l->code = s;
	l->code_len = (size_t)(t1 - s);
	l->name = n;
	l->name_len = (size_t)((t2 ? t2 : end) - n);
	l->parent = t2 ? t2 + 1 : end;
	l->parent_len = (size_t)(end - l->parent);
	if (l->code_len == 1 && *s == '=') { /* =<TAB>name<TAB>code */
		l->named = true;
		l->code = l->parent;
		l->code_len = l->parent_len;
		l->parent_len = 0;
	}
	return l->code_len > 0 && l->code_len < LX_GAZ_CODE && l->name_len > 0;
}

/* The "-" line (the words not to cut), which stands before the divisions
 * after the comments: found line by line from the start (a memchr per
 * line of the header), not by a search of the file. */
static bool cut_line(const lx_gazetteer *g, gline *l)
{
	for (size_t p = 0; p < g->len;) {
		const char *nl = memchr(g->data + p, '\n', g->len - p);
		const char *end = nl ? nl : g->data + g->len;
		if (end - (g->data + p) >= 2 && g->data[p] == '-' &&
		    g->data[p + 1] == '\t' && parse_line(g->data + p, end, l))
			return true;
		p = (size_t)(end - g->data) + 1;
	}
	return false;
}

bool lx_gazetteer_builtin(lx_gazetteer *g)
{
	const lx_embedded *e = lx_embedded_find("builtin:divisions.tsv");
	g->data = e ? e->data : NULL;
	g->len = e ? e->len : 0;
	return e != NULL;
}

static bool eq(const char *a, size_t al, const char *b)
{
	return al == strlen(b) && !memcmp(a, b, al);
}

static bool ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);
	return len >= n && !memcmp(s + len - n, suffix, n);
}

/* The line starting at p (a line start): parsed into l (false when it
 * is no line of this format); *next is the start of the next line. */
static bool line_at(const lx_gazetteer *g, size_t p, gline *l, size_t *next)
{
	const char *nl = memchr(g->data + p, '\n', g->len - p);
	const char *end = nl ? nl : g->data + g->len;
	*next = (size_t)(end - g->data) + (nl ? 1 : 0);
	return parse_line(g->data + p, end, l);
}

/* Where a line stands against code: the lines before the divisions
 * (comments, the words not cut) below every code, the name index after
 * them above every code, a division by its code as text. */
static int cmp_code(const gline *l, bool ok, const char *code, size_t n)
{
	if (!ok || l->cut)
		return -1;
	if (l->named)
		return 1;
	size_t m = l->code_len < n ? l->code_len : n;
	int c = memcmp(l->code, code, m);
	return c ? c : (l->code_len > n) - (l->code_len < n);
}

/* Where a line stands against a name: the lines before the names below
 * it, a name line by its bytes. */
static int cmp_name(const gline *l, bool ok, const char *name, size_t n)
{
	if (!ok || !l->named)
		return -1;
	size_t m = l->name_len < n ? l->name_len : n;
	int c = memcmp(l->name, name, m);
	return c ? c : (l->name_len > n) - (l->name_len < n);
}

/* The start of the first line not below key, by cmp (binary search). */
static size_t seek(const lx_gazetteer *g, const char *key, size_t n,
                   int (*cmp)(const gline *, bool, const char *, size_t))
{
	size_t lo = 0, hi = g->len; /* lo a line start; hi one, or the end */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2, next;
		if (mid > lo && mid < hi && g->data[mid - 1] != '\n') {
			/* To the next line start (memchr, not byte by byte). */
			const char *nl = memchr(g->data + mid, '\n', hi - mid);
			mid = nl && (size_t)(nl - g->data) + 1 < hi
			              ? (size_t)(nl - g->data) + 1
			              : hi;
		}
		if (mid >= hi)
			mid = lo;
		gline l;
		bool ok = line_at(g, mid, &l, &next);
		if (cmp(&l, ok, key, n) < 0)
			lo = next;
		else
			hi = mid;
	}
	return lo;
}

/* The line of a code (not one of its other names). */
static bool lookup(const lx_gazetteer *g, const char *code, gline *out)
{
	size_t n = strlen(code), next;
	if (!g->data || n == 0)
		return false;
	size_t p = seek(g, code, n, cmp_code);
	return p < g->len && line_at(g, p, out, &next) && !out->cut &&
	       !out->named && cmp_code(out, true, code, n) == 0;
}

/* True when the name of len bytes at the start of s ends inside a word of
 * a "-" line: its last character begins the word (X市场: 市场). */
static bool cuts_word(const lx_gazetteer *g, const char *s, size_t len)
{
	size_t last = len;
	while (last > 0 && ((unsigned char)s[last - 1] & 0xC0) == 0x80)
		last--;
	if (last > 0)
		last--;
	const char *tail = s + last;
	/* The one "-" line stands before the divisions: found at once. */
	gline l;
	if (cut_line(g, &l)) {
		for (const char *w = l.rest; w < l.end;) {
			const char *t = memchr(w, '\t', (size_t)(l.end - w));
			const char *we = t ? t : l.end;
			size_t wl = (size_t)(we - w);
			/* Only a word longer than the character itself cuts. */
			if (wl > len - last && !strncmp(tail, w, wl))
				return true;
			w = we + 1;
		}
	}
	return false;
}

/* A name that may stand at the start with no parent before it. */
static bool alone_ok(const gline *l)
{
	if (l->code_len <= 4)
		return true;
	/* A district alone: only a long name (浦东新区), not 城区, 矿区. */
	return !ends_with(l->name, l->name_len, "区") || l->name_len >= 12;
}

/* A county or county-level city right after its province, its city
 * left out (浙江省义乌市); not a district (浙江省城区 is no place). */
static bool county_of_province(const lx_gazetteer *g, const gline *l,
                               const char *province)
{
	char pc[LX_GAZ_CODE];
	gline p;
	if (strlen(province) != 2 || l->code_len != 6 ||
	    ends_with(l->name, l->name_len, "区") ||
	    l->parent_len >= LX_GAZ_CODE)
		return false;
	memcpy(pc, l->parent, l->parent_len);
	pc[l->parent_len] = '\0';
	return lookup(g, pc, &p) && eq(p.parent, p.parent_len, province);
}

static void copy_code(char code[LX_GAZ_CODE], const char *s, size_t n)
{
	memcpy(code, s, n);
	code[n] = '\0';
}

/* The end of the character after byte k of s, or 0 at the end. */
static size_t next_char(const char *s, size_t k)
{
	if (!s[k])
		return 0;
	for (k++; ((unsigned char)s[k] & 0xC0) == 0x80;)
		k++;
	return k;
}

/* The longest name of a child of cur (its own name, the first by code
 * among equals) at the start of s, its code in child: by binary search in
 * the name index, prefix by prefix as in lx_gaz_match, not by reading
 * every line below cur (a province has hundreds). */
static size_t child_at(const lx_gazetteer *g, const char *s, const char *cur,
                       char child[LX_GAZ_CODE])
{
	size_t cl = strlen(cur), len = 0;
	gline l, d;
	for (size_t k = next_char(s, 0); k; k = next_char(s, k)) {
		size_t next, pos = seek(g, s, k, cmp_name);
		if (pos >= g->len || !line_at(g, pos, &l, &next) || !l.named ||
		    l.name_len < k || memcmp(l.name, s, k))
			break;
		for (; pos < g->len && line_at(g, pos, &l, &next) && l.named &&
		       l.name_len == k && !memcmp(l.name, s, k);
		     pos = next) {
			char c[LX_GAZ_CODE];
			if (l.code_len < cl || memcmp(l.code, cur, cl))
				continue;
			copy_code(c, l.code, l.code_len);
			if (!lookup(g, c, &d) || d.name_len != k ||
			    memcmp(d.name, s, k) ||
			    !(eq(d.parent, d.parent_len, cur) ||
			      county_of_province(g, &d, cur)) ||
			    cuts_word(g, s, k))
				continue;
			len = k;
			memcpy(child, c, LX_GAZ_CODE);
			break;
		}
	}
	return len;
}

size_t lx_gaz_match(const lx_gazetteer *g, const char *s,
                    char code[LX_GAZ_CODE])
{
	size_t slen = strlen(s), best = 0, pos = 0;
	bool ambiguous = false;
	char cur[LX_GAZ_CODE] = "";
	gline l;
	code[0] = '\0';
	if (!g->data || !slen)
		return 0;
	/* The names beginning s, shortest first, by binary search in the
	 * name lines; none beginning with s[0, k) means none longer. */
	for (size_t k = next_char(s, 0); k; k = next_char(s, k)) {
		size_t next;
		pos = seek(g, s, k, cmp_name);
		if (pos >= g->len || !line_at(g, pos, &l, &next) || !l.named ||
		    l.name_len < k || memcmp(l.name, s, k))
			break;
		/* An exact name sorts first among those it begins. */
		bool found = false, amb = false,
		     cut = l.name_len == k && cuts_word(g, s, k);
		char c[LX_GAZ_CODE] = "";
		for (; !cut && pos < g->len && line_at(g, pos, &l, &next) &&
		       l.named && l.name_len == k && !memcmp(l.name, s, k);
		     pos = next) {
			if (!alone_ok(&l))
				continue;
			if (!found)
				copy_code(c, l.code, l.code_len);
			else if (!eq(l.code, l.code_len, c))
				amb = true; /* 朝阳县 of two cities: say none */
			found = true;
		}
		if (found) {
			best = k;
			ambiguous = amb;
			memcpy(cur, c, sizeof(cur));
		}
	}
	if (!best || ambiguous)
		return 0;
	/* Then a child right after it, as long as there is one. */
	size_t at = best;
	for (int depth = 0; depth < 3; depth++) {
		char child[LX_GAZ_CODE] = "";
		size_t len = child_at(g, s + at, cur, child);
		if (!len)
			break;
		at += len;
		memcpy(cur, child, sizeof(cur));
	}
	memcpy(code, cur, LX_GAZ_CODE);
	return at;
}

bool lx_gaz_parent(const lx_gazetteer *g, const char *code,
                   char parent[LX_GAZ_CODE])
{
	gline l;
	parent[0] = '\0';
	if (!g->data || !lookup(g, code, &l) || !l.parent_len ||
	    l.parent_len >= LX_GAZ_CODE)
		return false;
	copy_code(parent, l.parent, l.parent_len);
	return true;
}

const char *lx_gaz_full_name(const lx_gazetteer *g, lx_arena *a,
                             const char *code)
{
	gline l, p;
	char pc[LX_GAZ_CODE];
	if (!g->data || !lookup(g, code, &l))
		return NULL;
	/* A district needs its city (there are many 鼓楼区); any county-level
	 * division of a municipality is written after it (重庆市城口县). */
	if (l.code_len == 6 && lx_gaz_parent(g, code, pc) && lookup(g, pc, &p) &&
	    (ends_with(l.name, l.name_len, "区") ||
	     (p.code_len == 2 && ends_with(p.name, p.name_len, "市"))))
		return lx_arena_printf(a, "%.*s%.*s", (int)p.name_len, p.name,
		                       (int)l.name_len, l.name);
	return lx_arena_strndup(a, l.name, l.name_len);
}

bool lx_gaz_contains(const lx_gazetteer *g, const char *outer,
                     const char *inner)
{
	char c[LX_GAZ_CODE], p[LX_GAZ_CODE];
	if (strlen(inner) >= LX_GAZ_CODE)
		return false;
	strcpy(c, inner);
	/* Three levels at most; the bound also stops a cycle in bad data. */
	for (int i = 0; i < 4 && lx_gaz_parent(g, c, p); i++) {
		if (!strcmp(p, outer))
			return true;
		strcpy(c, p);
	}
	return false;
}

const char *lx_gaz_jurisdiction(const lx_gazetteer *g, lx_arena *a,
                                const char *title, const char *issuer,
                                const char *within[LX_GAZ_WITHIN])
{
	char ct[LX_GAZ_CODE], ci[LX_GAZ_CODE], c[LX_GAZ_CODE], p[LX_GAZ_CODE];
	bool ht = title && lx_gaz_match(g, title, ct);
	bool hi = issuer && lx_gaz_match(g, issuer, ci);
	for (int i = 0; i < LX_GAZ_WITHIN; i++)
		within[i] = NULL;
	if (!ht && !hi)
		return NULL;
	strcpy(c, hi && (!ht || lx_gaz_contains(g, ct, ci)) ? ci : ct);
	const char *j = lx_gaz_full_name(g, a, c);
	for (int i = 0; j && i < LX_GAZ_WITHIN - 1 && lx_gaz_parent(g, c, p);
	     i++) {
		within[i] = lx_gaz_full_name(g, a, p);
		strcpy(c, p);
	}
	return j;
}
