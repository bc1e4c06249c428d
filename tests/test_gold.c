/*
 * test_gold.c: lexcn scored against gold labelled by reading (tests/gold/,
 * see its READMEs: the statutes of ../shared/corpus chosen and labelled
 * before lexcn was run on them).
 *
 * Citations (tests/gold/citations.tsv: file, from, text, targets, note):
 * scored as links, a link being (file, citing node, target node).  Every
 * internal reference of the labelled statutes is in the gold, so a link
 * lexcn makes inside those statutes that the gold lacks is a false link.
 * Recall: gold links lexcn makes; precision: lexcn's internal links that
 * the gold has; a reference counts as found when all its links are.
 *
 * Metadata (tests/gold/metadata.jsonl): the documents parsed into one set
 * (status is judged for that set as of the gold's date), field by field:
 * title, jurisdiction, type, issuer, history (date, action and body of
 * every event: the gold's body against lexcn's lx_event.body; 发布 is
 * 公布), version (the id's date), effective, repeals (titles), status.
 *
 * Prints the figures and every miss; asserts what the issue asks for.
 * Skipped without ../shared/corpus or without the gold files.
 */
#include <jansson.h>

#include "lxtest.h"

#define GOLD_AS_OF "2026-12-01"

/* ---- helpers ------------------------------------------------------------- */

typedef struct link {
	char *file, *from, *target;
	size_t ref; /* gold: its row; lexcn: its citation index */
	bool hit;
} link;

typedef struct links {
	link *v;
	size_t n, cap;
} links;

static void links_add(links *l, const char *file, const char *from,
                      const char *target, size_t ref)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		l->v = realloc(l->v, l->cap * sizeof(link));
		assert_non_null(l->v);
	}
	l->v[l->n++] = (link){strdup(file), strdup(from), strdup(target), ref,
	                      false};
}

static void links_free(links *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].file);
		free(l->v[i].from);
		free(l->v[i].target);
	}
	free(l->v);
}

static bool same_link(const link *a, const link *b)
{
	return !strcmp(a->file, b->file) && !strcmp(a->from, b->from) &&
	       !strcmp(a->target, b->target);
}

static const char *or_null(const char *s)
{
	return s ? s : "null";
}

/* A body without the numbers of its session and meeting and without a
 * leading 经/根据: 杭州市第九届人民代表大会常务委员会第十三次会议 ->
 * 杭州市人民代表大会常务委员会.  Into buf. */
static const char *body_key(const char *s, char *buf, size_t size)
{
	size_t o = 0;
	if (!s)
		return "null";
	if (!strncmp(s, "经", 3) || !strncmp(s, "根据", 6))
		s += strncmp(s, "经", 3) ? 6 : 3;
	while (*s && o + 4 < size) {
		if (!strncmp(s, "第", 3)) {
			/* 第…届 / 第…次(全体|常务)?会议: skip up to the unit */
			const char *p = s + 3;
			int k = 0;
			while (*p && k < 8 && strncmp(p, "届", 3) &&
			       strncmp(p, "次", 3)) {
				p += (*p & 0x80) ? 3 : 1;
				k++;
			}
			if (!strncmp(p, "届", 3)) {
				s = p + 3;
				continue;
			}
			if (!strncmp(p, "次", 3)) {
				p += 3;
				if (!strncmp(p, "全体", 6) || !strncmp(p, "常务", 6))
					p += 6;
				if (!strncmp(p, "会议", 6)) {
					s = p + 6;
					continue;
				}
			}
		}
		buf[o++] = *s++;
	}
	buf[o] = '\0';
	return buf;
}

static char *shared_path(const char *base, const char *rel)
{
	char *p = malloc(strlen(base) + strlen(rel) + 2);
	assert_non_null(p);
	sprintf(p, "%s/%s", base, rel);
	return p;
}

/* ---- citations ----------------------------------------------------------- */

typedef struct gref {
	char *file, *from, *text, *targets;
	size_t nlinks, found;
} gref;

