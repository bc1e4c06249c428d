/*
 * cmd_index.c: `lexcn index`: files and directories into an article index,
 * incrementally (a file whose content is unchanged is skipped), in batches
 * (an interrupted run leaves a database that opens and answers).
 */
#include <getopt.h>
#include <pthread.h>
#include <stdatomic.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../index/index.h"
#include "../parser/files.h"
#include "cli.h"


static void help(FILE *out)
{
	fputs("usage: lexcn index --db DIR [--prune] [--shards N] PATH...\n\n"
	      "Parses the files (directories: every .md and .txt below them) and\n"
	      "indexes their articles.  A file whose content is unchanged since the\n"
	      "last run is skipped; a changed file replaces its articles.  Commits\n"
	      "every 20 files (LEXCN_INDEX_BATCH=N to change): a run that is\n"
	      "interrupted leaves a database that opens and answers, and the next\n"
	      "run completes the work.  Citations resolve against everything\n"
	      "indexed: when files change, the documents indexed before are read\n"
	      "again (those whose files are unchanged), and one whose citations\n"
	      "now resolve differently is indexed again.  A new index of many\n"
	      "files is written by one writer per core (at most 4;\n"
	      "LEXCN_INDEX_THREADS=N to change), merged at the end.\n\n"
	      "  --db DIR   the index (created when missing)\n"
	      "  --prune    remove the documents whose files are gone\n"
	      "  --shards N write N shards (DIR/shard-K) and a stub DIR/lexcn.stub\n"
	      "             (\"auto shard-K\" lines) that --db DIR opens; versions of\n"
	      "             one law share a shard.  A stub may also list remote\n"
	      "             shards: \"remote tcp HOST PORT\" (xapian-tcpsrv).\n",
	      out);
}

typedef struct keys {
	char **v;
	size_t n, cap;
} keys;

static void collect(void *ctx, const char *key)
{
	keys *k = ctx;
	if (k->n == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 64;
		char **v = realloc(k->v, k->cap * sizeof(char *));
		if (!v)
			return;
		k->v = v;
	}
	k->v[k->n++] = strdup(key);
}

static int idx_fail(lx_xdb *db, const char *what)
{
	fprintf(stderr, "lexcn index: %s: %s\n", what, lx_xdb_error(db));
	return LX_EXIT_INDEX;
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
	const lx_cite *c;
	size_t n = lx_doc_cites(d, &c);
	for (size_t i = 0; f && i < n; i++) {
		fprintf(f, "%s\t%s\t%d", c[i].from, c[i].text, c[i].resolved);
		for (size_t t = 0; t < c[i].n_targets; t++)
			fprintf(f, "\t%s#%s", c[i].targets[t].doc,
			        c[i].targets[t].eid ? c[i].targets[t].eid : "");
		fputc('\n', f);
	}
	if (f)
		fclose(f);
	lx_index_hash(buf ? buf : "", buf ? len : 0, out);
	free(buf);
}

static char *digest_key(const char *file)
{
	char *k = lx_index_file_key(file); /* file:... */
	char *dk = k ? malloc(strlen(k) + 3) : NULL;
	if (dk)
		sprintf(dk, "cites:%s", k + 5);
	free(k);
	return dk;
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
	int rc = k ? lx_xdb_set_meta(db, k, digest) : LX_XDB_NOMEM;
	free(k);
	return rc;
}

/* --prune: the documents whose files are gone leave the index. */
static int prune_gone(lx_xdb *db, size_t *removed)
{
	int status = LX_EXIT_OK;
	keys known = {0};
	lx_xdb_meta_keys(db, "file:", collect, &known);
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
		if (lx_index_remove(db, path) ||
		    lx_xdb_set_meta(db, known.v[i], ""))
			status = idx_fail(db, path);
		else
			(*removed)++;
		free(path);
	}
	for (size_t i = 0; i < known.n; i++)
		free(known.v[i]);
	free(known.v);
	return status;
}

