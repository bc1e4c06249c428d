/*
 * api.c: the JSON API of `lexcn serve`.  Bodies are the output of the
 * library's own JSON renderers (lx_results_json, lx_render,
 * lx_render_cites, lx_diff_json, lx_compare_json): the same data as the
 * CLI's --format json.  Ids and eids are looked up among the documents of
 * the snapshot, never used as paths.  Errors are {error, message}.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <microhttpd.h>

#include "serve.h"

/* ---- replies -------------------------------------------------------------- */

void lx_reply_take(lx_reply *rep, int status, const char *type, char *buf,
                   size_t len)
{
	free(rep->body);
	rep->status = status;
	rep->type = type;
	rep->body = buf;
	rep->len = len;
}

void lx_reply_error(lx_reply *rep, int status, const char *code,
                    const char *msg)
{
	json_t *o = json_pack("{s:s,s:s}", "error", code, "message", msg);
	char *s = o ? json_dumps(o, JSON_INDENT(1)) : NULL;
	json_decref(o);
	if (!s) {
		static const char oom[] =
			"{\"error\": \"internal\", \"message\": \"out of memory\"}";
		s = strdup(oom);
		status = 503;
	}
	lx_reply_take(rep, status, "application/json; charset=utf-8", s,
	              s ? strlen(s) : 0);
}

/* A memory stream for a renderer; false (and a 503) when none. */
typedef struct mem {
	char *buf;
	size_t len;
	FILE *f;
} mem;

static bool mem_open(mem *m, lx_reply *rep)
{
	m->buf = NULL;
	m->len = 0;
	m->f = open_memstream(&m->buf, &m->len);
	if (!m->f)
		lx_reply_error(rep, 503, "unavailable", "out of memory");
	return m->f != NULL;
}

/* Ends the stream: the body of a 200 reply of `type` when rc is LX_OK,
 * else a 503. */
static void mem_reply(mem *m, int rc, const char *type, lx_reply *rep)
{
	if (fclose(m->f) || rc) {
		free(m->buf);
		lx_reply_error(rep, 503, "unavailable", "out of memory");
		return;
	}
	lx_reply_take(rep, 200, type, m->buf, m->len);
}

static const char JSON_TYPE[] = "application/json; charset=utf-8";

/* ---- requests --------------------------------------------------------------- */

double lx_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool lx_req_late(const lx_req *r)
{
	return r && r->deadline > 0 && lx_now() > r->deadline;
}

void lx_reply_late(lx_reply *rep)
{
	lx_reply_error(rep, 503, "timeout", "the request took longer than the "
	               "time limit of the server; narrow it or try again");
}

const char *lx_req_arg(const lx_req *r, const char *key)
{
	return MHD_lookup_connection_value(r->c, MHD_GET_ARGUMENT_KIND, key);
}

/* page=, size=: a decimal number in [lo, hi]; def when absent. */
static bool num_arg(const lx_req *r, const char *key, size_t lo, size_t hi,
                    size_t def, size_t *out, lx_reply *rep)
{
	const char *v = lx_req_arg(r, key);
	*out = def;
	if (!v)
		return true;
	char msg[160];
	size_t n = 0;
	const char *p = v;
	while (*p >= '0' && *p <= '9' && n <= hi)
		n = n * 10 + (size_t)(*p++ - '0');
	if (p == v || *p || n < lo || n > hi) {
		snprintf(msg, sizeof(msg), "%s takes a number from %zu to %zu",
		         key, lo, hi);
		lx_reply_error(rep, 400, "bad_request", msg);
		return false;
	}
	*out = n;
	return true;
}

/* The filters of the search form as parts of the query: field:"value". */
static const char *const FILTERS[] = {"jurisdiction", "type", "status", "in",
                                      NULL};

/* YYYY-MM-DD, a month 01-12 and a day 01-31. */
static bool is_date(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    strspn(s, "0123456789") != 4 || strspn(s + 5, "0123456789") != 2 ||
	    strspn(s + 8, "0123456789") != 2)
		return false;
	int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