static void test_citations(void **state)
{
	(void)state;
	char base[4096];
	test_shared_corpus(base, sizeof(base), "citation gold");
	FILE *f = fopen("tests/gold/citations.tsv", "r");
	if (!f) {
		print_message("SKIPPED: no tests/gold/citations.tsv\n");
		skip();
	}
	links gold = {0}, got = {0};
	gref *refs = NULL;
	size_t nrefs = 0, cap = 0;
	char line[8192];
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || !line[0])
			continue;
		char *col[5] = {0};
		char *p = line;
		for (int k = 0; k < 5 && p; k++) {
			col[k] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = '\0';
		}
		if (!col[3])
			fail_msg("citations.tsv: a row without targets: %s", line);
		if (!strcmp(col[0], "file"))
			continue; /* a header row */
		if (nrefs == cap) {
			cap = cap ? cap * 2 : 256;
			refs = realloc(refs, cap * sizeof(gref));
			assert_non_null(refs);
		}
		gref *r = &refs[nrefs];
		*r = (gref){strdup(col[0]), strdup(col[1]), strdup(col[2]),
		            strdup(col[3]), 0, 0};
		char *t = strdup(col[3]), *save = NULL;
		for (char *tok = strtok_r(t, " ", &save); tok;
		     tok = strtok_r(NULL, " ", &save))
			if (strcmp(tok, "-")) {
				links_add(&gold, r->file, r->from, tok, nrefs);
				r->nlinks++;
			}
		free(t);
		nrefs++;
	}
	fclose(f);
	assert_true(nrefs > 0);
	/* lexcn's internal links in the same files */
	size_t nfiles = 0;
	for (size_t i = 0; i < nrefs; i++) {
		if (i && !strcmp(refs[i].file, refs[i - 1].file))
			continue;
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = !strcmp(refs[k].file, refs[i].file);
		if (seen)
			continue;
		nfiles++;
		char *path = shared_path(base, refs[i].file);
		lx_doc *d = test_parse(G, path);
		free(path);
		const char *id = lx_doc_id(d);
		for (size_t c = 0; c < lx_doc_cite_count(d); c++) {
			const lx_cite *ci = lx_doc_cite(d, c);
			for (size_t t = 0; t < lx_cite_target_count(ci); t++) {
				const lx_target *tg = lx_cite_target(ci, t);
				if (tg->doc && id && !strcmp(tg->doc, id) &&
				    tg->eid)
					links_add(&got, refs[i].file,
					          lx_cite_get_from(ci), tg->eid, c);
			}
		}
		lx_doc_free(d);
	}
	/* match as multisets */
	size_t tp = 0;
	for (size_t g = 0; g < gold.n; g++)
		for (size_t k = 0; k < got.n; k++)
			if (!got.v[k].hit && same_link(&gold.v[g], &got.v[k])) {
				got.v[k].hit = gold.v[g].hit = true;
				refs[gold.v[g].ref].found++;
				tp++;
				break;
			}
	size_t refs_found = 0, shown = 0;
	for (size_t i = 0; i < nrefs; i++) {
		refs_found += refs[i].found == refs[i].nlinks;
		if (refs[i].found != refs[i].nlinks && shown++ < 40)
			print_message("citations: missed %s %s \"%s\" -> %s\n",
			              refs[i].file, refs[i].from, refs[i].text,
			              refs[i].targets);
	}
	size_t false_links = 0;
	shown = 0;
	for (size_t k = 0; k < got.n; k++)
		if (!got.v[k].hit) {
			false_links++;
			if (shown++ < 40)
				print_message("citations: false link %s %s -> %s\n",
				              got.v[k].file, got.v[k].from,
				              got.v[k].target);
		}
	print_message("citations: %zu statutes, %zu references (%zu found), "
	              "%zu gold links; lexcn %zu internal links: recall "
	              "%.1f%%, precision %.1f%%, %zu false links\n",
	              nfiles, nrefs, refs_found, gold.n, got.n,
	              gold.n ? 100.0 * (double)tp / (double)gold.n : 0.0,
	              got.n ? 100.0 * (double)tp / (double)got.n : 0.0,
	              false_links);
	for (size_t i = 0; i < nrefs; i++) {
		free(refs[i].file);
		free(refs[i].from);
		free(refs[i].text);
		free(refs[i].targets);
	}
	free(refs);
	bool perfect = tp == gold.n && false_links == 0;
	links_free(&gold);
	links_free(&got);
	assert_true(perfect);
}

