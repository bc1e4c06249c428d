/*
 * cmd_parse.c: `lexcn parse`: files (or standard input) to an article tree.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static void help(FILE *out)
{
	fputs("usage: lexcn parse [--format json|jsonl|text|akn] [--grammar NAME|FILE]\n"
	      "                   [--quiet] [--as-of YYYY-MM-DD] [--output-dir DIR]\n"
	      "                   FILE|DIR...|-\n\n"
	      "Parses statutes and policy documents (PDF-extracted text, "
	      "Markdown, plain\ntext; UTF-8, UTF-16 with BOM or GB18030) into "
	      "an article tree of\n编/分编/章/节/条/款/项/目 with metadata.\n\n"
	      "  --format json   one document object, or an array for several "
	      "inputs (default)\n"
	      "  --format jsonl  one line per article: doc, title, jurisdiction, "
	      "eid, label,\n"
	      "                  heading path and the full article text\n"
	      "  --format text   an indented outline; diagnostics go to stderr\n"
	      "  --format akn    Akoma Ntoso 3.0 XML (schema/akn/akomantoso30.xsd), one\n"
	      "                  document: several inputs need --output-dir\n"
	      "  --output-dir DIR  akn: one file per document, DIR/NAME.akn.xml (NAME:\n"
	      "                  the input's file name without its extension)\n"
	      "  --grammar NAME  use a built-in grammar (statute, policy) "
	      "instead of choosing\n"
	      "                  automatically; FILE loads a grammar file "
	      "(see grammar/README.md)\n"
	      "  --quiet         text format: no diagnostics on stderr\n"
	      "  --as-of DATE    statuses as of DATE (YYYY-MM-DD; default today): 有效,\n"
	      "                  已被修改 (a later version given too), 失效 (expired, or\n"
	      "                  repealed by a document given), 尚未生效 (in force later)\n"
	      "  DIR             every .md .txt .docx .pdf .ofd .html below it\n"
	      "  -               read standard input\n\n"
	      "References between the documents given together are linked "
	      "(citations).\n"
	      "Files are read twice, a few documents in memory at a time "
	      "(a catalogue of what\nlinks need first); jsonl, which has "
	      "no links, once; - and akn keep every\ndocument in memory.\n"
	      "The JSON is described by schema/document.schema.json.  Exit "
	      "statuses: lexcn --help.\n",
	      out);
}

/* The file name of a document's AKN in dir: the input's name without its
 * extension, and ".akn.xml"; `dup` (> 0) when another input has the same
 * name.  malloc'd, NULL when out of memory. */
static char *akn_path(const char *dir, const lx_doc *d, size_t dup)
{
	const char *p = lx_doc_path(d);
	if (!p || !strcmp(p, "-"))
		p = "stdin";
	const char *b = strrchr(p, '/');
	b = b ? b + 1 : p;
	const char *dot = strrchr(b, '.');
	int n = dot && dot > b ? (int)(dot - b) : (int)strlen(b);
	char *out = NULL, num[32] = "";
	if (dup)
		snprintf(num, sizeof(num), "-%zu", dup);
	if (asprintf(&out, "%s/%.*s%s.akn.xml", dir, n, b, num) < 0)
		return NULL;
	return out;
}

typedef struct named {
	const char *name;
	size_t i;
} named;

static int cmp_named(const void *x, const void *y)
{
	const named *a = x, *b = y;
	int c = strcmp(a->name, b->name);
	return c ? c : (a->i > b->i) - (a->i < b->i);
}

/* Whether another document has the same file name (dup[i]: 0, or i + 1
 * to tell the files apart); malloc'd, NULL when out of memory. */
