/*
 * build.c: files and directories into an index (lx_index_build, see
 * <lexcn/index.h>): incremental runs by content hash, citation digests,
 * --prune, shards and their stub, one writer per core merged at the end,
 * batches of commits, compaction.  What `lexcn index` prints is the CLI's:
 * failures and progress come out through the callbacks of lx_build_opts.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lexcn/cite.h>
#include <lexcn/parse.h>

#include "../base/util.h"
#include "../parser/files.h"
#include "index.h"

typedef struct keys {
	char **v;
	size_t n, cap;
	bool oom; /* a key could not be kept */
} keys;

static void collect(void *ctx, const char *key)
{
	keys *k = ctx;
	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 64;
		char **v = realloc(k->v, cap * sizeof(char *));
		if (!v) {
			k->oom = true;
			return;
		}
		k->v = v;
		k->cap = cap;
	}
	if ((k->v[k->n] = strdup(key)))
		k->n++;
	else
		k->oom = true;
}

/* The state of one run. */
typedef struct run {
	const lx_build_opts *o;
	lx_build_stats *st;
	lx_error *err; /* the first failure */
	pthread_mutex_t lock;
} run;

/* Reports a failure (code rc, message "what: msg") and keeps the first;
 * returns rc. */
static int report(run *r, int rc, const char *what, const char *msg)
{
	lx_error e = {.code = rc};
	if (what)
		snprintf(e.msg, sizeof(e.msg), "%s: %s", what, msg);
	else
		snprintf(e.msg, sizeof(e.msg), "%s", msg);
	pthread_mutex_lock(&r->lock);
	if (r->err && !r->err->code)
		*r->err = e;
	if (r->o->report)
		r->o->report(r->o->ctx, &e);
	pthread_mutex_unlock(&r->lock);
	return rc;
}

/* An entry of a directory that is not a document: counted and reported
 * with the code LX_OK (a note, not a failure). */
static void note(run *r, const char *what, const char *msg, bool skipped)
{
	lx_error e = {.code = LX_OK};
	snprintf(e.msg, sizeof(e.msg), "%s%s", what, msg);
	pthread_mutex_lock(&r->lock);
	r->st->skipped += skipped;
	if (r->o->report)
		r->o->report(r->o->ctx, &e);
	pthread_mutex_unlock(&r->lock);
}

static void note_skipped(run *r, const char *line)
{
	note(r, "skipped ", line, true);
}

/* Codes of the index engine stay; any other failure on the index (memory
 * within Xapian) counts as one of the index too. */
static int as_index(int rc)
{
	return rc == LX_ERR_LOCKED || rc == LX_ERR_DAMAGED ||
	               rc == LX_ERR_CHANGED || rc == LX_ERR_NOT_FOUND ||
	               rc == LX_ERR_INDEX || rc == LX_ERR_WRITE
	               ? rc
	               : LX_ERR_INDEX;
}

static bool is_index(int rc)
{
	return rc && as_index(rc) == rc;
}

static int idx_fail(run *r, lx_xdb *db, int rc, const char *what)
{
	return report(r, as_index(rc), what, lx_xdb_error(db));
}

static void progress(run *r, lx_build_step step, size_t done, size_t total,
                     const char *path)
{
	if (!r->o->progress)
		return;
	pthread_mutex_lock(&r->lock);
	r->o->progress(r->o->ctx, step, done, total, path);
	pthread_mutex_unlock(&r->lock);
}

/* Whether the caller asked the run to stop (lx_build_opts.stop). */
static bool stopping(run *r)
{
	return r->o->stop && r->o->stop(r->o->ctx);
}

/* The content hash of a file; false when it cannot be read. */
static bool file_hash(const char *path, char out[17])
{
	size_t len;
	char *buf = lx_read_all(path, &len);
	if (!buf)
		return false;
	lx_index_hash(buf, len, out);
	free(buf);
	return true;
}

/* "hash\tpath" stored for the file by an earlier run, or NULL. */
static const char *stored_hash(lx_xdb **dbs, size_t ns, const char *file)
{
	char *key = lx_index_file_key(file);
	const char *old = NULL;
	for (size_t q = 0; key && q < ns && !(old && *old); q++)
		old = lx_xdb_get_meta(dbs[q], key);
	free(key);
	return old && *old ? old : NULL;
}

/* The resolved citations of a document, hashed: what its stored articles
 * say about them. */
static void cite_digest(const lx_doc *d, char out[17])
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	size_t n = lx_doc_cite_count(d);
	for (size_t i = 0; f && i < n; i++) {
		const lx_cite *c = lx_doc_cite(d, i);
		fprintf(f, "%s\t%s\t%d", lx_cite_get_from(c),
		        lx_cite_get_text(c), lx_cite_get_resolved(c));
		for (size_t t = 0; t < lx_cite_target_count(c); t++) {
			const lx_target *tg = lx_cite_target(c, t);
			fprintf(f, "\t%s#%s", tg->doc, tg->eid ? tg->eid : "");
		}
		fputc('\n', f);
	}
	if (f)
		fclose(f);
	lx_index_hash(buf ? buf : "", buf ? len : 0, out);
	free(buf);
}

/* The metadata key "<kind>:<file>" of a file (as its "file:" key, long
 * paths hashed), malloc'd. */
static char *file_meta_key(const char *kind, const char *file)
{
	char *k = lx_index_file_key(file); /* file:... */
	char *mk = k ? malloc(strlen(kind) + strlen(k) - 3) : NULL;
	if (mk)
		sprintf(mk, "%s:%s", kind, k + 5);
	free(k);
	return mk;
}

static char *digest_key(const char *file)
{
	return file_meta_key("cites", file);
}

static const char *stored_digest(lx_xdb *db, const char *file)
{
	char *k = digest_key(file);
	const char *v = k ? lx_xdb_get_meta(db, k) : NULL;
	free(k);
	return v;
}

static int store_digest(lx_xdb *db, const char *file, const char *digest)
{
	char *k = digest_key(file);
	int rc = k ? lx_xdb_set_meta(db, k, digest) : LX_ERR_NOMEM;
	free(k);
	return rc;
}