/* A progress bar on stderr (a terminal): what [=====>    ] 45% k/n. */
static void progress(const char *what, size_t k, size_t n)
{
	char bar[31];
	size_t w = n ? k * 30 / n : 30;
	for (size_t i = 0; i < 30; i++)
		bar[i] = i < w ? '=' : i == w ? '>' : ' ';
	bar[30] = '\0';
	fprintf(stderr, "\r%-9s [%s] %3zu%% %zu/%zu ", what, bar,
	        n ? k * 100 / n : 100, k, n);
}

/* The documents of a run, indexed by one or more workers. */
typedef struct job {
	lx_doc *const *docs;
	const size_t *of_doc; /* doc -> file */
	size_t nd;
	const keys *files;
	char **hashes;
	const bool *changed, *newest;
	lx_xdb **dbs; /* the shards */
	size_t ns, batch;
	bool tty;
	atomic_size_t next; /* the next document to take */
	atomic_bool failed;
} job;

typedef struct worker {
	job *j;
	lx_xdb *db; /* its own database, or NULL: the shard of the title */
	lx_tokenizer *tk;
	size_t added, relinked, done;
	int status;
} worker;

/* Indexes document k (or skips it: unchanged, citations as stored). */
static int index_one(worker *w, size_t k)
{
	job *j = w->j;
	size_t i = j->of_doc[k];
	lx_doc *d = j->docs[k];
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
	for (size_t q = 0; !w->db && q < j->ns; q++)
		if (q != sh && lx_index_remove(j->dbs[q], file))
			return idx_fail(j->dbs[q], file);
	/* The value: hash, tab, path (keys of long paths are hashed). */
	char *hv = malloc(strlen(file) + 20);
	if (!hv)
		return LX_EXIT_INTERNAL;
	sprintf(hv, "%s\t%s", j->hashes[i], file);
	int rc = lx_index_add(db, w->tk, d, file, hv, j->newest[k]) ||
	         store_digest(db, file, digest);
	free(hv);
	if (rc)
		return idx_fail(db, file);
	if (j->changed[i])
		w->added++;
	else
		w->relinked++;
	if (++w->done % j->batch == 0)
		for (size_t q = 0; q < (w->db ? 1 : j->ns); q++) {
			lx_xdb *c = w->db ? w->db : j->dbs[q];
			if (lx_xdb_commit(c))
				return idx_fail(c, "commit");
		}
	return 0;
}

static void *work(void *arg)
{
	worker *w = arg;
	job *j = w->j;
	while (!atomic_load(&j->failed)) {
		size_t k = atomic_fetch_add(&j->next, 1);
		if (k >= j->nd)
			break;
		w->status = index_one(w, k);
		if (w->status) {
			atomic_store(&j->failed, true);
			break;
		}
		if (j->tty && k % 16 == 0)
			progress("indexing", k + 1, j->nd);
	}
	return NULL;
}