static size_t *akn_dups(lx_doc *const *dv, size_t nd)
{
	named *v = calloc(nd + 1, sizeof(*v));
	size_t *dup = calloc(nd + 1, sizeof(*dup));
	if (!v || !dup) {
		free(v);
		free(dup);
		return NULL;
	}
	for (size_t i = 0; i < nd; i++) {
		const char *p = lx_doc_path(dv[i]);
		const char *b = p ? strrchr(p, '/') : NULL;
		v[i].name = b ? b + 1 : p ? p : "";
		v[i].i = i;
	}
	/* Sorted by name, equal names are neighbours. */
	qsort(v, nd, sizeof(*v), cmp_named);
	for (size_t i = 0; i + 1 < nd; i++)
		if (!strcmp(v[i].name, v[i + 1].name)) {
			dup[v[i].i] = v[i].i + 1;
			dup[v[i + 1].i] = v[i + 1].i + 1;
		}
	free(v);
	return dup;
}

/* --format akn: one document to standard output, or each to a file of
 * outdir.  Several documents without outdir are a usage error (one XML
 * document per output). */
static int write_akn(const lx_set *set, lx_doc *const *dv, size_t nd,
                     const char *outdir)
{
	lx_error err = {0};
	if (!outdir) {
		if (nd > 1) {
			fprintf(stderr, "lexcn parse: --format akn writes one "
			                "document; %zu given: use --output-dir DIR\n",
			        nd);
			return LX_EXIT_USAGE;
		}
		if (nd && lx_render_akn(stdout, dv[0], set, &err)) {
			if (err.code == LX_ERR_IO)
				return lx_cli_write_failed("parse");
			fprintf(stderr, "lexcn parse: %s\n", err.msg);
			return LX_EXIT_INTERNAL;
		}
		return LX_EXIT_OK;
	}
	if (mkdir(outdir, 0777) && errno != EEXIST) {
		fprintf(stderr, "lexcn parse: %s: %s\n", outdir, strerror(errno));
		return LX_EXIT_INPUT;
	}
	size_t *dup = akn_dups(dv, nd);
	if (!dup) {
		fprintf(stderr, "lexcn parse: out of memory\n");
		return LX_EXIT_INTERNAL;
	}
	int status = LX_EXIT_OK;
	/* Each file is written under a temporary name and renamed when it
	 * is whole: a full disk or a failure leaves no half-written file. */
	for (size_t i = 0; i < nd && status == LX_EXIT_OK; i++) {
		char *path = akn_path(outdir, dv[i], dup[i]);
		char *tmp = path ? malloc(strlen(path) + 6) : NULL;
		if (tmp)
			sprintf(tmp, "%s.part", path);
		FILE *f = tmp ? fopen(tmp, "w") : NULL;
		if (!f) {
			fprintf(stderr, "lexcn parse: %s: %s\n",
			        tmp ? tmp : outdir,
			        tmp ? strerror(errno) : "out of memory");
			status = tmp ? LX_EXIT_INPUT : LX_EXIT_INTERNAL;
		} else {
			int rc = lx_render_akn(f, dv[i], set, &err);
			int e = errno;
			if (fclose(f) && !rc) {
				rc = LX_ERR_IO;
				e = errno;
			}
			if (!rc && rename(tmp, path)) {
				rc = LX_ERR_IO;
				e = errno;
			}
			if (rc) {
				fprintf(stderr, "lexcn parse: %s: %s%s%s\n", path,
				        rc == LX_ERR_IO ? "cannot write the output" : err.msg,
				        rc == LX_ERR_IO && e ? ": " : "",
				        rc == LX_ERR_IO && e ? strerror(e) : "");
				unlink(tmp);
				status = LX_EXIT_INTERNAL;
			}
		}
		free(tmp);
		free(path);
	}
	free(dup);
	return status;
}

/* ---- many files without holding them all ------------------------------
 *
 * Two passes over the files, each on a pool of threads, in input order:
 * the first parses each file, finds its citations and keeps in a
 * catalogue only what resolution across the files needs (lx_catalog),
 * then frees it; the second parses each file again, resolves it against
 * the catalogue, renders it into memory and frees it, and the main thread
 * writes the renderings in input order.  Memory is the catalogue and a
 * window of documents in flight, not every tree; the output is the one
 * lx_cli_load and lx_render give. */

/* Documents in flight at most (parsed or rendered, not yet taken).  A
 * window of 8 kept the workers waiting a third of the time behind one long
 * file (or a worker the system had paused): the main thread writes in
 * order, so the others stop when they are a window ahead of it. */