/* The keys by which others find a document (lx_catalog_keys), as indexed:
 * "keys:<file>", one per line. */
static char *keys_key(const char *file)
{
	return file_meta_key("keys", file);
}

static void add_line(void *ctx, const char *key)
{
	lx_buf_adds(ctx, key);
	lx_buf_adds(ctx, "\n");
}

/* d's keys of one kind, one per line (malloc'd), NULL without memory. */
static char *doc_keys(const lx_doc *d, bool cited)
{
	lx_buf b = {0};
	if (lx_catalog_keys(d, cited, add_line, &b)) {
		lx_buf_free(&b);
		return NULL;
	}
	return lx_buf_take(&b);
}

static int store_keys(lx_xdb *db, const char *file, const lx_doc *d)
{
	char *k = keys_key(file), *v = doc_keys(d, false);
	int rc = k && v ? lx_xdb_set_meta(db, k, v) : LX_ERR_NOMEM;
	free(k);
	free(v);
	return rc;
}

/* What the catalogue needs of a file's document (lx_catalog_entry), kept
 * so that a later run need not parse the file again to catalogue it:
 * "cat:<file>" = "HASH\tN\nID\n" + the N keys its citations look
 * documents up by (a line each) + the entry.  Used only while the file's
 * content hash is HASH. */
static char *entry_key(const char *file)
{
	return file_meta_key("cat", file);
}

static int store_entry(lx_xdb *db, const char *file, const char *hash,
                       const lx_doc *d, const char *entry)
{
	char *k = entry_key(file), *cited = doc_keys(d, true);
	lx_buf v = {0};
	if (k && cited) {
		size_t n = 0;
		for (const char *p = cited; *p; p++)
			n += *p == '\n';
		char head[64];
		snprintf(head, sizeof(head), "%.16s\t%zu\n", hash, n);
		lx_buf_adds(&v, head);
		lx_buf_adds(&v, lx_doc_id(d) ? lx_doc_id(d) : "");
		lx_buf_adds(&v, "\n");
		lx_buf_adds(&v, cited);
		lx_buf_adds(&v, entry);
	}
	char *val = k && cited ? lx_buf_take(&v) : NULL;
	int rc = val ? lx_xdb_set_meta(db, k, val) : LX_ERR_NOMEM;
	lx_buf_free(&v);
	free(k);
	free(cited);
	free(val);
	return rc;
}

/* A stored entry of a file as it is now (hash), split: the value
 * (malloc'd, to free) and its parts, pointing into it; NULL when there is
 * none of that hash (or it is out of form: the file is parsed). */
typedef struct centry {
	char *val;
	const char *id, *entry;
	char *cited; /* malloc'd: "a\nb\n" */
	size_t elen;
} centry;

static bool stored_entry(lx_xdb **dbs, size_t ns, const char *file,
                         const char *hash, centry *ce)
{
	memset(ce, 0, sizeof(*ce));
	char *k = entry_key(file);
	const char *v = NULL;
	for (size_t q = 0; k && q < ns && !(v && *v); q++)
		v = lx_xdb_get_meta(dbs[q], k);
	free(k);
	if (!v || strncmp(v, hash, 16) || v[16] != '\t' || !(ce->val = strdup(v)))
		return false;
	char *e;
	unsigned long n = strtoul(ce->val + 17, &e, 10);
	char *id = *e == '\n' ? e + 1 : NULL, *p = id ? strchr(id, '\n') : NULL;
	if (p) {
		*p++ = '\0';
		char *cited = p;
		for (unsigned long i = 0; p && i < n; i++)
			if ((p = strchr(p, '\n')))
				p++;
		if (p && (ce->cited = strndup(cited, (size_t)(p - cited)))) {
			ce->id = id;
			ce->entry = p;
			ce->elen = strlen(p);
			return true;
		}
	}
	free(ce->val);
	free(ce->cited);
	memset(ce, 0, sizeof(*ce));
	return false;
}

/* The keys a file's document had when indexed, as stored (malloc'd), or
 * NULL. */
static char *stored_keys_text(lx_xdb **dbs, size_t ns, const char *file)
{
	char *k = keys_key(file);
	const char *v = NULL;
	for (size_t q = 0; k && q < ns && !(v && *v); q++)
		v = lx_xdb_get_meta(dbs[q], k);
	free(k);
	return v && *v ? strdup(v) : NULL;
}

/* The keys a file's document had when indexed, into ks; false when the
 * index does not know them (indexed by an older lexcn). */
static bool stored_keys(lx_xdb **dbs, size_t ns, const char *file, keys *ks)
{
	char *k = keys_key(file);
	bool found = false;
	for (size_t q = 0; k && q < ns && !found; q++) {
		const char *v = lx_xdb_get_meta(dbs[q], k);
		if (!v || !*v)
			continue;
		found = true;
		for (const char *p = v, *nl; (nl = strchr(p, '\n')); p = nl + 1) {
			char *one = strndup(p, (size_t)(nl - p));
			if (one)
				collect(ks, one);
			else
				ks->oom = true;
			free(one);
		}
	}
	free(k);
	return found;
}

