/*
 * cmd_index.c: `lexcn index`: files and directories into an article index
 * (lx_index_build of liblexcn-index does the work): options, the progress
 * bar on a terminal, the failures and the summary line.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lexcn/index.h>
#include "cli.h"

static void help(FILE *out)
{
	fputs("usage: lexcn index --db DIR [--prune] [--shards N] PATH...\n\n"
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
	      "LEXCN_INDEX_THREADS=N to change), merged at the end.\n\n"
	      "  --db DIR   the index (created when missing)\n"
	      "  --prune    remove the documents whose files are gone\n"
	      "  --shards N write N shards (DIR/shard-K) and a stub DIR/lexcn.stub\n"
	      "             (\"auto shard-K\" lines) that --db DIR opens; versions of\n"
	      "             one law share a shard.  A stub may also list remote\n"
	      "             shards: \"remote tcp HOST PORT\" (xapian-tcpsrv).\n",
	      out);
}

/* Prints each failure as "lexcn index: ...". */
static void report(void *ctx, const lx_error *e)
{
	(void)ctx;
	fprintf(stderr, "lexcn index: %s\n", e->msg);
}

typedef struct view {
	bool tty;
	const lx_build_stats *st;
	const char *db;
} view;

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
	if (step == LX_BUILD_COUNTED) {
		const lx_build_stats *st = v->st;
		if (v->tty)
			fputs("\r", stderr);
		fprintf(stderr,
		        "lexcn index: %zu files indexed, %zu unchanged, %zu removed, "
		        "%zu failed, %zu indexed again for their citations, %zu "
		        "other entries skipped; %ld articles in %s\n",
		        st->added, st->unchanged, st->removed, st->failed,
		        st->relinked, st->skipped, st->articles, v->db);
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
	case LX_BUILD_COUNTED: break;
	}
}

int cmd_index(int argc, char **argv)
{
	static const struct option opts[] = {
		LX_CLI_OPT_DB,
		{"prune", no_argument, NULL, 'p'},
		{"shards", required_argument, NULL, 's'},
		LX_CLI_OPT_HELP,
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
	lx_build_stats st;
	view v = {.tty = isatty(2), .st = &st, .db = dbpath};
	lx_build_opts o = {.prune = prune, .shards = (int)nshards,
	                   .report = report, .progress = progress, .ctx = &v};
	/* LEXCN_INDEX_BATCH: files per commit (tests use small batches);
	 * LEXCN_INDEX_THREADS: the writers of a new index. */
	const char *b = getenv("LEXCN_INDEX_BATCH"), *t = getenv("LEXCN_INDEX_THREADS");
	if (b && atol(b) > 0)
		o.batch = (size_t)atol(b);
	if (t)
		o.threads = atol(t) < 1 ? 1 : atol(t) > 4 ? 4 : (int)atol(t);
	lx_error err;
	int rc = lx_index_build(dbpath, argv + optind, (size_t)(argc - optind),
	                        &o, &st, &err);
	return lx_exit_status(rc);
}
