/*
 * snap.c: the snapshot of the index `lexcn serve` answers from: the
 * documents of the files the index holds, parsed and linked as a set, and
 * a pool of reading handles; the watcher thread that builds a new one
 * when the index directory changes (a new revision).
 */
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../render/render_int.h"
#include "serve.h"

/* ---- the snapshot ---------------------------------------------------------- */

/* A fingerprint of the index on disk: the names, sizes and times of
 * modification of the entries of `path` and of its subdirectories (a
 * commit writes there), as a hash. */
static void fp_walk(const char *path, int depth, uint64_t *h)
{
	struct stat st;
	if (stat(path, &st))
		return;
	uint64_t v[3] = {(uint64_t)st.st_size, (uint64_t)st.st_mtim.tv_sec,
	                 (uint64_t)st.st_mtim.tv_nsec};
	for (const char *p = path; *p; p++)
		*h = (*h ^ (unsigned char)*p) * 1099511628211ULL;
	for (int k = 0; k < 3; k++)
		*h = (*h ^ v[k]) * 1099511628211ULL;
	if (!S_ISDIR(st.st_mode) || depth > 2)
		return;
	DIR *d = opendir(path);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *sub;
		if (asprintf(&sub, "%s/%s", path, e->d_name) < 0)
			continue;
		fp_walk(sub, depth + 1, h);
		free(sub);
	}
	closedir(d);
}

void lx_serve_fingerprint(const char *path, char out[64])
{
	uint64_t h = 14695981039346656037ULL;
	fp_walk(path, 0, &h);
	/* entries come in readdir's order: the hash is of a multiset only
	 * when the order is stable, which it is on one filesystem */
	snprintf(out, 64, "%016llx", (unsigned long long)h);
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void snap_free(lx_snap *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->npool; i++) {
		lx_tokenizer_free(s->pool[i].tk);
		lx_index_close(s->pool[i].ix);
	}
	lx_set_free(s->set);
	for (size_t i = 0; i < s->nroots; i++)
		free(s->roots[i].form);
	free(s->roots);
	pthread_mutex_destroy(&s->lock);
	pthread_mutex_destroy(&s->plock);
	free(s->db);
	free(s);
}

/* ---- the roots: no path of the server's disk in a reply ------------------ */

static int add_form(lx_snap *s, size_t *cap, char *form, const char *to)
{
	if (!form)
		return LX_ERR_NOMEM;
	for (size_t i = 0; i < s->nroots; i++)
		if (!strcmp(s->roots[i].form, form)) {
			free(form);
			return LX_OK;
		}
	if (s->nroots == *cap) {
		size_t nc = *cap ? 2 * *cap : 8;
		lx_root *v = realloc(s->roots, nc * sizeof(*v));
		if (!v) {
			free(form);
			return LX_ERR_NOMEM;
		}
		s->roots = v;
		*cap = nc;
	}
	s->roots[s->nroots++] = (lx_root){form, strlen(form), to};
	return LX_OK;
}

/* The forms of directory dir (len bytes, its last '/' included): as is,
 * JSON-escaped (jansson's escaping, when dir is UTF-8), HTML-escaped; each
 * with its '/' (cut to nothing) and without it (the directory itself,
 * written "."). */
static int add_root(lx_snap *s, size_t *cap, const char *dir, size_t len)
{
	for (int slash = 1; slash >= 0; slash--) {
		size_t l = len - (size_t)(1 - slash);
		if (!l)
			continue;
		const char *to = slash ? "" : ".";
		char *raw = strndup(dir, l);
		if (!raw)
			return LX_ERR_NOMEM;
		json_t *js = json_stringn(raw, l);
		char *j = js ? json_dumps(js, JSON_ENCODE_ANY) : NULL;
		json_decref(js);
		char *h = NULL;
		size_t hl = 0;
		FILE *f = open_memstream(&h, &hl);
		if (f) {
			lx_html_escape_to(f, raw, l, false);
			if (fclose(f)) {
				free(h);
				h = NULL;
			}
		}
		int rc = add_form(s, cap, raw, to);
		if (!rc && j && strlen(j) >= 2) {
			j[strlen(j) - 1] = '\0';
			rc = add_form(s, cap, strdup(j + 1), to);
		}
		if (!rc)
			rc = h ? add_form(s, cap, h, to) : LX_ERR_NOMEM;
		else
			free(h);
		free(j);
		if (rc)
			return rc;
	}
	return LX_OK;
}