#define STREAM_WINDOW 64
/* Bytes of renderings waiting to be written at most: beyond, no new file
 * is claimed unless it is the one the main thread waits for (memory stays
 * bounded when many long documents come together). */
#define STREAM_HELD (32u << 20)

typedef struct job {
	lx_doc *doc;   /* pass 1: the parsed document */
	char *out;     /* pass 2: its rendering (malloc'd) */
	size_t len;
	int rc;        /* LX_OK, or the failure (err) */
	lx_error err;
	bool ready;
} job;

typedef struct stream {
	const lx_grammars *g;
	const lx_parse_opts *po;
	char **paths;
	size_t n;
	const lx_catalog *cat; /* pass 2: resolve and render; NULL: pass 1 */
	lx_catalog *namer;     /* one pass (jsonl): ids only (main thread) */
	lx_format fmt;
	pthread_mutex_t mu;
	/* Workers wait on room (a file taken, or stop), the main thread
	 * on done (the file it takes next is ready): each is woken only
	 * for what it waits for. */
	pthread_cond_t room, done;
	size_t next, taken; /* the next file to claim, files taken so far */
	size_t held;        /* bytes of renderings ready, not yet taken */
	bool stop;
	job ring[STREAM_WINDOW];
} stream;

/* Renders d into j->out; on failure j->rc and j->err say so (only memory
 * is written: out of memory). */
static void render_job(job *j, lx_doc *d, lx_format fmt)
{
	FILE *f = open_memstream(&j->out, &j->len);
	lx_doc *one[1] = {d};
	j->rc = f ? lx_render(f, one, 1, fmt, &j->err) : LX_ERR_NOMEM;
	if (f && fclose(f) && !j->rc)
		j->rc = LX_ERR_NOMEM;
	if (j->rc) {
		j->rc = j->err.code = LX_ERR_NOMEM;
		snprintf(j->err.msg, sizeof(j->err.msg), "out of memory");
		free(j->out);
		j->out = NULL;
		j->len = 0;
	}
}

/* One file of either pass, in a worker thread. */
static void run_job(stream *s, size_t i, job *j)
{
	lx_doc *d = NULL;
	*j = (job){0};
	/* The citations of a document, unless the output has no use for
	 * them (one pass: JSONL). */
	j->rc = lx_cli_parse_doc(s->g, s->paths[i], s->po, !s->namer, &d,
	                         &j->err);
	if (s->namer) {
		/* Rendered under the id it has alone; the main thread gives
		 * it its id in the set, in order, and renders it again in the
		 * rare case that changes it (a second document of one id).
		 * Waiting here for the file before to be named kept a worker
		 * idle while the other parsed a long file. */
		if (!j->rc)
			render_job(j, d, s->fmt);
		if (j->rc)
			lx_doc_free(d);
		else
			j->doc = d;
		return;
	} else if (!s->cat) {
		j->doc = d; /* pass 1: the main thread catalogues it */
		return;
	} else if (!j->rc && (j->rc = lx_catalog_resolve(s->cat, i, d))) {
		j->err.code = j->rc;
		snprintf(j->err.msg, sizeof(j->err.msg), "%s: %s", s->paths[i],
		         j->rc == LX_ERR_NOMEM
		                 ? "out of memory"
		                 : "not the document read a moment ago (the "
		                   "file changed while lexcn read it)");
	}
	if (!j->rc)
		render_job(j, d, s->fmt);
	lx_doc_free(d);
}

