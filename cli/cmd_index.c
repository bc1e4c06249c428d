/*
 * cmd_index.c: `lexcn index`: files and directories into an article index
 * (lx_index_build of liblexcn-index does the work): options, the progress
 * bar on a terminal, the failures and the summary line.
 */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sys/stat.h>

#include <lexcn/index.h>
#include <lexcn/versions.h>
#include "cli.h"

static void help(FILE *out)
{
	fputs("usage: lexcn index --db DIR [--prune] [--shards N] [--verbose] PATH...\n\n"
	      "Parses the files (directories: every document below them) and\n"
	      "indexes their articles.  A file whose content is unchanged since the\n"
	      "last run is skipped; a changed file replaces its articles.  Commits\n"
	      "every 20 files (LEXCN_INDEX_BATCH=N to change): a run that is\n"
	      "interrupted leaves a database that opens and answers, and the next\n"
	      "run completes the work.  Citations resolve against everything\n"
	      "indexed: when files change, the documents indexed before are read\n"
	      "again (those whose files are unchanged), and one whose citations\n"
	      "now resolve differently is indexed again.  A new index of many\n"
	      "files is written by one writer per core (at most 4;\n"
	      "LEXCN_INDEX_THREADS=N to change), merged at the end.\n"
	      "SIGINT or SIGTERM stops the run at the next batch boundary: what\n"
	      "is committed stays, the other writers' work is dropped, and the\n"
	      "exit status is 130 or 143 (a second signal stops it at once).\n"
	      "A full disk is exit 6, with the batches committed before it kept.\n\n"
	      "  --db DIR   the index (created when missing)\n"
	      "  --prune    remove the documents whose files are gone\n"
	      "  --shards N write N shards (DIR/shard-K) and a stub DIR/lexcn.stub\n"
	      "             (\"auto shard-K\" lines) that --db DIR opens; versions of\n"
	      "             one law share a shard.  A stub may also list remote\n"
	      "             shards: \"remote tcp HOST PORT\" (xapian-tcpsrv).\n"
	      "  --verbose  a line per committed batch (\"committed N of M\n"
	      "             documents\") and the time of each phase (\"reading\n"
	      "             done in S s\": reading, indexing, merging, compacting)\n",
	      out);
}

/* Prints each failure as "lexcn index: ...". */
static void report(void *ctx, const lx_error *e)
{
	(void)ctx;
	fprintf(stderr, "lexcn index: %s\n", e->msg);
}

typedef struct view {
	bool tty, verbose;
	const lx_build_stats *st;
	const char *db;
	atomic_int signal; /* SIGINT or SIGTERM received (the watcher) */
	sigset_t stops;     /* SIGINT, SIGTERM */
	/* The test hook LEXCN_INDEX_TEST_SIGNAL=SIG:N: the process sends
	 * itself SIG at the first document written after the Nth commit,
	 * that is while a batch is pending (tests/cli_test.sh). */
	int test_signal;
	size_t test_after, commits;
	/* --verbose: the time of each phase (reading, indexing, merging,
	 * compacting), from the start and since the last. */
	struct timespec t0, tlast;
	lx_build_step phase;
} view;

