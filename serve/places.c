/*
 * places.c: the jurisdiction facet as a tree of administrative divisions
 * (grammar/divisions.tsv, through the parser's gazetteer): provinces
 * holding their cities, cities their counties.  The index counts each
 * jurisdiction exactly (every unit has one); a division's count is its
 * own and those of the divisions within it.  A division is filtered with
 * in:"NAME" (the index's terms of a jurisdiction and the divisions
 * containing it), a value that is no division (中华人民共和国, none) with
 * jurisdiction:"VALUE".
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../parser/gazetteer.h"
#include "serve.h"

_Static_assert(sizeof(((lx_place *)0)->code) == LX_GAZ_CODE,
               "lx_place.code holds a division code");

/* The place of code in p, or SIZE_MAX. */
static size_t find_code(const lx_places *p, const char *code)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].division && !strcmp(p->v[i].code, code))
			return i;
	return SIZE_MAX;
}

static lx_place *push(lx_places *p)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 32;
		lx_place *v = realloc(p->v, cap * sizeof(*v));
		if (!v)
			return NULL;
		p->v = v;
		p->cap = cap;
	}
	lx_place *pl = &p->v[p->n++];
	memset(pl, 0, sizeof(*pl));
	return pl;
}

/* Display order: the values that are no division first (by count, then
 * bytes), then the divisions by code, which puts each one right before
 * those within it ("33" < "3301" < "330102" < "3302"). */
static int cmp_place(const void *a, const void *b)
{
	const lx_place *x = a, *y = b;
	if (x->division != y->division)
		return x->division ? 1 : -1;
	if (x->division)
		return strcmp(x->code, y->code);
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->name, y->name);
}

int lx_places_build(lx_places *p, const lx_results *res)
{
	memset(p, 0, sizeof(*p));
	lx_gazetteer g;
	bool have = lx_gazetteer_builtin(&g);
	size_t n = lx_results_facet_len(res, LX_FACET_JURISDICTION);
	for (size_t k = 0; k < n; k++) {
		long cnt = 0;
		const char *val = lx_results_facet(res, LX_FACET_JURISDICTION, k,
		                                   &cnt);
		char code[LX_GAZ_CODE];
		size_t len = val ? strlen(val) : 0;
		bool div = have && len && lx_gaz_match(&g, val, code) == len;
		size_t at = div ? find_code(p, code) : SIZE_MAX;
		lx_place *pl = at != SIZE_MAX ? &p->v[at] : push(p);
		if (!pl)
			goto oom;
		if (at == SIZE_MAX) {
			pl->name = val ? val : "";
			pl->division = div;
			if (div)
				memcpy(pl->code, code, sizeof(code));
		} else if (pl->own == 0 && !pl->named) {
			pl->name = val; /* an ancestor made before: the index's name */
		}
		pl->named = true;
		pl->own += cnt;
		if (!div) {
			pl->count += cnt;
			continue;
		}
		/* the count goes to the division and every one containing it,
		 * each made when missing */
		char c[LX_GAZ_CODE];
		memcpy(c, code, sizeof(c));
		for (int depth = 0; depth < 8; depth++) {
			size_t i = find_code(p, c);
			if (i == SIZE_MAX) {
				lx_place *a = push(p);
				const char *full = a ? lx_gaz_full_name(&g, &p->arena, c)
				                     : NULL;
				if (!a || !full)
					goto oom;
				a->name = full;
				a->division = true;
				memcpy(a->code, c, sizeof(c));
				i = p->n - 1;
			}
			p->v[i].count += cnt;
			char up[LX_GAZ_CODE];
			if (!lx_gaz_parent(&g, c, up))
				break;
			memcpy(c, up, sizeof(c));
		}
	}
	if (p->arena.oom)
		goto oom;
	if (p->n)
		qsort(p->v, p->n, sizeof(*p->v), cmp_place);
	/* depths: the number of divisions above, among those held */
	for (size_t i = 0; i < p->n; i++) {
		lx_place *pl = &p->v[i];
		pl->parent = SIZE_MAX;
		if (!pl->division)
			continue;
		char c[LX_GAZ_CODE], up[LX_GAZ_CODE];
		memcpy(c, pl->code, sizeof(c));
		while (lx_gaz_parent(&g, c, up)) {
			size_t a = find_code(p, up);
			if (a != SIZE_MAX) {
				if (pl->parent == SIZE_MAX)
					pl->parent = a;
				pl->depth++;
			}
			memcpy(c, up, sizeof(c));
		}
	}
	return LX_OK;
oom:
	lx_places_free(p);
	return LX_ERR_NOMEM;
}

void lx_places_free(lx_places *p)
{
	free(p->v);
	lx_arena_free(&p->arena);
	memset(p, 0, sizeof(*p));
}

/* The places below parent (SIZE_MAX: the top) as a JSON array. */
static json_t *tree(const lx_places *p, size_t parent)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < p->n; i++) {
		const lx_place *pl = &p->v[i];
		if (pl->parent != parent)
			continue;
		json_t *kids = tree(p, i);
		json_t *o = kids ? json_pack("{s:s,s:I,s:I,s:{s:s},s:o}", "name",
		                             pl->name, "count", (json_int_t)pl->count,
		                             "self", (json_int_t)pl->own, "filter",
		                             pl->division ? "in" : "jurisdiction",
		                             pl->name, "children", kids)
		                 : NULL;
		if (!o || json_array_append_new(a, o)) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

json_t *lx_places_json(const lx_places *p)
{
	return tree(p, SIZE_MAX);
}
