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
	pthread_mutex_destroy(&s->lock);
	pthread_mutex_destroy(&s->plock);
	free(s->db);
	free(s);
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