static int cmp_root_len(const void *a, const void *b)
{
	const lx_root *x = a, *y = b;
	return x->len != y->len ? (x->len > y->len ? -1 : 1)
	                        : strcmp(x->form, y->form);
}

/* The roots of the sorted files: their common directory, or when it is
 * '/' (or none), the directory of each file. */
static int find_roots(lx_snap *s, const char **files, size_t m)
{
	size_t cap = 0;
	if (!m)
		return LX_OK;
	const char *a = files[0], *b = files[m - 1];
	size_t l = 0;
	while (a[l] && a[l] == b[l])
		l++;
	while (l && a[l - 1] != '/')
		l--;
	int rc = LX_OK;
	if (l > 1) {
		rc = add_root(s, &cap, a, l);
	} else {
		for (size_t i = 0; !rc && i < m; i++) {
			const char *sl = strrchr(files[i], '/');
			if (sl && sl > files[i])
				rc = add_root(s, &cap, files[i],
				              (size_t)(sl - files[i]) + 1);
		}
	}
	if (s->nroots)
		qsort(s->roots, s->nroots, sizeof(*s->roots), cmp_root_len);
	return rc;
}

int lx_snap_scrub(const lx_snap *s, lx_reply *rep)
{
	for (size_t k = 0; rep->body && k < s->nroots; k++) {
		const lx_root *r = &s->roots[k];
		const char *hit = memmem(rep->body, rep->len, r->form, r->len);
		if (!hit)
			continue;
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		if (!f)
			return LX_ERR_NOMEM;
		const char *at = rep->body, *end = rep->body + rep->len;
		while (hit) {
			fwrite(at, 1, (size_t)(hit - at), f);
			fputs(r->to, f);
			at = hit + r->len;
			hit = memmem(at, (size_t)(end - at), r->form, r->len);
		}
		fwrite(at, 1, (size_t)(end - at), f);
		if (fclose(f)) {
			free(buf);
			return LX_ERR_NOMEM;
		}
		free(rep->body);
		rep->body = buf;
		rep->len = len;
	}
	return LX_OK;
}

/* Opens the index, parses the files it holds into a set (citations
 * resolved across it); NULL when the index does not open (the reason on
 * stderr). */
lx_snap *lx_snap_build(lx_server *srv, bool quiet)
{
	lx_snap *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	pthread_mutex_init(&s->lock, NULL);
	pthread_mutex_init(&s->plock, NULL);
	s->refs = 1;
	s->db = strdup(srv->db);
	lx_index *ix = NULL;
	lx_error err = {0};
	lx_results *r = NULL;
	if (!s->db || lx_set_new(&s->set)) {
		snap_free(s);
		return NULL;
	}
	if (lx_index_open(&ix, srv->db, false, &err) ||
	    lx_index_units(ix, NULL, &r, &err)) {
		fprintf(stderr, "lexcn serve: %s: %s\n", srv->db,
		        ix ? lx_index_errmsg(ix) : err.msg);
		lx_index_close(ix);
		snap_free(s);
		return NULL;
	}
	size_t n = lx_results_len(r), m = 0;
	const char **files = calloc(n + 1, sizeof(char *));
	for (size_t i = 0; files && i < n; i++)
		if (lx_hit_file(r, i))
			files[m++] = lx_hit_file(r, i);
	if (files)
		qsort(files, m, sizeof(char *), cmp_strp);
	if (!files || find_roots(s, files, m)) {
		/* without its roots a snapshot could leak the paths */
		free(files);
		lx_results_free(r);
		lx_index_close(ix);
		snap_free(s);
		return NULL;
	}
	for (size_t i = 0; files && i < m; i++) {
		if (i && !strcmp(files[i], files[i - 1]))
			continue;
		lx_doc *d = NULL;
		if (lx_parse_file(&d, srv->g, files[i], NULL, &err) ||
		    lx_cite_find(d, srv->g, &err) || lx_set_add(s->set, d)) {
			/* a file moved or changed since it was indexed */
			if (!quiet)
				fprintf(stderr, "lexcn serve: %s: %s (left out)\n",
				        files[i], err.msg);
			lx_doc_free(d);
		}
	}
	free(files);
	lx_results_free(r);
	if (lx_set_resolve(s->set)) {
		lx_index_close(ix);
		snap_free(s);
		return NULL;
	}
	s->ndocs = lx_set_docs(s->set, &s->docs);
	lx_tokenizer *tk = NULL;
	if (!lx_tokenizer_new(&tk, true, &err)) {
		s->pool[0] = (lx_conn){ix, tk};
		s->npool = 1;
	} else {
		lx_index_close(ix);
	}
	return s;
}