bool lx_search_parse(const lx_req *r, lx_search_req *sr, lx_reply *rep)
{
	memset(sr, 0, sizeof(*sr));
	const char *q = lx_req_arg(r, "q");
	if (q && strlen(q) > LX_MAX_QUERY_BYTES) {
		char msg[120];
		snprintf(msg, sizeof(msg), "the query is over the limit of %d "
		         "bytes", LX_MAX_QUERY_BYTES);
		lx_reply_error(rep, 413, "too_large", msg);
		return false;
	}
	if (!num_arg(r, "page", 1, LX_SERVE_MAX_PAGES, 1, &sr->page, rep) ||
	    !num_arg(r, "size", 1, LX_SERVE_MAX_PAGE, 10, &sr->size, rep))
		return false;
	const char *sort = lx_req_arg(r, "sort");
	if (!sort || !strcmp(sort, "relevance"))
		sr->sort = LX_SORT_RELEVANCE;
	else if (!strcmp(sort, "effective"))
		sr->sort = LX_SORT_EFFECTIVE;
	else if (!strcmp(sort, "issued"))
		sr->sort = LX_SORT_ISSUED;
	else if (!strcmp(sort, "article"))
		sr->sort = LX_SORT_ARTICLE;
	else {
		lx_reply_error(rep, 400, "bad_request", "sort takes relevance, "
		               "effective, issued or article");
		return false;
	}
	const char *all = lx_req_arg(r, "all");
	sr->all_versions = all && !strcmp(all, "1");
	sr->r = r;
	mem m;
	if (!mem_open(&m, rep))
		return false;
	fputs(q ? q : "", m.f);
	bool parts = q && strspn(q, " \t") < strlen(q);
	for (int k = 0; FILTERS[k]; k++) {
		const char *v = lx_req_arg(r, FILTERS[k]);
		if (!v || !*v)
			continue;
		if (strchr(v, '"') || strlen(v) > 200) {
			fclose(m.f);
			free(m.buf);
			lx_reply_error(rep, 400, "bad_request",
			               "a filter value may not hold '\"' nor be over "
			               "200 bytes");
			return false;
		}
		fprintf(m.f, " %s:\"%s\"", FILTERS[k], v);
		parts = true;
	}
	const char *y = lx_req_arg(r, "year");
	if (y && *y) {
		if (strlen(y) != 4 || strspn(y, "0123456789") != 4) {
			fclose(m.f);
			free(m.buf);
			lx_reply_error(rep, 400, "bad_request",
			               "year takes four digits");
			return false;
		}
		fprintf(m.f, " effective:%s-01-01..%s-12-31", y, y);
		parts = true;
	}
	/* date ranges: effective:FROM..TO, issued:FROM..TO (either end may
	 * be left out) */
	static const char *const RANGES[][3] = {
		{"effective", "effective_from", "effective_to"},
		{"issued", "issued_from", "issued_to"}};
	for (int k = 0; k < 2; k++) {
		const char *lo = lx_req_arg(r, RANGES[k][1]),
		           *hi = lx_req_arg(r, RANGES[k][2]);
		lo = lo && *lo ? lo : NULL;
		hi = hi && *hi ? hi : NULL;
		if (!lo && !hi)
			continue;
		if ((lo && !is_date(lo)) || (hi && !is_date(hi)) ||
		    (lo && hi && strcmp(lo, hi) > 0)) {
			fclose(m.f);
			free(m.buf);
			char msg[160];
			snprintf(msg, sizeof(msg), "%s and %s take dates YYYY-MM-DD, "
			         "the first not after the second", RANGES[k][1],
			         RANGES[k][2]);
			lx_reply_error(rep, 400, "bad_request", msg);
			return false;
		}
		fprintf(m.f, " %s:%s..%s", RANGES[k][0], lo ? lo : "", hi ? hi : "");
		parts = true;
	}
	if (fclose(m.f)) {
		free(m.buf);
		lx_reply_error(rep, 503, "unavailable", "out of memory");
		return false;
	}
	if (!parts) {
		free(m.buf);
		lx_reply_error(rep, 400, "bad_request", "give a query: q=");
		return false;
	}
	sr->query = m.buf;
	return true;
}

