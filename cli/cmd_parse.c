/*
 * cmd_parse.c: `lexcn parse`: files (or standard input) to an article tree.
 */
#include <errno.h>
#include <getopt.h>
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
	status = lx_cli_flush("parse", status);
	lx_set_free(docs);
	lx_grammars_free(set);
	return status;
}