int cmd_index(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"prune", no_argument, NULL, 'p'},
		{"shards", required_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	const char *dbpath = NULL;
	bool prune = false;
	long nshards = 0;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:ps:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dbpath = optarg; break;
		case 'p': prune = true; break;
		case 's':
			nshards = strtol(optarg, NULL, 10);
			if (nshards < 1 || nshards > 64) {
				fprintf(stderr, "lexcn index: --shards takes 1 to "
				                "64\n");
				return LX_EXIT_USAGE;
			}
			break;
		case 'h': help(stdout); return LX_EXIT_OK;
		default: help(stderr); return LX_EXIT_USAGE;
		}
	}
	if (!dbpath || (optind >= argc && !prune)) {
		fprintf(stderr, "lexcn index: give --db DIR and files or "
		                "directories\n");
		return LX_EXIT_USAGE;
	}
	/* The files, by absolute path (the key of incremental runs). */
	keys files = {0};
	int status = LX_EXIT_OK;
	for (int i = optind; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st)) {
			fprintf(stderr, "lexcn index: %s: no such file or "
			                "directory\n",
			        argv[i]);
			status = LX_EXIT_INPUT;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			lx_files fl;
			if (lx_files_collect(&fl, argv[i]) == 0) {
				for (size_t k = 0; k < fl.n; k++) {
					char *rp = realpath(fl.path[k], NULL);
					if (rp) {
						collect(&files, rp);
						free(rp);
					}
				}
				lx_files_free(&fl);
			}
		} else {
			char *rp = realpath(argv[i], NULL);
			if (rp) {
				collect(&files, rp);
				free(rp);
			}
		}
	}
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
		if (lx_xdb_open(&dbs[k], p, 1)) {
			int rc = idx_fail(dbs[k], p);
			for (size_t q = 0; q <= k; q++)
				lx_xdb_close(dbs[q]);
			return rc;
		}
	}
	if (nshards) {
		FILE *sf = fopen(stub, "w");
		for (size_t k = 0; sf && k < ns; k++)
			fprintf(sf, "auto shard-%zu\n", k);
		if (!sf || fclose(sf)) {
			fprintf(stderr, "lexcn index: %s: cannot write\n", stub);
			for (size_t q = 0; q < ns; q++)
				lx_xdb_close(dbs[q]);
			return LX_EXIT_INDEX;
		}
	}
	/* With the lock: what a killed run's other writers left goes. */
	for (size_t t = 1; ns == 1 && t < 4; t++) {
		char part[4200];
		snprintf(part, sizeof(part), "%s.part-%zu", dbpath, t);
		lx_xdb_remove(part);
	}
	lx_error err = {0};
	lx_grammars *g = NULL;
	lx_tokenizer *tk = NULL;
	if (lx_grammars_builtin(&g, &err) || lx_tokenizer_new(&tk, true, &err)) {
		fprintf(stderr, "lexcn index: %s\n", err.msg);
		for (size_t q = 0; q < ns; q++)
			lx_xdb_close(dbs[q]);
		lx_grammars_free(g);
		return LX_EXIT_INTERNAL;
	}
	bool tty = isatty(2);
	/* Files per commit (LEXCN_INDEX_BATCH: tests use small batches).
	 * Small batches are faster as well as safer: Xapian's pending
	 * changes are a map per term, whose inserts slow as it grows (the
	 * corpus with 2 writers: 71.7 s with 200 files per commit, 55.9 s
	 * with 20, 56.3 s with 10, which fsyncs twice as often). */
	size_t batch = 20;
	if (getenv("LEXCN_INDEX_BATCH") && atol(getenv("LEXCN_INDEX_BATCH")) > 0)
		batch = (size_t)atol(getenv("LEXCN_INDEX_BATCH"));
	size_t added = 0, skipped = 0, removed = 0, failed = 0, relinked = 0;
	/* Which files changed (the others of the arguments are skipped). */
	char **hashes = calloc(files.n + 1, sizeof(char *));
	bool *changed = calloc(files.n + 1, sizeof(bool));
	size_t nargs = files.n, nchanged = 0;
	for (size_t i = 0; hashes && changed && i < nargs; i++) {
		char h[17];
		if (!file_hash(files.v[i], h)) {
			fprintf(stderr, "lexcn index: %s: cannot read\n",
			        files.v[i]);
			failed++;
			continue;
		}
		const char *old = stored_hash(dbs, ns, files.v[i]);
		hashes[i] = strdup(h);
		changed[i] = !old || strncmp(old, h, 16) || old[16] != '\t';
		nchanged += changed[i];
		skipped += !changed[i];
	}
	for (size_t q = 0; prune && q < ns && status != LX_EXIT_INDEX; q++) {
		int rc = prune_gone(dbs[q], &removed);
		if (rc)
			status = rc;
	}
	/* When anything changed, every document indexed before whose file is
	 * still as it was joins the set too, so that citations resolve
	 * against everything indexed, both ways. */
	if ((nchanged || removed) && hashes && changed)
		for (size_t q = 0; q < ns; q++) {
			keys known = {0};
			lx_xdb_meta_keys(dbs[q], "file:", collect, &known);
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
		status = LX_EXIT_INTERNAL;
	}
	for (size_t i = nargs; nh && nc && i < files.n; i++) {
		char h[17];
		hashes[i] = file_hash(files.v[i], h) ? strdup(h) : NULL;
		changed[i] = false;
	}
	/* Parse into one set: changed files, and the others when they are
	 * needed for citations. */
	lx_set *set = NULL;
	size_t *of_doc = calloc(files.n + 1, sizeof(size_t)); /* doc -> file */
	size_t nd = 0;
	lx_set_new(&set);
	for (size_t i = 0; set && of_doc && nh && nc && i < files.n; i++) {
		if (!hashes[i] || (!changed[i] && !nchanged && !removed))
			continue;
		lx_doc *d;
		int prc = lx_parse_file(&d, g, files.v[i], NULL, &err);
		if (prc == LX_OK && (prc = lx_cite_find(d, g, &err)) != LX_OK)
			lx_doc_free(d);
		if (prc) {
			fprintf(stderr, "lexcn index: %s\n", err.msg);
			failed++;
			free(hashes[i]);
			hashes[i] = NULL;
			continue;
		}
		if (lx_set_add(set, d)) {
			lx_doc_free(d);
			status = LX_EXIT_INTERNAL;
			break;
		}
		of_doc[nd++] = i;
		if (tty)
			progress("reading", i + 1, files.n);
	}
	if (set)
		lx_set_resolve(set);
	lx_doc *const *docs = NULL;
	if (set)
		lx_set_docs(set, &docs);
	/* Which are current, as far as this run knows: marking them at once
	 * spares rewriting them when lx_index_mark_current agrees. */
	bool *newest = calloc(nd + 1, sizeof(bool));
	if (!newest || lx_index_newest(docs, nd, newest))
		status = LX_EXIT_INTERNAL;
	job j = {.docs = docs, .of_doc = of_doc, .nd = nd, .files = &files,
	         .hashes = hashes, .changed = changed, .newest = newest,
	         .dbs = dbs, .ns = ns, .batch = batch, .tty = tty};
	atomic_init(&j.next, 0);
	atomic_init(&j.failed, false);
	/* A fresh index of many documents: one writer per core (at most 4),
	 * the others into DIR.part-K, merged into DIR when all are done (the
	 * merge is the compaction).  An interrupted run leaves DIR with what
	 * its own writer committed; the next run redoes the rest. */
	size_t nw = 1;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	if (getenv("LEXCN_INDEX_THREADS"))
		cores = atol(getenv("LEXCN_INDEX_THREADS"));
	if (status == LX_EXIT_OK && ns == 1 && lx_xdb_doccount(dbs[0]) == 0 &&
	    (nd >= 64 || getenv("LEXCN_INDEX_THREADS")))
		nw = cores < 1 ? 1 : cores > 4 ? 4 : (size_t)cores;
	if (nw > nd)
		nw = nd ? nd : 1;
	worker w[4] = {{0}};
	char parts[4][4200];
	for (size_t t = 0; t < nw && status == LX_EXIT_OK; t++) {
		w[t].j = &j;
		w[t].db = nw > 1 ? dbs[0] : NULL;
		w[t].tk = tk;
		if (t == 0)
			continue;
		snprintf(parts[t], sizeof(parts[t]), "%s.part-%zu", dbpath, t);
		if (lx_xdb_remove(parts[t]) || lx_xdb_open(&w[t].db, parts[t], 1) ||
		    lx_tokenizer_new(&w[t].tk, true, &err)) {
			fprintf(stderr, "lexcn index: %s: %s\n", parts[t],
			        w[t].db ? lx_xdb_error(w[t].db) : err.msg);
			status = LX_EXIT_INDEX;
		}
	}
	pthread_t th[4];
	size_t started = 0;
	for (size_t t = 1; t < nw && status == LX_EXIT_OK; t++, started++)
		if (pthread_create(&th[t], NULL, work, &w[t])) {
			status = LX_EXIT_INTERNAL;
			break;
		}
	if (status == LX_EXIT_OK)
		work(&w[0]);
	else
		atomic_store(&j.failed, true);
	for (size_t t = 1; t <= started; t++)
		pthread_join(th[t], NULL);
	for (size_t t = 0; t < nw; t++) {
		added += w[t].added;
		relinked += w[t].relinked;
		if (w[t].status && status == LX_EXIT_OK)
			status = w[t].status;
	}
	if (tty)
		fprintf(stderr, "\r%70s\r", "");
	/* Merge the parts into DIR. */
	const char *extra[4] = {NULL};
	for (size_t t = 1; t < nw; t++) {
		if (w[t].db && status == LX_EXIT_OK && lx_xdb_commit(w[t].db))
			status = idx_fail(w[t].db, parts[t]);
		lx_xdb_close(w[t].db);
		lx_tokenizer_free(w[t].tk);
		extra[t - 1] = parts[t];
	}
	bool merged = nw > 1;
	if (nw > 1 && status == LX_EXIT_OK) {
		const char *msg = NULL;
		if (tty)
			fprintf(stderr, "\rmerging %zu writers' work ...", nw);
		if (lx_xdb_commit(dbs[0]) ||
		    lx_xdb_compact(dbs[0], dbpath, extra, &msg)) {
			fprintf(stderr, "lexcn index: merging into %s: %s\n", dbpath,
			        msg ? msg : lx_xdb_error(dbs[0]));
			status = LX_EXIT_INDEX;
		}
		lx_xdb_close(dbs[0]);
		dbs[0] = NULL;
		if (status == LX_EXIT_OK && lx_xdb_open(&dbs[0], dbpath, 1))
			status = idx_fail(dbs[0], dbpath);
	}
	for (size_t t = 1; t < nw; t++)
		lx_xdb_remove(parts[t]);
	free(of_doc);
	free(changed);
	free(newest);
	long total = 0;
	for (size_t q = 0; q < ns && status != LX_EXIT_INDEX; q++) {
		if (lx_index_mark_current(dbs[q], tk) || lx_xdb_commit(dbs[q]))
			status = idx_fail(dbs[q], "commit");
		total += lx_xdb_doccount(dbs[q]);
	}
	if (tty)
		fputs("\r", stderr);
	fprintf(stderr,
	        "lexcn index: %zu files indexed, %zu unchanged, %zu removed, %zu "
	        "failed, %zu indexed again for their citations; %ld articles "
	        "in %s\n",
	        added, skipped, removed, failed, relinked, total, dbpath);
	if (failed && status == LX_EXIT_OK)
		status = LX_EXIT_INPUT;
	for (size_t i = 0; i < files.n; i++) {
		free(files.v[i]);
		if (hashes)
			free(hashes[i]);
	}
	free(files.v);
	free(hashes);
	lx_set_free(set);
	lx_tokenizer_free(tk);
	lx_grammars_free(g);
	/* Compact what changed: the tables of a fresh index are half
	 * empty. */
	for (size_t q = 0; (added || removed || relinked) && !merged && status != LX_EXIT_INDEX && q < ns;
	     q++) {
		char p[4200];
		if (nshards)
			snprintf(p, sizeof(p), "%s/shard-%zu", dbpath, q);
		else
			snprintf(p, sizeof(p), "%s", dbpath);
		const char *msg = NULL;
		if (tty)
			fprintf(stderr, "\rcompacting %s ...", p);
		if (lx_xdb_compact(dbs[q], p, NULL, &msg)) {
			fprintf(stderr, "lexcn index: compacting %s: %s\n", p, msg);
			status = LX_EXIT_INDEX;
		}
	}
	if (tty && (added || removed || relinked) && !merged)
		fprintf(stderr, "\r%70s\r", "");
	for (size_t q = 0; q < ns; q++)
		lx_xdb_close(dbs[q]);
	return status;
}