lx_results *lx_search_run(lx_snap *snap, lx_conn *cn, const lx_search_req *sr,
                          bool facets, lx_reply *rep)
{
	lx_search_opts so = {.limit = sr->size,
	                     .offset = (sr->page - 1) * sr->size,
	                     .all_versions = sr->all_versions,
	                     .exact_count = true,
	                     .facets = facets,
	                     .sort = sr->sort};
	lx_results *res = NULL;
	lx_error err = {0};
	if (lx_req_late(sr->r)) {
		lx_reply_late(rep);
		return NULL;
	}
	int rc = lx_search(cn->ix, cn->tk, sr->query, &so, &res, &err);
	/* A writer that merges or compacts removes the files a reader had
	 * open: the handle moves to the newest revision, and the search runs
	 * again there (a few times at most). */
	for (int attempt = 0; rc && rc != LX_ERR_USAGE && rc != LX_ERR_NOMEM &&
	                      attempt < 5 && !lx_req_late(sr->r);
	     attempt++) {
		lx_index *ix = NULL;
		if (lx_index_open(&ix, snap->db, false, &err)) {
			lx_index_close(ix);
			struct timespec ts = {0, 50 * 1000 * 1000};
			nanosleep(&ts, NULL);
			continue;
		}
		lx_index_close(cn->ix);
		cn->ix = ix;
		rc = lx_search(cn->ix, cn->tk, sr->query, &so, &res, &err);
	}
	if (rc == LX_ERR_USAGE)
		lx_reply_error(rep, 400, "bad_query", err.msg);
	else if (rc)
		lx_reply_error(rep, 503, "unavailable",
		               "the index cannot be read now; try again");
	return rc ? NULL : res;
}

/* ---- the API ---------------------------------------------------------------- */

/* /api/facets: the JSON of the results with "jurisdiction_tree" (the
 * divisions holding their cities), written again to m.  LX_OK or
 * LX_ERR_NOMEM. */
static int with_places(mem *m, const lx_results *res)
{
	if (fflush(m->f))
		return LX_ERR_NOMEM;
	json_t *j = json_loadb(m->buf, m->len, 0, NULL);
	lx_places pl;
	json_t *t = NULL;
	if (j && !lx_places_build(&pl, res)) {
		t = lx_places_json(&pl);
		lx_places_free(&pl);
	}
	int rc = LX_ERR_NOMEM;
	if (t && !json_object_set_new(j, "jurisdiction_tree", t)) {
		t = NULL;
		/* the stream starts again with the new body */
		if (!fseek(m->f, 0, SEEK_SET) &&
		    !json_dumpf(j, m->f, JSON_INDENT(1)) && putc('\n', m->f) != EOF)
			rc = LX_OK;
	}
	json_decref(t);
	json_decref(j);
	return rc;
}

static void api_search(lx_snap *snap, const lx_req *r, lx_reply *rep,
                       bool facets_only)
{
	lx_search_req sr;
	if (!lx_search_parse(r, &sr, rep))
		return;
	if (facets_only)
		sr.size = 0;
	lx_conn *cn = lx_conn_get(snap);
	if (!cn) {
		free(sr.query);
		lx_reply_error(rep, 503, "unavailable", "the index cannot be "
		               "opened now; try again");
		return;
	}
	lx_results *res = lx_search_run(snap, cn, &sr, true, rep);
	mem m;
	if (res && mem_open(&m, rep)) {
		unsigned fl = LX_RESULTS_JSON_FACETS |
		              (facets_only ? 0 : LX_RESULTS_JSON_HITS);
		int rc = lx_results_json(res, sr.query, fl, 0, m.f);
		if (facets_only && !rc)
			rc = with_places(&m, res);
		mem_reply(&m, rc, JSON_TYPE, rep);
	}
	lx_results_free(res);
	lx_conn_put(snap, cn);
	free(sr.query);
}

static void not_found(lx_reply *rep, const char *what, const char *id)
{
	char msg[300];
	snprintf(msg, sizeof(msg), "no %s '%.200s' in the index", what, id);
	lx_reply_error(rep, 404, "not_found", msg);
}