static int cmp_key(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool has_key(const keys *ks, const char *key)
{
	return ks->n && bsearch(&key, ks->v, ks->n, sizeof(char *), cmp_key);
}

/* Whether a line of `lines` ("a\nb\n") is in ks. */
static bool any_line_in(const keys *ks, const char *lines)
{
	char one[1024];
	for (const char *p = lines, *nl; p && (nl = strchr(p, '\n')); p = nl + 1) {
		size_t l = (size_t)(nl - p);
		if (l >= sizeof(one))
			return true; /* not comparable here: take it as touched */
		memcpy(one, p, l);
		one[l] = '\0';
		if (has_key(ks, one))
			return true;
	}
	return false;
}

/* The first reading, parsed ahead by threads and taken in order: at most
 * AHEAD documents wait, parsed, for their turn. */
#define AHEAD 32

typedef struct slot {
	lx_doc *d;
	int rc;
	lx_error e;
	bool ready;
} slot;

typedef struct ahead {
	const lx_grammars *g;
	char *const *files;
	const bool *want; /* the files to read */
	size_t n;
	size_t next;  /* the next file to claim */
	size_t taken; /* files before it are taken by the reader */
	bool stop;
	slot s[AHEAD];
	pthread_mutex_t lock;
	pthread_cond_t cv;
} ahead;

/* A file parsed and its citations found, as the first reading takes it. */
static slot parse_one(const lx_grammars *g, const char *file)
{
	slot t = {0};
	t.rc = lx_parse_file(&t.d, g, file, NULL, &t.e);
	if (t.rc == LX_OK && (t.rc = lx_cite_find(t.d, g, &t.e))) {
		lx_doc_free(t.d);
		t.d = NULL;
	}
	return t;
}

static void *parse_ahead(void *arg)
{
	ahead *a = arg;
	pthread_mutex_lock(&a->lock);
	for (;;) {
		while (a->next < a->n && !a->want[a->next])
			a->next++;
		if (a->stop || a->next >= a->n)
			break;
		if (a->next >= a->taken + AHEAD) {
			pthread_cond_wait(&a->cv, &a->lock);
			continue;
		}
		size_t i = a->next++;
		pthread_mutex_unlock(&a->lock);
		slot t = parse_one(a->g, a->files[i]);
		pthread_mutex_lock(&a->lock);
		t.ready = true;
		a->s[i % AHEAD] = t;
		pthread_cond_broadcast(&a->cv);
	}
	pthread_mutex_unlock(&a->lock);
	return NULL;
}

/* Waits for file i (wanted, the next one after those taken) and takes it. */
static slot take_ahead(ahead *a, size_t i)
{
	pthread_mutex_lock(&a->lock);
	while (!a->s[i % AHEAD].ready)
		pthread_cond_wait(&a->cv, &a->lock);
	slot t = a->s[i % AHEAD];
	a->s[i % AHEAD].ready = false;
	a->taken = i + 1;
	pthread_cond_broadcast(&a->cv);
	pthread_mutex_unlock(&a->lock);
	return t;
}

/* Tells the threads that file i (not wanted: catalogued from its entry)
 * is passed, so that they may parse up to AHEAD files beyond it. */
static void pass_ahead(ahead *a, size_t i)
{
	pthread_mutex_lock(&a->lock);
	a->taken = i + 1;
	pthread_cond_broadcast(&a->cv);
	pthread_mutex_unlock(&a->lock);
}

/* Stops the threads and frees what they parsed that was not taken. */
static void stop_ahead(ahead *a, pthread_t *th, size_t nt)
{
	pthread_mutex_lock(&a->lock);
	a->stop = true;
	pthread_cond_broadcast(&a->cv);
	pthread_mutex_unlock(&a->lock);
	for (size_t t = 0; t < nt; t++)
		pthread_join(th[t], NULL);
	for (size_t k = 0; k < AHEAD; k++)
		if (a->s[k].ready)
			lx_doc_free(a->s[k].d);
}

/* What the first reading keeps of an unchanged document, to tell whether
 * the change can reach it. */
typedef struct kept {
	char *id, *own, *cited;
} kept;

/* --prune: the documents whose files are gone leave the index. */
static int prune_gone(run *r, lx_xdb *db, size_t *removed)
{
	int status = LX_OK;
	keys known = {0};
	int mrc = lx_xdb_meta_keys(db, "file:", collect, &known);
	if (mrc)
		status = idx_fail(r, db, mrc, NULL);
	else if (known.oom)
		status = report(r, LX_ERR_NOMEM, NULL, "out of memory");
	for (size_t i = 0; i < known.n; i++) {
		const char *val = lx_xdb_get_meta(db, known.v[i]);
		const char *tab = val ? strchr(val, '\t') : NULL;
		if (!tab || status)
			continue; /* removed before */
		char *path = strdup(tab + 1);
		if (!path || access(path, F_OK) == 0) {
			free(path);
			continue;
		}
		int rc = lx_ix_remove(db, path);
		if (!rc)
			rc = lx_xdb_set_meta(db, known.v[i], "");
		char *ek = rc ? NULL : entry_key(path);
		if (!rc)
			rc = ek ? lx_xdb_set_meta(db, ek, "") : LX_ERR_NOMEM;
		free(ek);
		if (rc)
			status = idx_fail(r, db, rc, path);
		else
			(*removed)++;
		free(path);
	}
	for (size_t i = 0; i < known.n; i++)
		free(known.v[i]);
	free(known.v);
	return status;
}

/* The documents of a run, indexed by one or more workers. */
typedef struct job {
	run *r;
	const lx_catalog *cat; /* what links need of every document */
	const lx_grammars *g;
	const size_t *of_doc; /* doc -> file */
	size_t nd;
	const size_t *todo; /* the documents to read again (all: NULL) */
	size_t ntodo;
	const keys *files;
	char **hashes;
	const bool *changed;
	const lx_pairs *pairs; /* the pairs with positions */
	const lx_triples *triples; /* the T terms */
	lx_xdb **dbs; /* the shards */
	size_t ns, batch;
	atomic_size_t next;      /* the next document to take */
	atomic_size_t committed; /* documents committed by all writers */
	atomic_bool failed, stopped;
	atomic_size_t unread; /* files that failed in the second reading */
} job;

typedef struct worker {
	job *j;
	lx_xdb *db; /* its own database, or NULL: the shard of the title */
	lx_tokenizer *tk;
	size_t added, relinked, done;
	int status;
} worker;

/* Indexes document k (or skips it: unchanged, citations as stored),
 * parsed again and linked through the catalogue: only the documents being
 * indexed are held, not the set. */
static int index_doc(worker *w, size_t k, lx_doc *d, const char *entry);

static int index_one(worker *w, size_t k)
{
	job *j = w->j;
	const char *file = j->files->v[j->of_doc[k]];
	lx_doc *d = NULL;
	lx_error e = {0};
	char *entry = NULL; /* its catalogue entry, made before the links */
	size_t elen;
	int rc = lx_parse_file(&d, j->g, file, NULL, &e);
	if (rc == LX_OK && (rc = lx_cite_find(d, j->g, &e)) == LX_OK &&
	    (rc = lx_catalog_entry(d, &entry, &elen)) != LX_OK)
		snprintf(e.msg, sizeof(e.msg), "%s: out of memory", file);
	else if (rc == LX_OK &&
	         (rc = lx_catalog_resolve(j->cat, k, d)) != LX_OK)
		snprintf(e.msg, sizeof(e.msg), "%s: %s", file,
		         rc == LX_ERR_NOMEM ? "out of memory"
		                            : "not the document read a moment "
		                              "ago (the file changed while lexcn "
		                              "indexed it)");
	if (rc) {
		lx_doc_free(d);
		free(entry);
		report(j->r, rc, NULL, e.msg);
		atomic_fetch_add(&j->unread, 1);
		return 0; /* a file that failed; the others go on */
	}
	rc = index_doc(w, k, d, entry);
	lx_doc_free(d);
	free(entry);
	return rc;
}

static int index_doc(worker *w, size_t k, lx_doc *d, const char *entry)
{
	job *j = w->j;
	size_t i = j->of_doc[k];
	const char *file = j->files->v[i];
	/* The shard: by the law's title, so that its versions meet; the
	 * file leaves the others (its title may have changed). */
	const char *title = lx_doc_title(d) ? lx_doc_title(d) : lx_doc_id(d);
	char th[17], digest[17];
	lx_index_hash(title, strlen(title), th);
	size_t sh = (size_t)strtoull(th + 8, NULL, 16) % j->ns;
	lx_xdb *db = w->db ? w->db : j->dbs[sh];
	/* An unchanged document is indexed again only when its citations
	 * now resolve differently. */
	cite_digest(d, digest);
	if (!j->changed[i]) {
		const char *was = stored_digest(db, file);
		if (was && !strcmp(was, digest))
			return 0;
	}
	for (size_t q = 0; !w->db && q < j->ns; q++) {
		int rc = q != sh ? lx_ix_remove(j->dbs[q], file) : 0;
		if (rc)
			return idx_fail(j->r, j->dbs[q], rc, file);
	}
	/* The value: hash, tab, path (keys of long paths are hashed). */
	char *hv = malloc(strlen(file) + 20);
	if (!hv)
		return LX_ERR_NOMEM;
	sprintf(hv, "%s\t%s", j->hashes[i], file);
	int rc = lx_ix_add(db, w->tk, d, file, hv, false, j->pairs,
	                   j->triples);
	if (!rc)
		rc = store_digest(db, file, digest);
	if (!rc)
		rc = store_keys(db, file, d);
	if (!rc)
		rc = store_entry(db, file, j->hashes[i], d, entry);
	free(hv);
	if (rc)
		return idx_fail(j->r, db, rc, file);
	if (j->changed[i])
		w->added++;
	else
		w->relinked++;
	w->done++;
	return 0;
}

/* Commits the writer's batch (its database, or every shard). */
static int commit_batch(worker *w)
{
	job *j = w->j;
	for (size_t q = 0; q < (w->db ? 1 : j->ns); q++) {
		lx_xdb *c = w->db ? w->db : j->dbs[q];
		int rc = lx_xdb_commit(c);
		if (rc)
			return idx_fail(j->r, c, rc, "commit");
	}
	size_t all = atomic_fetch_add(&j->committed, j->batch) + j->batch;
	progress(j->r, LX_BUILD_COMMITTED, all, j->nd, NULL);
	return 0;
}

static void *work(void *arg)
{
	worker *w = arg;
	job *j = w->j;
	while (!atomic_load(&j->failed)) {
		/* At a batch boundary (nothing pending): stop when asked. */
		if (w->done % j->batch == 0 && stopping(j->r)) {
			atomic_store(&j->stopped, true);
			break;
		}
		size_t x = atomic_fetch_add(&j->next, 1);
		if (x >= j->ntodo)
			break;
		size_t k = j->todo ? j->todo[x] : x;
		size_t before = w->done;
		w->status = index_one(w, k);
		if (!w->status) {
			progress(j->r, LX_BUILD_INDEXING, x + 1, j->ntodo, NULL);
			if (w->done != before && w->done % j->batch == 0)
				w->status = commit_batch(w);
		}
		if (w->status) {
			atomic_store(&j->failed, true);
			break;
		}
	}
	return NULL;
}

/* One file of the arguments, by its absolute path. */
static void collect_path(run *r, keys *files, const char *path, int *status)
{
	char *rp = realpath(path, NULL);
	if (!rp) {
		*status = report(r, errno == ENOMEM ? LX_ERR_NOMEM : LX_ERR_IO,
		                 path, strerror(errno));
		return;
	}
	collect(files, rp);
	free(rp);
}

/* The files of the arguments, by absolute path (the key of incremental
 * runs); a missing one is reported (LX_ERR_IO). */
static int collect_inputs(run *r, char *const *paths, size_t n, keys *files)
{
	int status = LX_OK;
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (stat(paths[i], &st)) {
			status = report(r, LX_ERR_IO, paths[i],
			                "no such file or directory");
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			lx_files fl;
			lx_error fe = {0};
			int rc = lx_files_collect(&fl, paths[i], &fe);
			if (rc)
				status = report(r, rc, NULL, fe.msg);
			for (size_t k = 0; k < fl.n_skipped; k++)
				note_skipped(r, fl.skipped[k]);
			for (size_t k = 0; k < fl.n; k++)
				collect_path(r, files, fl.path[k], &status);
			lx_files_free(&fl);
		} else {
			collect_path(r, files, paths[i], &status);
		}
	}
	if (files->oom)
		status = report(r, LX_ERR_NOMEM, NULL, "out of memory");
	return status;
}

