/*
 * cmd_compare.c: `lexcn compare`: the same provision side by side across
 * documents, with the figures in it.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lexcn/compare.h>
#include <lexcn/index.h>
#include <lexcn/versions.h>
#include "cli.h"

static void help(FILE *out)
{
	fputs("usage: lexcn compare [--format text|json|html] [--topic QUERY]\n"
	      "                     [--particular] [--width N] [--db DIR]\n"
	      "                     [--as-of YYYY-MM-DD] DOC DOC...\n\n"
	      "Groups the corresponding provisions of two or more documents into\n"
	      "rows by their text, whatever their numbers (one column per document),\n"
	      "with the figures in them (percentages, money, time limits, counts)\n"
	      "normalised: 百分之四十以上 -> ≥40%, 最高120万元 -> ≤1,200,000 CNY.\n\n"
	      "DOCs are files, or with --db the ids of documents in an index (the\n"
	      "indexed files are read again).\n\n"
	      "  --format text   rows, one line per provision, figures under it\n"
	      "  --format json   {documents, rows: [{cells, labels, topic, similarity,\n"
	      "                  particular, figures}]}, cells in the order of documents\n"
	      "  --format html   a printable page: figures per topic, then the rows\n"
	      "                  with the wording no other cell shares marked\n"
	      "  --topic QUERY   only the rows with a provision matching QUERY (the\n"
	      "                  language of lexcn search: 政府采购 预留, \"逾期\" OR 拖欠)\n"
	      "  --particular    also list the provisions with no counterpart\n"
	      "  --width N       columns of the text output (default 120)\n"
	      "  --as-of DATE    of several versions of one law given, only the one in\n"
	      "                  force on DATE (effective date, else version date, <=\n"
	      "                  DATE < the next version's); the others are left out\n",
	      out);
}

/* Marks the rows whose provisions match `query`, through a temporary index
 * of the documents. */
static int topic_filter(lx_compare *c, const char *query)
{
	char dir[] = "/tmp/lexcn-compare-XXXXXX";
	if (!mkdtemp(dir)) {
		fprintf(stderr, "lexcn compare: cannot make a temporary directory\n");
		return LX_EXIT_INTERNAL;
	}
	int rc = LX_EXIT_INTERNAL;
	lx_index *db = NULL;
	lx_tokenizer *tk = NULL;
	lx_error err = {0};
	lx_results *res = NULL;
	if (lx_tokenizer_new(&tk, true, &err)) {
		fprintf(stderr, "lexcn compare: %s\n", err.msg);
		goto out;
	}
	if (lx_index_open(&db, dir, true, &err)) {
		fprintf(stderr, "lexcn compare: %s\n", err.msg);
		goto out;
	}
	for (size_t d = 0; d < lx_compare_doc_count(c); d++) {
		char key[32];
		snprintf(key, sizeof(key), "doc%zu", d);
		if (lx_index_add(db, tk, lx_compare_doc(c, d), key, "0", true, &err)) {
			fprintf(stderr, "lexcn compare: %s\n", err.msg);
			goto out;
		}
	}
	if (lx_index_commit(db, &err)) {
		fprintf(stderr, "lexcn compare: %s\n", err.msg);
		goto out;
	}
	for (size_t r = 0; r < lx_compare_row_count(c); r++)
		lx_compare_keep_row(c, r, false);
	/* Every hit, a page of LX_MAX_SEARCH_LIMIT at a time. */
	lx_search_opts so = {.limit = LX_MAX_SEARCH_LIMIT, .all_versions = true};
	for (;; so.offset += LX_MAX_SEARCH_LIMIT) {
		lx_results_free(res);
		res = NULL;
		int sr = lx_search(db, tk, query, &so, &res, &err);
		if (sr) {
			fprintf(stderr, "lexcn compare: --topic: %s\n", err.msg);
			rc = sr == LX_ERR_USAGE ? LX_EXIT_USAGE : LX_EXIT_INTERNAL;
			goto out;
		}
		/* each hit (file "docN", eid) keeps the row that holds it */
		for (size_t h = 0; h < lx_results_len(res); h++) {
			const char *f = lx_hit_file(res, h), *e = lx_hit_eid(res, h);
			size_t nd = lx_compare_doc_count(c);
			size_t d = f && !strncmp(f, "doc", 3) ? strtoul(f + 3, NULL, 10) : nd;
			for (size_t r = 0; e && d < nd && r < lx_compare_row_count(c); r++) {
				const lx_node *a = lx_compare_cell_article(c, r, d);
				if (a && !strcmp(lx_node_get_eid(a), e))
					lx_compare_keep_row(c, r, true);
			}
		}
		if (lx_results_len(res) < LX_MAX_SEARCH_LIMIT)
			break;
	}
	rc = 0;
out:
	lx_results_free(res);
	lx_index_close(db);
	lx_tokenizer_free(tk);
	lx_index_destroy(dir, NULL);
	return rc;
}

/* Keeps of each work among docs[0..*n) the version in force on as_of
 * (in their order), freeing the others, each named on stderr. */
