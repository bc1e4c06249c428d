/*
 * gazetteer.c: the jurisdiction named at the start of a title or an
 * issuer, from the divisions of grammar/divisions.tsv (see gazetteer.h).
 *
 * Names are matched whole from the data, never by a pattern such as
 * "two to six characters then 市": that is what cut 浙江省建筑市场管理条例
 * into 浙江省建筑市.  The file is read in place, line by line, at each
 * look-up: a few scans of 80 KB per document, no table to build or free.
 */
#include <string.h>

#include "gazetteer.h"
#include "lx_int.h"

/* One line of the file: a division (code, name, parent; parent empty for
 * a province, "=" for another name of the code), or a list of words not
 * to cut (cut set, the words in [rest, end)). */
typedef struct gline {
	const char *code, *name, *parent, *rest, *end;
	size_t code_len, name_len, parent_len;
	bool cut, alias;
} gline;

/* The next line that means something, from *pos; false at the end. */
static bool next_line(const lx_gazetteer *g, size_t *pos, gline *l)
{
	while (*pos < g->len) {
		const char *s = g->data + *pos;
		const char *nl = memchr(s, '\n', g->len - *pos);
		const char *end = nl ? nl : g->data + g->len;
		*pos = (size_t)(end - g->data) + (nl ? 1 : 0);
		if (end > s && end[-1] == '\r')
			end--;
		if (s == end || *s == '#')
			continue;
		memset(l, 0, sizeof(*l));
		l->end = end;
		const char *t1 = memchr(s, '\t', (size_t)(end - s));
		if (!t1)
			continue; /* not a line of this format: ignored */
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
		l->alias = l->parent_len == 1 && *l->parent == '=';
		if (l->code_len == 0 || l->code_len >= LX_GAZ_CODE ||
		    l->name_len == 0)
			continue;
		return true;
	}
	return false;
}

bool lx_gazetteer_builtin(lx_gazetteer *g)
{
	for (size_t i = 0; i < lx_embedded_grammars_n; i++)
		if (!strcmp(lx_embedded_grammars[i].name,
		            "builtin:divisions.tsv")) {
			g->data = lx_embedded_grammars[i].data;
			g->len = lx_embedded_grammars[i].len;
			return true;
		}
	g->data = NULL;
	g->len = 0;
	return false;
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

/* The main line of a code (not one of its other names). */
static bool lookup(const lx_gazetteer *g, const char *code, gline *out)
{
	size_t pos = 0;
	gline l;
	while (next_line(g, &pos, &l))
		if (!l.cut && !l.alias && eq(l.code, l.code_len, code)) {
			*out = l;
			return true;
		}
	return false;
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
	size_t pos = 0;
	gline l;
	while (next_line(g, &pos, &l)) {
		if (!l.cut)
			continue;
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
	if (l->alias || l->code_len <= 4)
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
	while (next_line(g, &pos, &l)) {
		if (l.cut || l.name_len < best || l.name_len > slen ||
		    memcmp(l.name, s, l.name_len) || !alone_ok(&l) ||
		    cuts_word(g, s, l.name_len))
			continue;
		if (l.name_len > best) {
			best = l.name_len;
			ambiguous = false;
			copy_code(cur, l.code, l.code_len);
		} else if (!eq(l.code, l.code_len, cur)) {
			ambiguous = true; /* 朝阳县 of two cities: say none */
		}
	}
	if (!best || ambiguous)
		return 0;
	/* Then a child right after it, as long as there is one. */
	size_t at = best;
	for (int depth = 0; depth < 3; depth++) {
		size_t len = 0;
		char child[LX_GAZ_CODE] = "";
		pos = 0;
		while (next_line(g, &pos, &l)) {
			if (l.cut || l.alias || l.name_len <= len ||
			    l.name_len > slen - at ||
			    memcmp(l.name, s + at, l.name_len) ||
			    !(eq(l.parent, l.parent_len, cur) ||
			      county_of_province(g, &l, cur)) ||
			    cuts_word(g, s + at, l.name_len))
				continue;
			len = l.name_len;
			copy_code(child, l.code, l.code_len);
		}
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