static double secs(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	       (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* --verbose: "lexcn index: PHASE done in X s (at Y s)" when a named
 * phase ends (at any other step: indexed, counted, compacted). */
static void phase_end(view *v, lx_build_step next)
{
	static const char *const names[] = {
		[LX_BUILD_READING] = "reading",
		[LX_BUILD_INDEXING] = "indexing",
		[LX_BUILD_MERGING] = "merging",
		[LX_BUILD_COMPACTING] = "compacting",
	};
	if (!v->verbose || next == v->phase)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	const char *n = (size_t)v->phase < sizeof(names) / sizeof(names[0])
	                        ? names[v->phase]
	                        : NULL;
	if (n)
		fprintf(stderr, "%slexcn index: %s done in %.2f s (at %.2f s)\n",
		        v->tty ? "\r" : "", n, secs(&v->tlast, &now),
		        secs(&v->t0, &now));
	v->tlast = now;
	v->phase = next;
}

/* The watcher thread: the other threads block SIGINT and SIGTERM; the
 * first one received asks the build to stop (lx_build_opts.stop), and
 * a second one, no longer blocked here, ends the process. */
static void *watch(void *arg)
{
	view *v = arg;
	int sig;
	if (sigwait(&v->stops, &sig) == 0) {
		atomic_store(&v->signal, sig);
		fprintf(stderr, "lexcn index: %s: stopping at the next batch "
		                "boundary\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
		pthread_sigmask(SIG_UNBLOCK, &v->stops, NULL);
		for (;;)
			pause();
	}
	return NULL;
}

static bool stop(void *ctx)
{
	view *v = ctx;
	return atomic_load(&v->signal) != 0;
}

/* LEXCN_INDEX_TEST_SIGNAL=KILL:N, TERM:N or INT:N (see view). */
static void test_hook(view *v)
{
	const char *h = getenv("LEXCN_INDEX_TEST_SIGNAL");
	if (!h)
		return;
	const char *colon = strchr(h, ':');
	size_t n = colon ? strtoul(colon + 1, NULL, 10) : 0;
	v->test_signal = !colon || !n                  ? 0
	                 : !strncmp(h, "KILL:", 5)     ? SIGKILL
	                 : !strncmp(h, "TERM:", 5)     ? SIGTERM
	                 : !strncmp(h, "INT:", 4)      ? SIGINT
	                                               : 0;
	v->test_after = n;
}

/* A progress bar on stderr (a terminal): what [=====>    ] 45% k/n. */
static void bar(const char *what, size_t k, size_t n)
{
	char b[31];
	size_t w = n ? k * 30 / n : 30;
	for (size_t i = 0; i < 30; i++)
		b[i] = i < w ? '=' : i == w ? '>' : ' ';
	b[30] = '\0';
	fprintf(stderr, "\r%-9s [%s] %3zu%% %zu/%zu ", what, b,
	        n ? k * 100 / n : 100, k, n);
}

static void progress(void *ctx, lx_build_step step, size_t done, size_t total,
                     const char *path)
{
	view *v = ctx;
	if (step != LX_BUILD_COMMITTED)
		phase_end(v, step);
	if (step == LX_BUILD_COMMITTED) {
		v->commits++;
		if (v->verbose)
			fprintf(stderr, "%slexcn index: committed %zu of %zu "
			                "documents\n", v->tty ? "\r" : "", done, total);
		return;
	}
	if (step == LX_BUILD_INDEXING && v->test_signal &&
	    v->commits >= v->test_after) {
		kill(getpid(), v->test_signal);
		v->test_signal = 0;
	}
	if (step == LX_BUILD_COUNTED) {
		const lx_build_stats *st = v->st;
		if (v->tty)
			fputs("\r", stderr);
		if (st->articles < 0) {
			fprintf(stderr, "lexcn index: stopped by the failure "
			                "above: %s holds what was committed "
			                "before it\n", v->db);
			return;
		}
		fprintf(stderr,
		        "lexcn index: %zu files indexed, %zu unchanged, %zu removed, "
		        "%zu failed, %zu indexed again for their citations (%zu "
		        "unchanged read again; %zu catalogued from the index), "
		        "%zu other entries skipped; %ld articles in %s\n",
		        st->added, st->unchanged, st->removed, st->failed,
		        st->relinked, st->reread, st->catalogued, st->skipped,
		        st->articles, v->db);
		return;
	}
	if (!v->tty)
		return;
	switch (step) {
	case LX_BUILD_READING: bar("reading", done, total); break;
	case LX_BUILD_INDEXING: bar("indexing", done, total); break;
	case LX_BUILD_INDEXED:
	case LX_BUILD_COMPACTED: fprintf(stderr, "\r%70s\r", ""); break;
	case LX_BUILD_MERGING:
		fprintf(stderr, "\rmerging %zu writers' work ...", total);
		break;
	case LX_BUILD_COMPACTING:
		fprintf(stderr, "\rcompacting %s ...", path);
		break;
	case LX_BUILD_COUNTED:
	case LX_BUILD_COMMITTED: break;
	}
}

typedef struct tfile {
	const char *title, *file;
} tfile;

static int cmp_tfile(const void *a, const void *b)
{
	const tfile *x = a, *y = b;
	int c = strcmp(x->title, y->title);
	return c ? c : strcmp(x->file, y->file);
}

/* The files of the works indexed in two versions or more (by title),
 * those of one title together and sorted, as malloc'd {title, file}
 * pairs (the strings malloc'd too); NULL on failure. */
static tfile *versioned_files(lx_index *ix, size_t *n)
{
	lx_results *r = NULL;
	lx_error err = {0};
	*n = 0;
	if (lx_index_documents(ix, &r, &err))
		return NULL;
	size_t len = lx_results_len(r), m = 0;
	tfile *t = malloc((len ? len : 1) * sizeof(*t));
	tfile *out = calloc(len + 1, sizeof(*out));
	for (size_t i = 0; t && i < len; i++) {
		const char *ti = lx_hit_title(r, i), *f = lx_hit_file(r, i);
		if (ti && f)
			t[m++] = (tfile){ti, f};
	}
	if (t && m)
		qsort(t, m, sizeof(*t), cmp_tfile);
	size_t k = 0;
	bool oom = !t || !out;
	for (size_t i = 0; !oom && i < m;) {
		size_t j = i, files = 0;
		for (; j < m && !strcmp(t[j].title, t[i].title); j++)
			files += j == i || strcmp(t[j].file, t[j - 1].file);
		for (size_t q = i; files > 1 && q < j && !oom; q++)
			if (q == i || strcmp(t[q].file, t[q - 1].file)) {
				out[k].title = strdup(t[q].title);
				out[k].file = strdup(t[q].file);
				oom = !out[k].title || !out[k].file;
				k++;
			}
		i = j;
	}
	free(t);
	lx_results_free(r);
	if (oom) {
		for (size_t i = 0; out && i < k; i++) {
			free((char *)out[i].title);
			free((char *)out[i].file);
		}
		free(out);
		return NULL;
	}
	*n = k;
	return out;
}

/* What the maps of one title are made from: its files and the hashes of
 * their contents as indexed ("file\thash\n" each); NULL without memory. */
static char *maps_source(lx_index *ix, const tfile *t, size_t n)
{
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += strlen(t[i].file) + 18;
	char *s = malloc(len), *p = s;
	for (size_t i = 0; s && i < n; i++) {
		char h[17];
		if (lx_index_file_hash(ix, t[i].file, h))
			snprintf(h, sizeof(h), "-");
		p += sprintf(p, "%s\t%s\n", t[i].file, h);
	}
	if (s)
		*p = '\0';
	return s;
}

/* The renumbering maps between the consecutive versions of the files
 * `files` (one title), read again; *maps counts those stored. */
static int maps_of(lx_index *ix, const lx_grammars *g, char **files, size_t nf,
                   size_t *maps)
{
	lx_set *set = NULL;
	size_t *order = NULL, *work = NULL;
	lx_error err = {0};
	lx_parse_opts po = {0};
	int rc = LX_EXIT_OK;
	lx_cli_load("index", g, files, (int)nf, &po, false, &set);
	if (lx_cli_works(set, &order, &work)) {
		lx_set_free(set);
		return LX_EXIT_INTERNAL;
	}
	lx_doc *const *docs;
	size_t n = lx_set_docs(set, &docs);
	for (size_t k = 1; k < n && !rc; k++) {
		if (work[k] != work[k - 1])
			continue;
		const lx_doc *a = docs[order[k - 1]], *b = docs[order[k]];
		/* Files of one version date are one version (a law in
		 * several files, a copy): no map between them. */
		if (lx_version_same(a, b))
			continue;
		lx_vmap *m;
		if (lx_vmap_from_docs(&m, a, b)) {
			rc = LX_EXIT_INTERNAL;
			break;
		}
		char *text = lx_vmap_text(m);
		if (!text || lx_index_put_map(ix, lx_doc_id(a), text, &err)) {
			fprintf(stderr, "lexcn index: %s\n",
			        text ? err.msg : "out of memory");
			rc = text ? lx_exit_status(err.code) : LX_EXIT_INTERNAL;
		} else
			(*maps)++;
		free(text);
		lx_vmap_free(m);
	}
	free(order);
	free(work);
	lx_set_free(set);
	return rc;
}

/* Renumbering maps between the consecutive versions of every work
 * indexed in two versions or more (their files read again, one title at
 * a time, so that memory follows the largest work, not the index),
 * stored in the index (lx_index_put_map).  A title whose files are as
 * they were when its maps were made (the stamp "maps\t<title>") is
 * skipped.  Not for a sharded index (a stub).  A work renamed between
 * versions has its maps only between the versions of one title. */
static int store_maps(const char *dbpath)
{
	char stub[4200];
	struct stat sb;
	snprintf(stub, sizeof(stub), "%s/lexcn.stub", dbpath);
	if (stat(stub, &sb) == 0 || (stat(dbpath, &sb) == 0 && !S_ISDIR(sb.st_mode)))
		return LX_EXIT_OK;
	lx_index *ix = NULL;
	lx_error err = {0};
	if (lx_index_open(&ix, dbpath, true, &err)) {
		fprintf(stderr, "lexcn index: %s: %s\n", dbpath, err.msg);
		return lx_exit_status(err.code);
	}
	size_t nf = 0;
	tfile *t = versioned_files(ix, &nf);
	lx_grammars *g = NULL;
	size_t maps = 0, kept = 0;
	int rc = LX_EXIT_OK;
	if (!t) {
		fprintf(stderr, "lexcn index: cannot list the versions for the "
		                "renumbering maps\n");
		rc = LX_EXIT_INTERNAL;
		goto out;
	}
	if (!nf || (rc = lx_cli_builtin("index", &g)))
		goto out;
	char **files = malloc(nf * sizeof(char *));
	if (!files) {
		rc = LX_EXIT_INTERNAL;
		goto out;
	}
	for (size_t i = 0; i < nf; i++)
		files[i] = (char *)t[i].file;
	for (size_t i = 0, j; i < nf && !rc; i = j) {
		for (j = i + 1; j < nf && !strcmp(t[j].title, t[i].title); j++)
			;
		char *name = malloc(strlen(t[i].title) + 6);
		char *src = maps_source(ix, t + i, j - i), *was = NULL;
		if (!name || !src) {
			free(name);
			free(src);
			rc = LX_EXIT_INTERNAL;
			break;
		}
		sprintf(name, "maps\t%s", t[i].title);
		if (lx_index_get_stamp(ix, name, &was, &err))
			rc = lx_exit_status(err.code);
		else if (was && !strcmp(was, src))
			kept++;
		else if (!(rc = maps_of(ix, g, files + i, j - i, &maps)) &&
		         lx_index_put_stamp(ix, name, src, &err)) {
			fprintf(stderr, "lexcn index: %s\n", err.msg);
			rc = lx_exit_status(err.code);
		}
		free(was);
		free(name);
		free(src);
	}
	free(files);
	if (!rc && lx_index_commit(ix, &err)) {
		fprintf(stderr, "lexcn index: %s\n", err.msg);
		rc = lx_exit_status(err.code);
	}
	if (!rc)
		fprintf(stderr, "lexcn index: %zu renumbering maps between "
		                "versions made, %zu works' maps as they were\n",
		        maps, kept);
out:
	lx_index_close(ix);
	lx_grammars_free(g);
	for (size_t i = 0; t && i < nf; i++) {
		free((char *)t[i].title);
		free((char *)t[i].file);
	}
	free(t);
	return rc;
}

int cmd_index(int argc, char **argv)
{
	static const struct option opts[] = {
		LX_CLI_OPT_DB,
		{"prune", no_argument, NULL, 'p'},
		{"shards", required_argument, NULL, 's'},
		{"verbose", no_argument, NULL, 'v'},
		LX_CLI_OPT_HELP,
		{NULL, 0, NULL, 0}};
	const char *dbpath = NULL;
	bool prune = false, verbose = false;
	long nshards = 0;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:ps:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dbpath = optarg; break;
		case 'v': verbose = true; break;
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
	lx_build_stats st;
	view v = {.tty = isatty(2), .verbose = verbose, .st = &st, .db = dbpath,
	          .phase = LX_BUILD_READING};
	clock_gettime(CLOCK_MONOTONIC, &v.t0);
	v.tlast = v.t0;
	atomic_init(&v.signal, 0);
	test_hook(&v);
	lx_build_opts o = {.prune = prune, .shards = (int)nshards,
	                   .report = report, .progress = progress,
	                   .stop = stop, .ctx = &v};
	/* LEXCN_INDEX_BATCH: files per commit (tests use small batches);
	 * LEXCN_INDEX_THREADS: the writers of a new index. */
	const char *b = getenv("LEXCN_INDEX_BATCH"), *t = getenv("LEXCN_INDEX_THREADS");
	if (b && atol(b) > 0)
		o.batch = (size_t)atol(b);
	if (t)
		o.threads = atol(t) < 1 ? 1 : atol(t) > 4 ? 4 : (int)atol(t);
	lx_error err;
	/* SIGINT and SIGTERM go to the watcher only (the writer threads
	 * inherit the mask). */
	sigset_t old;
	pthread_t watcher;
	sigemptyset(&v.stops);
	sigaddset(&v.stops, SIGINT);
	sigaddset(&v.stops, SIGTERM);
	bool watching = !pthread_sigmask(SIG_BLOCK, &v.stops, &old) &&
	                !pthread_create(&watcher, NULL, watch, &v);
	int rc = lx_index_build(dbpath, argv + optind, (size_t)(argc - optind),
	                        &o, &st, &err);
	if (watching) {
		pthread_cancel(watcher);
		pthread_join(watcher, NULL);
	}
	int sig = atomic_load(&v.signal);
	if (sig) {
		/* Stopped (or, when the signal came during the last steps,
		 * complete): the shell learns of the signal either way. */
		fprintf(stderr, "lexcn index: %s: %s; %ld articles committed "
		                "in %s%s\n", sig == SIGINT ? "SIGINT" : "SIGTERM",
		        rc == LX_ERR_INTERRUPTED ? "stopped at a batch boundary"
		        : rc == LX_OK            ? "the run was complete"
		                                 : err.msg,
		        st.articles, dbpath,
		        rc == LX_ERR_INTERRUPTED ? " (run again to complete it)" : "");
		return 128 + sig;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if ((rc == LX_OK || rc == LX_ERR_IO) &&
	    (st.added || st.removed || st.relinked)) {
		int mrc = store_maps(dbpath);
		if (mrc && rc == LX_OK)
			return mrc;
	}
	return lx_exit_status(rc);
}