static void *worker(void *arg)
{
	stream *s = arg;
	pthread_mutex_lock(&s->mu);
	for (;;) {
		/* At most a window ahead of the main thread. */
		while (!s->stop && s->next < s->n &&
		       (s->next >= s->taken + STREAM_WINDOW ||
		        (s->held > STREAM_HELD && s->next > s->taken)))
			pthread_cond_wait(&s->room, &s->mu);
		if (s->stop || s->next >= s->n)
			break;
		size_t i = s->next++;
		pthread_mutex_unlock(&s->mu);
		job j;
		run_job(s, i, &j);
		pthread_mutex_lock(&s->mu);
		j.ready = true;
		s->held += j.len;
		s->ring[i % STREAM_WINDOW] = j;
		if (i == s->taken)
			pthread_cond_signal(&s->done);
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

/* The result for file i, in order; the worker may go on. */
static job take(stream *s, size_t i)
{
	pthread_mutex_lock(&s->mu);
	job *r = &s->ring[i % STREAM_WINDOW];
	while (!r->ready)
		pthread_cond_wait(&s->done, &s->mu);
	job j = *r;
	r->ready = false;
	s->held -= j.len;
	s->taken = i + 1;
	pthread_cond_broadcast(&s->room);
	pthread_mutex_unlock(&s->mu);
	return j;
}

/* Threads for the pool: one per core, at most 8. */
static size_t pool_size(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 8 ? 8 : (size_t)n;
}

/* Runs a pass: consume(ctx, i, job) for every file, in order; a false
 * return stops the pass.  The threads are joined before it returns;
 * results not consumed are freed.  false when no thread started. */
static bool run_pass(stream *s, bool (*consume)(void *, size_t, job *),
                     void *ctx)
{
	pthread_t th[8];
	size_t nt = 0, want = pool_size();
	s->next = s->taken = s->held = 0;
	s->stop = false;
	memset(s->ring, 0, sizeof(s->ring));
	while (nt < want && !pthread_create(&th[nt], NULL, worker, s))
		nt++;
	if (!nt)
		return false;
	for (size_t i = 0; i < s->n; i++) {
		job j = take(s, i);
		if (!consume(ctx, i, &j)) {
			pthread_mutex_lock(&s->mu);
			s->stop = true;
			pthread_cond_broadcast(&s->room);
			pthread_mutex_unlock(&s->mu);
			break;
		}
	}
	for (size_t t = 0; t < nt; t++)
		pthread_join(th[t], NULL);
	for (size_t k = 0; k < STREAM_WINDOW; k++)
		if (s->ring[k].ready) {
			lx_doc_free(s->ring[k].doc);
			free(s->ring[k].out);
		}
	return true;
}

typedef struct pass1 {
	lx_catalog *cat;
	bool diags;
	int *status;
	lx_files *ok; /* the files parsed, in order */
	char **paths;
} pass1;

static bool consume1(void *ctx, size_t i, job *j)
{
	pass1 *p = ctx;
	if (j->rc) {
		lx_cli_fail("parse", p->status, j->rc, j->err.msg);
		return true;
	}
	if (p->diags)
		lx_cli_print_diags(j->doc);
	int rc = lx_catalog_add(p->cat, j->doc);
	lx_doc_free(j->doc);
	if (rc) {
		lx_cli_fail("parse", p->status, LX_ERR_NOMEM, "out of memory");
		return false;
	}
	p->ok->path[p->ok->n++] = p->paths[i];
	return true;
}

typedef struct pass2 {
	lx_format fmt;
	lx_catalog *namer; /* one pass: names each document, in order */
	size_t n;       /* documents to write */
	int *status;
	size_t written; /* documents written */
	bool write_failed;
} pass2;

/* Writes len bytes of s, each newline followed by a space: a document's
 * JSON as a member of the array lx_render writes for several (one level
 * deeper; strings of JSON hold no raw newline). */
static void put_indented(const char *s, size_t len)
{
	for (const char *e = s + len; s < e;) {
		const char *nl = memchr(s, '\n', (size_t)(e - s));
		size_t k = nl ? (size_t)(nl - s) + 1 : (size_t)(e - s);
		fwrite(s, 1, k, stdout);
		if (nl)
			fputc(' ', stdout);
		s += k;
	}
}

static bool consume2(void *ctx, size_t i, job *j)
{
	pass2 *p = ctx;
	(void)i;
	if (!j->rc && p->namer) {
		/* Its id in the set (in input order); rendered again when
		 * that is not the id it was rendered with. */
		const char *id = lx_doc_id(j->doc);
		int rc = lx_catalog_name(p->namer, j->doc);
		if (!rc && lx_doc_id(j->doc) != id) {
			free(j->out);
			render_job(j, j->doc, p->fmt);
		} else if (rc) {
			j->rc = rc;
			snprintf(j->err.msg, sizeof(j->err.msg), "out of memory");
		}
	}
	lx_doc_free(j->doc);
	j->doc = NULL;
	if (j->rc) {
		free(j->out);
		lx_cli_fail("parse", p->status, j->rc, j->err.msg);
		return j->rc != LX_ERR_NOMEM;
	}
	if (p->fmt == LX_FMT_JSON && p->n > 1) {
		/* lx_render's array: "[", members indented by one, "]"
		 * (closed by end_pass2). */
		fputs(p->written ? ",\n " : "[\n ", stdout);
		/* Without the newline that ends a document's JSON. */
		put_indented(j->out, j->len && j->out[j->len - 1] == '\n'
		                             ? j->len - 1 : j->len);
	} else {
		if (p->fmt == LX_FMT_TEXT && p->written)
			fputc('\n', stdout);
		fwrite(j->out, 1, j->len, stdout);
	}
	p->written++;
	free(j->out);
	if (ferror(stdout)) {
		p->write_failed = true;
		return false;
	}
	return true;
}

/* The end of the output: the JSON array closed, even when a document
 * failed in the second pass; the exit status. */
static int end_pass2(const pass2 *p, int status)
{
	if (!p->write_failed && p->fmt == LX_FMT_JSON && p->n > 1 &&
	    p->written)
		fputs("\n]\n", stdout);
	return p->write_failed ? lx_cli_write_failed("parse") : status;
}

/* Pass 2 over the n documents of s: each parsed, linked, written in
 * order; the output closed.  The exit status. */
static int run_pass2(stream *s, lx_format fmt, size_t n, int status)
{
	pass2 p2 = {fmt, s->namer, n, &status, 0, false};
	if (!run_pass(s, consume2, &p2)) {
		fprintf(stderr, "lexcn parse: cannot start a thread\n");
		return LX_EXIT_INTERNAL;
	}
	return end_pass2(&p2, status);
}

/* lexcn parse of files and directories (not -), json, jsonl or text:
 * the two passes.  Returns the exit status. */
static int parse_streaming(const lx_grammars *g, char **argv, int argc,
                           const lx_parse_opts *po, lx_format fmt,
                           bool diags, const char *as_of)
{
	lx_files files, ok = {0};
	int status = lx_cli_expand("parse", argv, argc, &files);
	lx_catalog *cat = NULL;
	stream *s = calloc(1, sizeof(*s));
	ok.path = calloc(files.n + 1, sizeof(char *));
	if (!s || !ok.path || lx_catalog_new(&cat) ||
	    lx_catalog_as_of(cat, as_of)) {
		fprintf(stderr, "lexcn parse: out of memory\n");
		status = LX_EXIT_INTERNAL;
		goto done;
	}
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->room, NULL);
	pthread_cond_init(&s->done, NULL);
	/* Jansson seeds its hash tables on their first use: seeded here,
	 * before the threads render, nothing is left to race on. */
	json_object_seed(0);
	s->g = g;
	s->po = po;
	s->paths = files.path;
	s->n = files.n;
	s->fmt = fmt;
	pass1 p1 = {cat, diags, &status, &ok, files.path};
	if (fmt == LX_FMT_JSONL) {
		/* JSONL carries neither links nor statuses: only the ids of
		 * the set, given in input order; one pass. */
		s->namer = cat;
		status = run_pass2(s, fmt, files.n, status);
	} else if (!run_pass(s, consume1, &p1)) {
		fprintf(stderr, "lexcn parse: cannot start a thread\n");
		status = LX_EXIT_INTERNAL;
	} else if (lx_catalog_finish(cat)) {
		fprintf(stderr, "lexcn parse: out of memory\n");
		status = LX_EXIT_INTERNAL;
	} else {
		s->cat = cat;
		s->paths = ok.path;
		s->n = ok.n;
		status = run_pass2(s, fmt, ok.n, status);
	}
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->room);
	pthread_cond_destroy(&s->done);
done:
	free(s);
	free(ok.path); /* its strings are files' */
	lx_files_free(&files);
	lx_catalog_free(cat);
	return status;
}