/* The JSON object of node `eid` in a document's JSON, or NULL. */
static json_t *find_node(json_t *v, const char *eid)
{
	if (json_is_object(v)) {
		const char *e = json_string_value(json_object_get(v, "eid"));
		if (e && !strcmp(e, eid) && json_object_get(v, "type"))
			return v;
		const char *k;
		json_t *x;
		json_object_foreach(v, k, x) {
			if (!strcmp(k, "citations"))
				continue;
			json_t *f = find_node(x, eid);
			if (f)
				return f;
		}
	} else if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x) {
			json_t *f = find_node(x, eid);
			if (f)
				return f;
		}
	}
	return NULL;
}

/* True when target t is doc, or a node of doc at or below eid. */
static bool points_at(const lx_target *t, const char *doc, const char *eid)
{
	return t->doc && !strcmp(t->doc, doc) && lx_target_within(t, eid);
}

const lx_cite **lx_cites_to(const lx_snap *s, const char *doc,
                            const char *eid, size_t *n)
{
	size_t cap = 16;
	const lx_cite **v = malloc(cap * sizeof(*v));
	*n = 0;
	for (size_t i = 0; v && i < s->ndocs; i++)
		for (size_t k = 0; v && k < lx_doc_cite_count(s->docs[i]); k++) {
			const lx_cite *c = lx_doc_cite(s->docs[i], k);
			bool hit = false;
			for (size_t q = 0; !hit && q < lx_cite_target_count(c); q++)
				hit = points_at(lx_cite_target(c, q), doc, eid);
			if (!hit)
				continue;
			if (*n == cap) {
				const lx_cite **w = realloc(v, 2 * cap * sizeof(*v));
				if (!w) {
					free(v);
					return NULL;
				}
				v = w;
				cap *= 2;
			}
			v[(*n)++] = c;
		}
	return v;
}

/* Citations as the JSON of lx_render_cites, parsed (NULL on no memory). */
static json_t *cites_json(const lx_cite **v, size_t n)
{
	mem m = {0};
	m.f = open_memstream(&m.buf, &m.len);
	if (!m.f)
		return NULL;
	lx_error err;
	int rc = lx_render_cites(m.f, v, n, &err);
	json_t *j = NULL;
	if (!fclose(m.f) && !rc)
		j = json_loadb(m.buf, m.len, 0, NULL);
	free(m.buf);
	return j;
}

static void api_doc(lx_snap *snap, const char *rest, lx_reply *rep)
{
	char *id = strdup(rest), *eid = NULL;
	if (!id) {
		lx_reply_error(rep, 503, "unavailable", "out of memory");
		return;
	}
	pthread_mutex_lock(&snap->lock);
	lx_doc *d = lx_snap_doc(snap, id);
	char *slash;
	if (!d && (slash = strrchr(id, '/'))) {
		*slash = '\0';
		eid = slash + 1;
		d = lx_snap_doc(snap, id);
	}
	if (!d) {
		pthread_mutex_unlock(&snap->lock);
		not_found(rep, "document", rest);
		free(id);
		return;
	}
	if (eid && !lx_doc_find(d, eid)) {
		pthread_mutex_unlock(&snap->lock);
		not_found(rep, "article", rest);
		free(id);
		return;
	}
	mem m;
	if (mem_open(&m, rep)) {
		lx_error err;
		int rc = lx_render(m.f, &d, 1, LX_FMT_JSON, &err);
		if (!eid) {
			mem_reply(&m, rc, JSON_TYPE, rep);
		} else if (fclose(m.f) || rc) {
			free(m.buf);
			lx_reply_error(rep, 503, "unavailable", "out of memory");
		} else {
			json_t *doc = json_loadb(m.buf, m.len, 0, NULL);
			free(m.buf);
			json_t *node = doc ? find_node(json_object_get(doc, "body"), eid)
			                   : NULL;
			if (doc && !node)
				node = find_node(doc, eid);
			size_t nc = 0;
			const lx_cite **cs = lx_cites_to(snap, id, eid, &nc);
			json_t *by = cs ? cites_json(cs, nc) : NULL;
			free(cs);
			json_t *o = node && by
			                    ? json_pack("{s:s,s:s?,s:s,s:O,s:o}", "doc", id,
			                                "title", lx_doc_title(d), "eid",
			                                eid, "node", node, "cited_by", by)
			                    : NULL;
			if (!o)
				json_decref(by);
			char *s = o ? json_dumps(o, JSON_INDENT(1)) : NULL;
			json_decref(o);
			json_decref(doc);
			if (s)
				lx_reply_take(rep, 200, JSON_TYPE, s, strlen(s));
			else
				lx_reply_error(rep, 503, "unavailable", "out of memory");
		}
	}
	pthread_mutex_unlock(&snap->lock);
	free(id);
}