int lx_index_build(const char *dbpath, char *const *paths, size_t npaths,
                   const lx_build_opts *o, lx_build_stats *stp,
                   lx_error *err)
{
	static const lx_build_opts none = {0};
	lx_build_stats stats = {0}, *st = stp ? stp : &stats;
	memset(st, 0, sizeof(*st));
	if (err)
		err->code = 0, err->msg[0] = '\0';
	run r = {.o = o ? o : &none, .st = st, .err = err};
	pthread_mutex_init(&r.lock, NULL);
	o = r.o;
	long nshards = o->shards;
	if (nshards < 0 || nshards > 64) {
		int rc = report(&r, LX_ERR_USAGE, NULL, "--shards takes 1 to 64");
		pthread_mutex_destroy(&r.lock);
		return rc;
	}
	keys files = {0};
	int status = collect_inputs(&r, paths, npaths, &files), early_rc;
	/* Shards: given, or found from an earlier run's stub. */
	char stub[4096];
	snprintf(stub, sizeof(stub), "%s/lexcn.stub", dbpath);
	if (!nshards) {
		FILE *sf = fopen(stub, "r");
		if (sf) {
			char line[512];
			while (fgets(line, sizeof(line), sf))
				nshards += !strncmp(line, "auto shard-", 11);
			fclose(sf);
		}
	}
	size_t ns = nshards ? (size_t)nshards : 1;
	lx_xdb *dbs[64] = {NULL};
	for (size_t k = 0; k < ns; k++) {
		char p[4200];
		if (nshards) {
			mkdir(dbpath, 0777);
			snprintf(p, sizeof(p), "%s/shard-%zu", dbpath, k);
		} else {
			snprintf(p, sizeof(p), "%s", dbpath);
		}
		/* Shards are for serving (xapian-tcpsrv): they keep a
		 * termlist. */
		int rc = lx_xdb_open(&dbs[k], p, nshards ? 2 : 1);
		if (rc) {
			early_rc = idx_fail(&r, dbs[k], rc, p);
			for (size_t q = 0; q <= k; q++)
				lx_xdb_close(dbs[q]);
			goto early;
		}
	}
	if (nshards) {
		FILE *sf = fopen(stub, "w");
		for (size_t k = 0; sf && k < ns; k++)
			fprintf(sf, "auto shard-%zu\n", k);
		if (!sf || fclose(sf)) {
			early_rc = report(&r, LX_ERR_INDEX, stub, "cannot write");
			for (size_t q = 0; q < ns; q++)
				lx_xdb_close(dbs[q]);
			goto early;
		}
	}
	/* The pairs with positions: as the first run chose them (an index
	 * of another format is refused before any work). */
	lx_pairs pairs = {0};
	lx_triples triples = {0};
	bool have_pairs = false;
	{
		const char *why;
		int prc = lx_pairs_load(dbs[0], &pairs, &why);
		if (!prc)
			prc = lx_triples_load(dbs[0], &triples);
		if (prc && prc != LX_ERR_NOT_FOUND) {
			early_rc = why ? report(&r, prc, dbpath, why)
			               : idx_fail(&r, dbs[0], prc, dbpath);
			for (size_t q = 0; q < ns; q++)
				lx_xdb_close(dbs[q]);
			goto early;
		}
		have_pairs = prc == 0;
	}
	/* With the lock: what a killed run's other writers left goes. */
	for (size_t t = 1; ns == 1 && t < 4; t++) {
		char part[4200];
		snprintf(part, sizeof(part), "%s.part-%zu", dbpath, t);
		lx_xdb_remove(part);
	}
	lx_error e = {0};
	lx_grammars *g = NULL;
	lx_tokenizer *tk = NULL;
	if (lx_grammars_builtin(&g, &e) || lx_tokenizer_new(&tk, true, &e)) {
		early_rc = report(&r, LX_ERR_NOMEM, NULL, e.msg);
		for (size_t q = 0; q < ns; q++)
			lx_xdb_close(dbs[q]);
		lx_grammars_free(g);
		goto early;
	}
	/* Files per commit.  Small batches are faster as well as safer:
	 * Xapian's pending changes are a map per term, whose inserts slow as
	 * it grows (the corpus with 2 writers: 71.7 s with 200 files per
	 * commit, 55.9 s with 20, 56.3 s with 10, which fsyncs twice as
	 * often). */
	size_t batch = o->batch ? o->batch : 20;
	size_t removed = 0, failed = 0;
	/* Which files changed (the others of the arguments are skipped). */
	char **hashes = calloc(files.n + 1, sizeof(char *));
	bool *changed = calloc(files.n + 1, sizeof(bool));
	size_t nargs = files.n, nchanged = 0;
	for (size_t i = 0; hashes && changed && i < nargs; i++) {
		char h[17];
		if (!file_hash(files.v[i], h)) {
			report(&r, LX_ERR_IO, files.v[i], "cannot read");
			failed++;
			continue;
		}
		const char *old = stored_hash(dbs, ns, files.v[i]);
		hashes[i] = strdup(h);
		changed[i] = !old || strncmp(old, h, 16) || old[16] != '\t';
		nchanged += changed[i];
		st->unchanged += !changed[i];
	}
	for (size_t q = 0; o->prune && q < ns && !is_index(status); q++) {
		int rc = prune_gone(&r, dbs[q], &removed);
		if (rc)
			status = rc;
	}
	/* When anything changed, every document indexed before whose file is
	 * still as it was joins the set too, so that citations resolve
	 * against everything indexed, both ways. */
	if ((nchanged || removed) && hashes && changed)
		for (size_t q = 0; q < ns; q++) {
			keys known = {0};
			int mrc = lx_xdb_meta_keys(dbs[q], "file:", collect,
			                           &known);
			if (mrc)
				status = idx_fail(&r, dbs[q], mrc, NULL);
			else if (known.oom)
				status = report(&r, LX_ERR_NOMEM, NULL,
				                "out of memory");
			for (size_t i = 0; i < known.n; i++) {
				const char *val = lx_xdb_get_meta(dbs[q], known.v[i]);
				const char *tab = val ? strchr(val, '\t') : NULL;
				char h[17];
				bool listed = false;
				for (size_t j = 0; tab && j < nargs && !listed; j++)
					listed = !strcmp(files.v[j], tab + 1);
				if (tab && !listed && file_hash(tab + 1, h) &&
				    !strncmp(val, h, 16))
					collect(&files, tab + 1);
				free(known.v[i]);
			}
			free(known.v);
			if (files.oom)
				status = report(&r, LX_ERR_NOMEM, NULL,
				                "out of memory");
		}
	char **nh = realloc(hashes, (files.n + 1) * sizeof(char *));
	bool *nc = realloc(changed, (files.n + 1) * sizeof(bool));
	if (nh)
		hashes = nh;
	if (nc)
		changed = nc;
	if (!nh || !nc) { /* no memory: the arguments only */
		for (size_t i = nargs; i < files.n; i++)
			free(files.v[i]);
		files.n = nargs;
		status = LX_ERR_NOMEM;
	}
	for (size_t i = nargs; nh && nc && i < files.n; i++) {
		char h[17];
		hashes[i] = file_hash(files.v[i], h) ? strdup(h) : NULL;
		changed[i] = false;
	}
	/* First reading: a catalogue of what links need, the documents
	 * freed at once (changed files, and the others when they are needed
	 * for citations); the writers read each file again, link it through
	 * the catalogue and index it.  Memory holds the catalogue and the
	 * documents being indexed, not the set. */
	/* An incremental run reads the unchanged documents again only when
	 * the change can reach their citations: when one of the keys they
	 * look documents up by (lx_catalog_keys) is a key of a changed
	 * document, as it was or as it is, or they share an id with one.
	 * The others would resolve as they did.  Not after --prune removed
	 * documents, nor when the index does not know a changed file's old
	 * keys: then all are read again. */
	bool sel = nchanged && !removed && files.n > nchanged;
	keys touched = {0}, cids = {0};
	kept *kd = NULL;
	for (size_t i = 0; sel && i < files.n; i++)
		if (changed[i] && hashes[i] && stored_hash(dbs, ns, files.v[i]))
			sel = stored_keys(dbs, ns, files.v[i], &touched);
	if (sel && !(kd = calloc(files.n + 1, sizeof(kept))))
		sel = false;
	lx_catalog *cat = NULL;
	/* A new index counts the triples of what it reads (the T terms,
	 * index.h), and an index of shards the pairs too: a remote shard's
	 * candidates cannot be checked in a text store, so there the
	 * frequent pairs keep their positions.  Other indexes keep none
	 * (index/README.md, format 5). */
	lx_pair_counter *counter =
		have_pairs ? NULL : lx_pairs_counter_new(nshards > 0);
	size_t *of_doc = calloc(files.n + 1, sizeof(size_t)); /* doc -> file */
	size_t nd = 0;
	if (lx_catalog_new(&cat))
		status = LX_ERR_NOMEM;
	/* Parsed by one thread per core (at most 4), taken here in order;
	 * an unchanged file whose catalogue entry the index keeps is not
	 * parsed (want: to parse; use: to catalogue). */
	bool *want = calloc(files.n + 1, sizeof(bool));
	bool *use = calloc(files.n + 1, sizeof(bool));
	bool *have = calloc(files.n + 1, sizeof(bool));
	centry *ce = calloc(files.n + 1, sizeof(centry)); /* of those */
	ahead ah = {.g = g, .files = files.v, .want = want, .n = files.n};
	pthread_mutex_init(&ah.lock, NULL);
	pthread_cond_init(&ah.cv, NULL);
	pthread_t ath[4];
	size_t nat = 0;
	{
		long cores = o->threads > 0 ? o->threads
		                            : sysconf(_SC_NPROCESSORS_ONLN);
		size_t nt = cores < 1 ? 1 : cores > 4 ? 4 : (size_t)cores;
		for (size_t i = 0; want && use && have && ce && nh && nc &&
		                   i < files.n;
		     i++) {
			use[i] = hashes[i] && (changed[i] || nchanged || removed);
			have[i] = use[i] && !changed[i] && !counter &&
			          stored_entry(dbs, ns, files.v[i], hashes[i],
			                       &ce[i]);
			want[i] = use[i] && !have[i];
		}
		while (want && cat && of_doc && nh && nc && nat < nt &&
		       !pthread_create(&ath[nat], NULL, parse_ahead, &ah))
			nat++;
		if (!want || !use || !have || !ce ||
		    (cat && of_doc && nh && nc && !nat))
			status = LX_ERR_NOMEM;
	}
	for (size_t i = 0; nat && use && ce && i < files.n; i++) {
		if (!use[i])
			continue;
		if (stopping(&r)) {
			status = LX_ERR_INTERRUPTED;
			break;
		}
		if (have[i]) {
			centry *c = &ce[i];
			int erc = lx_catalog_add_entry(cat, c->entry, c->elen);
			if (erc == LX_OK) {
				st->catalogued++;
				if (sel) {
					kept *u = &kd[nd];
					u->id = strdup(c->id);
					u->own = stored_keys_text(dbs, ns, files.v[i]);
					u->cited = c->cited;
					c->cited = NULL;
					if (!u->id || !u->own)
						sel = false; /* all are read again */
				}
				free(c->val);
				free(c->cited);
				memset(c, 0, sizeof(*c));
				pass_ahead(&ah, i);
				of_doc[nd++] = i;
				progress(&r, LX_BUILD_READING, i + 1, files.n, NULL);
				continue;
			}
			free(c->val);
			free(c->cited);
			memset(c, 0, sizeof(*c));
			if (erc != LX_ERR_DAMAGED) {
				status = report(&r, erc, NULL, "out of memory");
				break;
			}
			note(&r, files.v[i], ": its catalogue entry in the index is "
			                     "out of form: parsed again", false);
		}
		slot t = want[i] ? take_ahead(&ah, i) : parse_one(g, files.v[i]);
		lx_doc *d = t.d;
		int prc = t.rc;
		if (prc) {
			report(&r, prc, NULL, t.e.msg);
			failed++;
			free(hashes[i]);
			hashes[i] = NULL;
			continue;
		}
		prc = lx_catalog_add(cat, d);
		if (counter)
			lx_pairs_count(counter, tk, d);
		if (sel && changed[i]) {
			if (lx_catalog_keys(d, false, collect, &touched))
				touched.oom = true;
			collect(&cids, lx_doc_id(d) ? lx_doc_id(d) : "");
		} else if (sel) {
			kept *u = &kd[nd];
			u->id = strdup(lx_doc_id(d) ? lx_doc_id(d) : "");
			u->own = doc_keys(d, false);
			u->cited = doc_keys(d, true);
			if (!u->id || !u->own || !u->cited)
				sel = false; /* no memory: all are read again */
		}
		lx_doc_free(d);
		if (prc) {
			status = LX_ERR_NOMEM;
			break;
		}
		of_doc[nd++] = i;
		progress(&r, LX_BUILD_READING, i + 1, files.n, NULL);
	}
	stop_ahead(&ah, ath, nat);
	pthread_cond_destroy(&ah.cv);
	pthread_mutex_destroy(&ah.lock);
	free(want);
	free(use);
	free(have);
	for (size_t i = 0; ce && i < files.n; i++) {
		free(ce[i].val); /* those not reached (a stop, a failure) */
		free(ce[i].cited);
	}
	free(ce);
	if (cat && lx_catalog_finish(cat))
		status = LX_ERR_NOMEM;
	size_t *todo = NULL, ntodo = nd;
	if (sel && !touched.oom && !cids.oom && (todo = malloc((nd + 1) * sizeof(size_t)))) {
		if (cids.n)
			qsort(cids.v, cids.n, sizeof(char *), cmp_key);
		/* A document of a changed one's id: its id (id~N) may move,
		 * and with it what cites it. */
		for (size_t k = 0; k < nd; k++)
			if (!changed[of_doc[k]] && has_key(&cids, kd[k].id))
				for (const char *p = kd[k].own, *nl;
				     (nl = strchr(p, '\n')); p = nl + 1) {
					char *one = strndup(p, (size_t)(nl - p));
					if (one)
						collect(&touched, one);
					else
						touched.oom = true;
					free(one);
				}
		if (touched.n)
			qsort(touched.v, touched.n, sizeof(char *), cmp_key);
		ntodo = 0;
		for (size_t k = 0; k < nd; k++)
			if (changed[of_doc[k]] || has_key(&cids, kd[k].id) ||
			    any_line_in(&touched, kd[k].cited))
				todo[ntodo++] = k;
		if (touched.oom) { /* a key lost: all are read again */
			free(todo);
			todo = NULL;
			ntodo = nd;
		}
	}
	for (size_t x = 0; x < (todo ? ntodo : nd); x++)
		st->reread += !changed[of_doc[todo ? todo[x] : x]];
	for (size_t k = 0; kd && k <= files.n; k++) {
		free(kd[k].id);
		free(kd[k].own);
		free(kd[k].cited);
	}
	free(kd);
	for (size_t k = 0; k < touched.n; k++)
		free(touched.v[k]);
	free(touched.v);
	for (size_t k = 0; k < cids.n; k++)
		free(cids.v[k]);
	free(cids.v);
	/* A new index: the pairs with positions (none but for shards) and
	 * the triples; the sets are stored in every shard before the first
	 * commit. */
	if (!have_pairs && status == LX_OK && nd) {
		char *list = !counter ? NULL
		             : nshards ? lx_pairs_counter_list(counter, 2,
		                                               LX_IX_PAIR_DF)
		                       : strdup("");
		char *tlist = counter ? lx_pairs_counter_list(counter, 3,
		                                              LX_IX_TRIPLE_DF)
		                      : NULL;
		int prc = list && tlist ? 0 : LX_ERR_NOMEM;
		for (size_t q = 0; !prc && q < ns; q++)
			if ((prc = lx_pairs_store(dbs[q], list)) ||
			    (prc = lx_triples_store(dbs[q], tlist)))
				status = idx_fail(&r, dbs[q], prc, dbpath);
		if (!prc && ((prc = lx_pairs_load(dbs[0], &pairs, &(const char *){0})) ||
		             (prc = lx_triples_load(dbs[0], &triples))))
			status = idx_fail(&r, dbs[0], prc, dbpath);
		if (prc == LX_ERR_NOMEM)
			status = report(&r, prc, NULL, "out of memory");
		free(list);
		free(tlist);
	}
	lx_pairs_counter_free(counter);
	counter = NULL;
	job j = {.r = &r, .cat = cat, .g = g, .of_doc = of_doc, .nd = nd,
	         .todo = todo, .ntodo = todo ? ntodo : nd,
	         .files = &files, .hashes = hashes, .changed = changed,
	         .pairs = &pairs, .triples = &triples, .dbs = dbs, .ns = ns, .batch = batch};
	atomic_init(&j.next, 0);
	atomic_init(&j.committed, 0);
	atomic_init(&j.failed, false);
	atomic_init(&j.unread, 0);
	atomic_init(&j.stopped, false);
	/* A fresh index of many documents (not of shards, whose segments
	 * keep every term in Xapian): one writer per core (at most 4),
	 * the others into DIR.part-K, merged into DIR when all are done (the
	 * merge is the compaction).  An interrupted run leaves DIR with what
	 * its own writer committed; the next run redoes the rest. */
	size_t nw = 1;
	long cores = o->threads > 0 ? o->threads : sysconf(_SC_NPROCESSORS_ONLN);
	if (status == LX_OK && !nshards && lx_xdb_doccount(dbs[0]) == 0 &&
	    (nd >= 64 || o->threads > 0))
		nw = cores < 1 ? 1 : cores > 4 ? 4 : (size_t)cores;
	if (nw > nd)
		nw = nd ? nd : 1;
	worker w[4] = {{0}};
	char parts[4][4200];
	for (size_t t = 0; t < nw && status == LX_OK; t++) {
		w[t].j = &j;
		w[t].db = nw > 1 ? dbs[0] : NULL;
		w[t].tk = tk;
		if (t == 0)
			continue;
		snprintf(parts[t], sizeof(parts[t]), "%s.part-%zu", dbpath, t);
		/* Scratch: merged into DIR at the end, whose merged segment
		 * is synced; a crash before leaves the part, which the next
		 * run removes. */
		if (lx_xdb_remove(parts[t]) || lx_xdb_open(&w[t].db, parts[t], 3) ||
		    lx_tokenizer_new(&w[t].tk, true, &e))
			status = report(&r, LX_ERR_INDEX, parts[t],
			                w[t].db ? lx_xdb_error(w[t].db) : e.msg);
	}
	pthread_t th[4];
	size_t started = 0;
	for (size_t t = 1; t < nw && status == LX_OK; t++, started++)
		if (pthread_create(&th[t], NULL, work, &w[t])) {
			status = LX_ERR_NOMEM;
			break;
		}
	if (status == LX_OK)
		work(&w[0]);
	else
		atomic_store(&j.failed, true);
	for (size_t t = 1; t <= started; t++)
		pthread_join(th[t], NULL);
	for (size_t t = 0; t < nw; t++) {
		st->added += w[t].added;
		st->relinked += w[t].relinked;
		if (w[t].status && status == LX_OK)
			status = w[t].status;
	}
	if (status == LX_OK && (atomic_load(&j.stopped) ||
	                        (nw > 1 && stopping(&r)))) {
		status = LX_ERR_INTERRUPTED;
		/* The other writers' parts are dropped: what stays is the
		 * first writer's. */
		st->added = w[0].added;
		st->relinked = w[0].relinked;
	}
	progress(&r, LX_BUILD_INDEXED, nd, nd, NULL);
	/* Merge the parts into DIR. */
	const char *extra[4] = {NULL};
	for (size_t t = 1; t < nw; t++) {
		int rc = w[t].db && status == LX_OK ? lx_xdb_commit(w[t].db) : 0;
		if (rc)
			status = idx_fail(&r, w[t].db, rc, parts[t]);
		lx_xdb_close(w[t].db);
		lx_tokenizer_free(w[t].tk);
		extra[t - 1] = parts[t];
	}
	bool merged = nw > 1;
	if (nw > 1 && status == LX_OK) {
		progress(&r, LX_BUILD_MERGING, 0, nw, NULL);
		/* The parts' segments and metadata join DIR's, merged into
		 * one segment. */
		int rc = lx_xdb_compact(dbs[0], extra, 1);
		if (rc) {
			char what[4300];
			snprintf(what, sizeof(what), "merging into %s", dbpath);
			status = report(&r, as_index(rc), what, lx_xdb_error(dbs[0]));
		}
	}
	for (size_t t = 1; t < nw; t++)
		lx_xdb_remove(parts[t]);
	free(of_doc);
	free(todo);
	free(changed);
	failed += atomic_load(&j.unread);
	long total = 0;
	for (size_t q = 0; q < ns && !is_index(status); q++) {
		int rc = lx_ix_mark_current(dbs[q]);
		if (!rc)
			rc = lx_xdb_commit(dbs[q]);
		if (rc)
			status = idx_fail(&r, dbs[q], rc, "commit");
		total += lx_xdb_doccount(dbs[q]);
	}
	st->removed = removed;
	st->failed = failed;
	st->articles = is_index(status) ? -1 : total;
	progress(&r, LX_BUILD_COUNTED, 0, 0, NULL);
	if (failed && status == LX_OK)
		status = LX_ERR_IO;
	for (size_t i = 0; i < files.n; i++) {
		free(files.v[i]);
		if (hashes)
			free(hashes[i]);
	}
	free(files.v);
	files.v = NULL;
	files.n = 0;
	free(hashes);
	lx_catalog_free(cat);
	lx_pairs_free(&pairs);
	lx_triples_free(&triples);
	lx_tokenizer_free(tk);
	lx_grammars_free(g);
	/* Merge the segments this run wrote (lx_xdb_compact decides how
	 * many: the bulk of an index stays as it is). */
	bool compact = (st->added || removed || st->relinked) && !merged;
	if (compact && status == LX_OK && stopping(&r))
		status = LX_ERR_INTERRUPTED;
	compact = compact && status != LX_ERR_INTERRUPTED;
	for (size_t q = 0; compact && !is_index(status) && q < ns; q++) {
		char p[4200];
		if (nshards)
			snprintf(p, sizeof(p), "%s/shard-%zu", dbpath, q);
		else
			snprintf(p, sizeof(p), "%s", dbpath);
		progress(&r, LX_BUILD_COMPACTING, q, ns, p);
		int rc = lx_xdb_compact(dbs[q], NULL, 0);
		if (rc) {
			char what[4300];
			snprintf(what, sizeof(what), "compacting %s", p);
			status = report(&r, as_index(rc), what, lx_xdb_error(dbs[q]));
		}
	}
	if (compact)
		progress(&r, LX_BUILD_COMPACTED, ns, ns, NULL);
	for (size_t q = 0; q < ns; q++)
		lx_xdb_close(dbs[q]);
	pthread_mutex_destroy(&r.lock);
	if (status && err) {
		err->code = status; /* the message is the first failure's */
		if (!err->msg[0])
			snprintf(err->msg, sizeof(err->msg), "%s",
			         status == LX_ERR_NOMEM ? "out of memory"
			         : status == LX_ERR_INTERRUPTED
			                 ? "stopped on request at a batch boundary"
			                 : "the index failed");
	}
	return status;
early:
	for (size_t i = 0; i < files.n; i++)
		free(files.v[i]);
	free(files.v);
	pthread_mutex_destroy(&r.lock);
	if (err)
		err->code = early_rc;
	return early_rc;
}