void lx_snap_release(lx_snap *s)
{
	if (!s)
		return;
	/* atomic; taken only under the server's lock (lx_serve_acquire), so
	 * that a snapshot swapped out is never taken after its last release */
	if (__atomic_sub_fetch(&s->refs, 1, __ATOMIC_ACQ_REL) == 0)
		snap_free(s);
}

/* The watcher thread: once a second, the fingerprint of the index on
 * disk; when it changed (or there is no snapshot yet: the index did not
 * open), a new snapshot is built here, while requests go on with the one
 * they have, then swapped in. */
void *lx_serve_watch(void *arg)
{
	lx_server *srv = arg;
	pthread_mutex_lock(&srv->mu);
	while (!srv->stopping) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 1;
		pthread_cond_timedwait(&srv->wake, &srv->mu, &ts);
		if (srv->stopping)
			break;
		pthread_mutex_unlock(&srv->mu);
		char fp[64];
		lx_serve_fingerprint(srv->db, fp);
		pthread_mutex_lock(&srv->mu);
		bool changed = strcmp(fp, srv->fp) || !srv->cur;
		pthread_mutex_unlock(&srv->mu);
		lx_snap *s = changed ? lx_snap_build(srv, true) : NULL;
		pthread_mutex_lock(&srv->mu);
		if (s) {
			lx_snap *old = srv->cur;
			srv->cur = s;
			memcpy(srv->fp, fp, sizeof(fp));
			pthread_mutex_unlock(&srv->mu);
			lx_snap_release(old);
			pthread_mutex_lock(&srv->mu);
		}
	}
	pthread_mutex_unlock(&srv->mu);
	return NULL;
}

lx_snap *lx_serve_acquire(lx_server *srv)
{
	pthread_mutex_lock(&srv->mu);
	lx_snap *s = srv->cur;
	if (s)
		__atomic_add_fetch(&s->refs, 1, __ATOMIC_ACQ_REL);
	pthread_mutex_unlock(&srv->mu);
	return s;
}

lx_conn *lx_conn_get(lx_snap *s)
{
	pthread_mutex_lock(&s->plock);
	lx_conn *c = NULL;
	if (s->npool) {
		c = malloc(sizeof(*c));
		if (c)
			*c = s->pool[--s->npool];
	}
	pthread_mutex_unlock(&s->plock);
	if (c)
		return c;
	c = calloc(1, sizeof(*c));
	lx_error err = {0};
	if (!c || lx_index_open(&c->ix, s->db, false, &err) ||
	    lx_tokenizer_new(&c->tk, true, &err)) {
		if (c) {
			lx_index_close(c->ix);
			free(c);
		}
		return NULL;
	}
	return c;
}

void lx_conn_put(lx_snap *s, lx_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&s->plock);
	bool kept = s->npool < sizeof(s->pool) / sizeof(s->pool[0]);
	if (kept)
		s->pool[s->npool++] = *c;
	pthread_mutex_unlock(&s->plock);
	if (!kept) {
		lx_tokenizer_free(c->tk);
		lx_index_close(c->ix);
	}
	free(c);
}

lx_doc *lx_snap_doc(const lx_snap *s, const char *id)
{
	for (size_t i = 0; id && i < s->ndocs; i++)
		if (!strcmp(lx_doc_id(s->docs[i]), id))
			return s->docs[i];
	return NULL;
}