/* ---- metadata ------------------------------------------------------------ */

enum { F_TITLE, F_JUR, F_TYPE, F_ISSUER, F_HISTORY, F_VERSION, F_EFFECTIVE,
       F_REPEALS, F_STATUS, NF };
static const char *const FIELD[NF] = {"title",   "jurisdiction", "type",
                                      "issuer",  "history",      "version",
                                      "effective", "repeals",    "status"};

static const char *jstr(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* The gold and lexcn values of a field as text, for comparing and
 * printing (malloc'd). */
static char *history_text(const lx_event *e, size_t n)
{
	size_t cap = 64 + n * 256;
	char *s = malloc(cap), b[512];
	assert_non_null(s);
	s[0] = '\0';
	for (size_t i = 0; i < n; i++)
		snprintf(s + strlen(s), cap - strlen(s), "%s%s %s %s",
		         i ? "; " : "", or_null(e[i].date),
		         e[i].action && !strcmp(e[i].action, "发布")
		                 ? "公布"
		                 : or_null(e[i].action),
		         e[i].body ? e[i].body : body_key(e[i].by, b, sizeof(b)));
	return s;
}

static char *gold_history_text(json_t *h)
{
	size_t n = json_array_size(h);
	lx_event *e = calloc(n ? n : 1, sizeof(lx_event));
	assert_non_null(e);
	for (size_t i = 0; i < n; i++) {
		json_t *x = json_array_get(h, i);
		e[i].date = jstr(x, "date");
		e[i].action = jstr(x, "action");
		e[i].by = jstr(x, "by");
		e[i].body = jstr(x, "by");
	}
	char *s = history_text(e, n);
	free(e);
	return s;
}

static char *repeals_text(const lx_doc *d)
{
	const lx_repeal *r;
	size_t n = lx_doc_repeals(d, &r), cap = 16;
	for (size_t i = 0; i < n; i++)
		cap += strlen(or_null(r[i].title)) + 2;
	char *s = malloc(cap);
	assert_non_null(s);
	s[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(s, "; ");
		strcat(s, or_null(r[i].title));
	}
	return s;
}

static char *gold_repeals_text(json_t *a)
{
	size_t cap = 16;
	for (size_t i = 0; i < json_array_size(a); i++)
		cap += strlen(or_null(json_string_value(json_array_get(a, i)))) + 2;
	char *s = malloc(cap);
	assert_non_null(s);
	s[0] = '\0';
	for (size_t i = 0; i < json_array_size(a); i++) {
		if (i)
			strcat(s, "; ");
		strcat(s, or_null(json_string_value(json_array_get(a, i))));
	}
	return s;
}

/* The events of two histories ("; "-separated) that differ, one line each:
 * print_message cuts long lines. */
static void print_history_diff(const char *file, const char *gold,
                               const char *got)
{
	char *a = strdup(gold), *b = strdup(got), *sa = NULL, *sb = NULL;
	assert_true(a && b);
	char *x = strtok_r(a, ";", &sa), *y = strtok_r(b, ";", &sb);
	for (int k = 0; x || y; k++) {
		while (x && *x == ' ')
			x++;
		while (y && *y == ' ')
			y++;
		if (!x || !y || strcmp(x, y))
			print_message("metadata: %s: history event %d: gold %s / "
			              "lexcn %s\n", file, k, x ? x : "(none)",
			              y ? y : "(none)");
		x = x ? strtok_r(NULL, ";", &sa) : NULL;
		y = y ? strtok_r(NULL, ";", &sb) : NULL;
	}
	free(a);
	free(b);
}

static const char *version_of(const lx_doc *d)
{
	const char *id = lx_doc_id(d), *at = id ? strrchr(id, '@') : NULL;
	return at ? at + 1 : NULL;
}

static void test_metadata(void **state)
{
	(void)state;
	char base[4096];
	test_shared_corpus(base, sizeof(base), "metadata gold");
	FILE *f = fopen("tests/gold/metadata.jsonl", "r");
	if (!f) {
		print_message("SKIPPED: no tests/gold/metadata.jsonl\n");
		skip();
	}
	json_t *rows = json_array();
	char line[65536];
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		json_error_t je;
		json_t *o = json_loads(line, 0, &je);
		if (!o)
			fail_msg("metadata.jsonl: %s", je.text);
		json_array_append_new(rows, o);
	}
	fclose(f);
	size_t n = json_array_size(rows);
	assert_true(n > 0);
	lx_set *set = NULL;
	assert_int_equal(lx_set_new(&set), LX_OK);
	lx_doc **docs = calloc(n, sizeof(lx_doc *));
	assert_non_null(docs);
	for (size_t i = 0; i < n; i++) {
		char *path = shared_path(base, jstr(json_array_get(rows, i),
		                                    "file"));
		docs[i] = test_parse(G, path);
		free(path);
		assert_int_equal(lx_set_add(set, docs[i]), LX_OK);
	}
	assert_int_equal(lx_set_as_of(set, GOLD_AS_OF), LX_OK);
	assert_int_equal(lx_set_resolve(set), LX_OK);
	size_t right[NF] = {0}, wrong = 0;
	for (size_t i = 0; i < n; i++) {
		json_t *g = json_array_get(rows, i);
		const lx_doc *d = docs[i];
		char b1[512], b2[512];
		const lx_event *ev;
		size_t ne = lx_doc_history(d, &ev);
		char *gh = gold_history_text(json_object_get(g, "history"));
		char *lh = history_text(ev, ne);
		char *gr = gold_repeals_text(json_object_get(g, "repeals"));
		char *lr = repeals_text(d);
		const char *want[NF] = {
			jstr(g, "title"),   jstr(g, "jurisdiction"),
			jstr(g, "type"),    body_key(jstr(g, "issuer"), b1, sizeof(b1)),
			gh,                 jstr(g, "version"),
			jstr(g, "effective"), gr, jstr(g, "status")};
		const char *have[NF] = {
			lx_doc_title(d),   lx_doc_jurisdiction(d),
			lx_doc_type(d),    body_key(lx_doc_issuer(d), b2, sizeof(b2)),
			lh,                version_of(d),
			lx_doc_effective(d), lr, lx_doc_status(d)};
		for (int k = 0; k < NF; k++) {
			if (same(want[k], have[k])) {
				right[k]++;
				continue;
			}
			wrong++;
			if (k == F_HISTORY) {
				print_history_diff(jstr(g, "file"), gh, lh);
				continue;
			}
			print_message("metadata: %s: %s: gold %s / lexcn %s\n",
			              jstr(g, "file"), FIELD[k], or_null(want[k]),
			              or_null(have[k]));
		}
		free(gh);
		free(lh);
		free(gr);
		free(lr);
	}
	for (int k = 0; k < NF; k++)
		print_message("metadata: %-12s %zu/%zu right (%.1f%%)\n", FIELD[k],
		              right[k], n, 100.0 * (double)right[k] / (double)n);
	lx_set_free(set);
	free(docs);
	json_decref(rows);
	assert_int_equal(wrong, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_citations),
		cmocka_unit_test(test_metadata),
	};
	return cmocka_run_group_tests_name("gold", tests, setup_grammars,
	                                   teardown_grammars);
}