int cmd_parse(int argc, char **argv)
{
	static const struct option opts[] = {
		LX_CLI_OPT_FORMAT,
		LX_CLI_OPT_GRAMMAR,
		{"quiet", no_argument, NULL, 'q'},
		{"as-of", required_argument, NULL, 'a'},
		{"output-dir", required_argument, NULL, 'o'},
		LX_CLI_OPT_HELP,
		{NULL, 0, NULL, 0}};
	lx_format fmt = LX_FMT_JSON;
	const char *grammar = NULL, *as_of = NULL, *outdir = NULL;
	bool quiet = false, akn = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:g:qa:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f': {
			static const char *const names[] = {"json", "jsonl",
			                                    "text", "akn", NULL};
			static const lx_format fmts[] = {
				LX_FMT_JSON, LX_FMT_JSONL, LX_FMT_TEXT,
				LX_FMT_JSON};
			int k = lx_cli_format("parse", optarg, names);
			if (k < 0)
				return LX_EXIT_USAGE;
			fmt = fmts[k];
			akn = k == 3;
			break;
		}
		case 'o':
			outdir = optarg;
			break;
		case 'g':
			grammar = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		case 'a':
			as_of = optarg;
			break;
		case 'h':
			help(stdout);
			return LX_EXIT_OK;
		default:
			help(stderr);
			return LX_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "lexcn parse: no input (give files, or - for "
		                "standard input)\n");
		return LX_EXIT_USAGE;
	}
	if (outdir && !akn) {
		fprintf(stderr, "lexcn parse: --output-dir is for --format akn\n");
		return LX_EXIT_USAGE;
	}
	/* A bad date is a usage error, before any input is read. */
	if (lx_cli_check_as_of("parse", as_of))
		return LX_EXIT_USAGE;
	lx_error err = {0};
	lx_grammars *set = NULL;
	int rc = lx_cli_builtin("parse", &set);
	if (rc)
		return rc;
	lx_parse_opts po = {0};
	if (grammar && (rc = lx_cli_grammar("parse", set, grammar, &po))) {
		lx_grammars_free(set);
		return rc;
	}
	/* Files and directories, not akn (which links to the files of the
	 * set) nor standard input (read once): two passes, without holding
	 * every document. */
	bool stdin_given = false;
	for (int i = optind; i < argc; i++)
		stdin_given |= !strcmp(argv[i], "-");
	if (!akn && !stdin_given) {
		int st = parse_streaming(set, argv + optind, argc - optind, &po,
		                         fmt, fmt == LX_FMT_TEXT && !quiet, as_of);
		lx_grammars_free(set);
		return st;
	}
	lx_set *docs;
	int status = lx_cli_load("parse", set, argv + optind, argc - optind,
	                         &po, fmt == LX_FMT_TEXT && !quiet, &docs);
	/* The statuses as of that date (lx_set_resolve gave today's). */
	if (as_of && lx_set_as_of(docs, as_of) && status == LX_EXIT_OK) {
		fprintf(stderr, "lexcn parse: out of memory\n");
		status = LX_EXIT_INTERNAL;
	}
	lx_doc *const *dv;
	size_t nd = lx_set_docs(docs, &dv);
	if (akn) {
		int st = write_akn(docs, dv, nd, outdir);
		if (st && (status == LX_EXIT_OK || st == LX_EXIT_USAGE))
			status = st;
	} else if (nd && lx_render(stdout, dv, nd, fmt, &err)) {
		if (err.code == LX_ERR_IO)
			lx_cli_write_failed("parse");
		else
			fprintf(stderr, "lexcn parse: %s\n", err.msg);
		status = LX_EXIT_INTERNAL;
	}
	lx_set_free(docs);
	lx_grammars_free(set);
	return status;
}