static void api_cite(lx_snap *snap, const lx_req *r, lx_reply *rep)
{
	const char *to = lx_req_arg(r, "to");
	if (!to || !*to) {
		lx_reply_error(rep, 400, "bad_request", "give to=DOC or DOC#EID");
		return;
	}
	char *doc = strdup(to);
	if (!doc) {
		lx_reply_error(rep, 503, "unavailable", "out of memory");
		return;
	}
	char *eid = strchr(doc, '#');
	if (eid)
		*eid++ = '\0';
	pthread_mutex_lock(&snap->lock);
	lx_doc *d = lx_snap_doc(snap, doc);
	if (!d || (eid && !lx_doc_find(d, eid))) {
		not_found(rep, d ? "article" : "document", to);
	} else {
		size_t n = 0;
		const lx_cite **v = lx_cites_to(snap, doc, eid, &n);
		mem m;
		if (!v)
			lx_reply_error(rep, 503, "unavailable", "out of memory");
		else if (mem_open(&m, rep)) {
			lx_error err;
			mem_reply(&m, lx_render_cites(m.f, v, n, &err), JSON_TYPE, rep);
		}
		free(v);
	}
	pthread_mutex_unlock(&snap->lock);
	free(doc);
}

static void api_diff(lx_snap *snap, const lx_req *r, lx_reply *rep)
{
	const char *o = lx_req_arg(r, "old"), *n = lx_req_arg(r, "new");
	if (!o || !n) {
		lx_reply_error(rep, 400, "bad_request", "give old=ID and new=ID");
		return;
	}
	pthread_mutex_lock(&snap->lock);
	lx_doc *a = lx_snap_doc(snap, o), *b = lx_snap_doc(snap, n);
	lx_diff *df = NULL;
	mem m;
	if (!a || !b)
		not_found(rep, "document", !a ? o : n);
	else if (lx_diff_docs(&df, a, b))
		lx_reply_error(rep, 503, "unavailable", "out of memory");
	else if (mem_open(&m, rep))
		mem_reply(&m, lx_diff_json(m.f, df), JSON_TYPE, rep);
	lx_diff_free(df);
	pthread_mutex_unlock(&snap->lock);
}

/* Adds the document of id to v (no duplicates); false when unknown. */
static bool pick_add(lx_snap *snap, const char *id, lx_doc **v, size_t *n)
{
	lx_doc *d = lx_snap_doc(snap, id);
	if (!d)
		return false;
	for (size_t i = 0; i < *n; i++)
		if (v[i] == d)
			return true;
	if (*n < LX_SERVE_MAX_COMPARE)
		v[(*n)++] = d;
	return true;
}

typedef struct pickctx {
	lx_snap *snap;
	lx_doc **v;
	size_t n;
	const char *bad;
	bool over;
} pickctx;

static enum MHD_Result pick_each(void *cls, enum MHD_ValueKind kind,
                                 const char *key, const char *value)
{
	(void)kind;
	pickctx *p = cls;
	if (strcmp(key, "docs") || !value || p->bad)
		return MHD_YES;
	/* docs=A,B or docs=A&docs=B */
	char *s = strdup(value), *save = NULL;
	if (!s)
		return MHD_YES;
	for (char *t = strtok_r(s, ",", &save); t && !p->bad;
	     t = strtok_r(NULL, ",", &save)) {
		if (p->n == LX_SERVE_MAX_COMPARE && !lx_snap_doc(p->snap, t))
			p->over = true;
		if (!pick_add(p->snap, t, p->v, &p->n))
			p->bad = value;
	}
	free(s);
	return MHD_YES;
}