static int in_force_only(lx_doc **docs, int *n, const char *as_of)
{
	size_t m = (size_t)*n, *order = malloc(m * sizeof(size_t)),
	       *work = malloc(m * sizeof(size_t));
	bool *keep = calloc(m, sizeof(bool));
	if (!order || !work || !keep || lx_works_order(docs, m, order, work)) {
		free(order);
		free(work);
		free(keep);
		fprintf(stderr, "lexcn compare: out of memory\n");
		return LX_EXIT_INTERNAL;
	}
	lx_doc **v = malloc(m * sizeof(*v));
	for (size_t a = 0; v && a < m;) {
		size_t b = a, nv = 0;
		while (b < m && work[b] == work[a])
			v[nv++] = docs[order[b++]];
		size_t k = lx_version_in_force(v, nv, as_of);
		if (k < nv)
			keep[order[a + k]] = true;
		for (size_t q = 0; q < nv; q++)
			if (q != k)
				fprintf(stderr, "lexcn compare: %s left out: %s on %s\n",
				        lx_doc_id(v[q]),
				        lx_version_status(v, nv, q, as_of), as_of);
		a = b;
	}
	int kept = 0;
	for (size_t i = 0; v && i < m; i++) {
		if (keep[i])
			docs[kept++] = docs[i];
		else
			lx_doc_free(docs[i]);
	}
	int rc = v ? LX_EXIT_OK : LX_EXIT_INTERNAL;
	if (v)
		*n = kept;
	free(v);
	free(order);
	free(work);
	free(keep);
	if (!rc && *n < 2) {
		fprintf(stderr, "lexcn compare: fewer than two documents in force "
		                "on %s\n", as_of);
		rc = LX_EXIT_USAGE;
	}
	return rc;
}

int cmd_compare(int argc, char **argv)
{
	static const char *const formats[] = {"text", "json", "html", NULL};
	static const struct option opts[] = {
		LX_CLI_OPT_FORMAT,
		{"topic", required_argument, NULL, 't'},
		{"particular", no_argument, NULL, 'p'},
		{"width", required_argument, NULL, 'w'},
		LX_CLI_OPT_DB,
		{"as-of", required_argument, NULL, 'a'},
		LX_CLI_OPT_HELP,
		{NULL, 0, NULL, 0}};
	const char *format = "text", *topic = NULL, *db = NULL, *as_of = NULL;
	bool particular = false;
	int width = 120, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:t:pw:d:a:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 't': topic = optarg; break;
		case 'p': particular = true; break;
		case 'w': width = atoi(optarg); break;
		case 'd': db = optarg; break;
		case 'a': as_of = optarg; break;
		case 'h': help(stdout); return LX_EXIT_OK;
		default: help(stderr); return LX_EXIT_USAGE;
		}
	}
	if (lx_cli_format("compare", format, formats) < 0 ||
	    lx_cli_check_as_of("compare", as_of))
		return LX_EXIT_USAGE;
	int n = argc - optind;
	if (n < 2 || n > 64) {
		fprintf(stderr, "lexcn compare: give 2 to 64 documents\n");
		return LX_EXIT_USAGE;
	}
	if (width < 40)
		width = 40;
	lx_grammars *g = NULL;
	lx_error err = {0};
	int rc = lx_cli_builtin("compare", &g);
	if (rc)
		return rc;
	lx_doc **docs = calloc((size_t)n, sizeof(lx_doc *));
	rc = docs ? 0 : LX_EXIT_INTERNAL;
	for (int i = 0; i < n && !rc; i++) {
		char *path = db ? lx_cli_db_file("compare", db, argv[optind + i])
		                : strdup(argv[optind + i]);
		if (!path) {
			rc = db ? LX_EXIT_INPUT : LX_EXIT_INTERNAL;
			break;
		}
		int pr = lx_parse_file(&docs[i], g, path, NULL, &err);
		if (pr) {
			fprintf(stderr, "lexcn compare: %s\n", err.msg);
			rc = lx_exit_status(pr);
		}
		free(path);
	}
	if (!rc && as_of)
		rc = in_force_only(docs, &n, as_of);
	lx_compare *cmp = NULL;
	if (!rc) {
		int cr = lx_compare_docs(&cmp, g, docs, (size_t)n);
		if (cr) {
			fprintf(stderr, "lexcn compare: %s\n",
			        cr == LX_ERR_NOMEM ? "out of memory" : "the figures grammar is missing");
			rc = lx_exit_status(cr);
		}
	}
	if (!rc && topic)
		rc = topic_filter(cmp, topic);
	if (!rc) {
		int r = !strcmp(format, "json")   ? lx_compare_json(stdout, cmp)
		        : !strcmp(format, "html") ? lx_compare_html(stdout, cmp, particular)
		                                  : lx_compare_text(stdout, cmp, particular, width);
		if (r == LX_ERR_NOMEM)
			fprintf(stderr, "lexcn compare: out of memory\n");
		else if (r)
			lx_cli_write_failed("compare");
		if (r)
			rc = LX_EXIT_INTERNAL;
	}
	lx_compare_free(cmp);
	for (int i = 0; docs && i < n; i++)
		lx_doc_free(docs[i]);
	free(docs);
	lx_grammars_free(g);
	return rc;
}