lx_doc **lx_compare_pick(lx_snap *snap, const lx_req *r, size_t *n,
                         lx_reply *rep)
{
	const char *docs = lx_req_arg(r, "docs"), *q = lx_req_arg(r, "query");
	*n = 0;
	if (!docs == !q) {
		lx_reply_error(rep, 400, "bad_request",
		               "give docs=ID,ID... or query=QUERY");
		return NULL;
	}
	if (q && strlen(q) > LX_MAX_QUERY_BYTES) {
		lx_reply_error(rep, 413, "too_large", "the query is over the limit");
		return NULL;
	}
	lx_doc **v = calloc(LX_SERVE_MAX_COMPARE, sizeof(*v));
	if (!v) {
		lx_reply_error(rep, 503, "unavailable", "out of memory");
		return NULL;
	}
	if (docs) {
		pickctx p = {snap, v, 0, NULL, false};
		MHD_get_connection_values(r->c, MHD_GET_ARGUMENT_KIND, pick_each, &p);
		*n = p.n;
		if (p.bad) {
			not_found(rep, "document", p.bad);
			free(v);
			return NULL;
		}
	} else {
		/* the current version of each document the query finds, in the
		 * order of their best hits */
		lx_conn *cn = lx_conn_get(snap);
		lx_search_req sr = {.query = (char *)q, .page = 1, .size = 500,
		                    .r = r};
		lx_results *res = cn ? lx_search_run(snap, cn, &sr, false, rep) : NULL;
		if (!cn)
			lx_reply_error(rep, 503, "unavailable", "the index cannot be "
			               "opened now; try again");
		for (size_t i = 0; res && i < lx_results_len(res); i++)
			pick_add(snap, lx_hit_doc(res, i), v, n);
		lx_results_free(res);
		lx_conn_put(snap, cn);
		if (!res) {
			free(v);
			return NULL;
		}
	}
	if (*n < 2) {
		lx_reply_error(rep, 400, "bad_request",
		               "a comparison takes two documents or more");
		free(v);
		return NULL;
	}
	return v;
}

static void api_compare(lx_server *srv, lx_snap *snap, const lx_req *r,
                        lx_reply *rep)
{
	pthread_mutex_lock(&snap->lock);
	size_t n = 0;
	lx_doc **v = lx_compare_pick(snap, r, &n, rep);
	lx_compare *cmp = NULL;
	mem m;
	if (v) {
		if (lx_req_late(r))
			lx_reply_late(rep);
		else if (lx_compare_docs(&cmp, srv->g, v, n))
			lx_reply_error(rep, 503, "unavailable", "out of memory");
		else if (mem_open(&m, rep))
			mem_reply(&m, lx_compare_json(m.f, cmp), JSON_TYPE, rep);
	}
	lx_compare_free(cmp);
	free(v);
	pthread_mutex_unlock(&snap->lock);
}

/* The API's paths (/api/...): true when r is one of them (rep filled). */
bool lx_api_route(lx_server *srv, lx_snap *snap, const lx_req *r,
                  lx_reply *rep)
{
	if (!strcmp(r->path, "/api/search"))
		api_search(snap, r, rep, false);
	else if (!strcmp(r->path, "/api/facets"))
		api_search(snap, r, rep, true);
	else if (!strncmp(r->path, "/api/doc/", 9) && r->path[9])
		api_doc(snap, r->path + 9, rep);
	else if (!strcmp(r->path, "/api/cite"))
		api_cite(snap, r, rep);
	else if (!strcmp(r->path, "/api/diff"))
		api_diff(snap, r, rep);
	else if (!strcmp(r->path, "/api/compare"))
		api_compare(srv, snap, r, rep);
	else
		return false;
	return true;
}
