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
	fputs("usage: lexcn compare [--format text|json|html|csv] [--topic QUERY]\n"
	      "                     [--particular] [--width N] [--db DIR]\n"
	      "                     [--as-of YYYY-MM-DD] [--order DOC] DOC DOC...\n"
	      "       lexcn compare --db DIR --query QUERY [options]\n\n"
	      "Groups the corresponding provisions of two or more documents into\n"
	      "rows by their text, whatever their numbers (one column per document),\n"
	      "with the figures in them (percentages, money, time limits, counts)\n"
	      "normalised: 百分之四十以上 -> ≥40%, 最高120万元 -> ≤1,200,000 CNY.\n\n"
	      "DOCs are files, or with --db the ids of documents in an index (the\n"
	      "indexed files are read again).\n\n"
	      "  --query QUERY   with --db: the documents with a provision matching QUERY\n"
	      "                  (the language of lexcn search: 'title:物业管理条例\n"
	      "                  status:有效'; title: matches a part of a title), in\n"
	      "                  the order of their files; 2 to 64 of them\n"
	      "  --order DOC     rows in the order of DOC's articles (its place 1..N\n"
	      "                  among the documents, its id or file); default: the\n"
	      "                  first document\n"
	      "  --format text   rows, one line per provision, figures under it\n"
	      "  --format json   {documents, rows: [{cells, labels, topic, similarity,\n"
	      "                  particular, figures}]}, cells in the order of documents\n"
	      "  --format html   a printable page: figures per topic, then the rows\n"
	      "                  with the wording no other cell shares marked\n"
	      "  --format csv    RFC 4180: topic, one column per document (the\n"
	      "                  article's label), similarity, figures\n"
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
				const char *ae = a ? lx_node_get_eid(a) : NULL;
				size_t el = strlen(e);
				/* the article, or a paragraph of it split across rows */
				if (ae && (!strcmp(ae, e) ||
				           (!strncmp(ae, e, el) && !strncmp(ae + el, "__", 2))))
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

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files of the documents with a unit matching `query` in the index at
 * db, sorted, distinct: *files malloc'd (each and the array), *n of them.
 * 0 or an exit status, the message printed. */
static int query_files(const char *db, const char *query, char ***files,
                       size_t *n)
{
	*files = NULL;
	*n = 0;
	lx_index *ix = NULL;
	lx_tokenizer *tk = NULL;
	lx_results *res = NULL;
	lx_error err = {0};
	int rc = lx_cli_open_index("compare", db, &ix);
	if (rc)
		return rc;
	if (lx_tokenizer_new(&tk, true, &err)) {
		fprintf(stderr, "lexcn compare: %s\n", err.msg);
		lx_index_close(ix);
		return LX_EXIT_INTERNAL;
	}
	size_t cap = 0;
	char **v = NULL;
	lx_search_opts so = {.limit = LX_MAX_SEARCH_LIMIT};
	for (;; so.offset += LX_MAX_SEARCH_LIMIT) {
		lx_results_free(res);
		res = NULL;
		int sr = lx_search(ix, tk, query, &so, &res, &err);
		if (sr) {
			fprintf(stderr, "lexcn compare: --query: %s\n", err.msg);
			rc = sr == LX_ERR_USAGE ? LX_EXIT_USAGE : LX_EXIT_INTERNAL;
			goto out;
		}
		for (size_t h = 0; h < lx_results_len(res); h++) {
			const char *f = lx_hit_file(res, h);
			if (!f || (*n && !strcmp(v[*n - 1], f)))
				continue; /* a document's units come together mostly */
			if (*n == cap) {
				cap = cap ? 2 * cap : 16;
				char **w = realloc(v, cap * sizeof(*v));
				if (!w) {
					rc = LX_EXIT_INTERNAL;
					goto oom;
				}
				v = w;
			}
			if (!(v[*n] = strdup(f))) {
				rc = LX_EXIT_INTERNAL;
				goto oom;
			}
			++*n;
		}
		if (lx_results_len(res) < LX_MAX_SEARCH_LIMIT ||
		    so.offset + LX_MAX_SEARCH_LIMIT > LX_MAX_SEARCH_OFFSET)
			break;
	}
	if (*n)
		qsort(v, *n, sizeof(*v), cmp_str);
	size_t k = 0;
	for (size_t i = 0; i < *n; i++) {
		if (k && !strcmp(v[k - 1], v[i]))
			free(v[i]);
		else
			v[k++] = v[i];
	}
	*n = k;
	if (k < 2 || k > 64) {
		fprintf(stderr, "lexcn compare: --query '%s' finds %zu document%s in %s; "
		                "give 2 to 64 documents\n",
		        query, k, k == 1 ? "" : "s", db);
		rc = LX_EXIT_USAGE;
		goto out;
	}
	*files = v;
	v = NULL;
	goto out;
oom:
	fprintf(stderr, "lexcn compare: out of memory\n");
out:
	if (v) {
		for (size_t i = 0; i < *n; i++)
			free(v[i]);
		free(v);
		*n = 0;
	}
	lx_results_free(res);
	lx_tokenizer_free(tk);
	lx_index_close(ix);
	return rc;
}

/* The document --order names among docs[0..n): its place 1..n, its id or
 * its file.  n when none (the message printed). */
static size_t order_doc(lx_doc *const *docs, size_t n, const char *name)
{
	char *end;
	unsigned long k = strtoul(name, &end, 10);
	if (*name && !*end && k >= 1 && k <= n)
		return (size_t)k - 1;
	for (size_t d = 0; d < n; d++) {
		const char *id = lx_doc_id(docs[d]), *p = lx_doc_path(docs[d]);
		if ((id && !strcmp(id, name)) || (p && !strcmp(p, name)))
			return d;
	}
	fprintf(stderr, "lexcn compare: --order: no document '%s' among the %zu "
	                "compared (give 1 to %zu, an id or a file)\n",
	        name, n, n);
	return n;
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
	static const char *const formats[] = {"text", "json", "html", "csv", NULL};
	static const struct option opts[] = {
		LX_CLI_OPT_FORMAT,
		{"topic", required_argument, NULL, 't'},
		{"particular", no_argument, NULL, 'p'},
		{"width", required_argument, NULL, 'w'},
		LX_CLI_OPT_DB,
		{"as-of", required_argument, NULL, 'a'},
		{"query", required_argument, NULL, 'q'},
		{"order", required_argument, NULL, 'o'},
		LX_CLI_OPT_HELP,
		{NULL, 0, NULL, 0}};
	const char *format = "text", *topic = NULL, *db = NULL, *as_of = NULL,
	           *query = NULL, *order = NULL;
	bool particular = false;
	int width = 120, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:t:pw:d:a:q:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 't': topic = optarg; break;
		case 'p': particular = true; break;
		case 'w': width = atoi(optarg); break;
		case 'd': db = optarg; break;
		case 'a': as_of = optarg; break;
		case 'q': query = optarg; break;
		case 'o': order = optarg; break;
		case 'h': help(stdout); return LX_EXIT_OK;
		default: help(stderr); return LX_EXIT_USAGE;
		}
	}
	if (lx_cli_format("compare", format, formats) < 0 ||
	    lx_cli_check_as_of("compare", as_of))
		return LX_EXIT_USAGE;
	int n = argc - optind;
	char **found = NULL;
	size_t n_found = 0;
	if (query && (!db || n)) {
		fprintf(stderr, "lexcn compare: --query needs --db DIR and no DOC\n");
		return LX_EXIT_USAGE;
	}
	if (query) {
		int qr = query_files(db, query, &found, &n_found);
		if (qr)
			return qr;
		n = (int)n_found;
	} else if (n < 2 || n > 64) {
		fprintf(stderr, "lexcn compare: give 2 to 64 documents\n");
		return LX_EXIT_USAGE;
	}
	if (width < 40)
		width = 40;
	lx_grammars *g = NULL;
	lx_error err = {0};
	int rc = lx_cli_builtin("compare", &g);
	if (rc) {
		for (size_t i = 0; i < n_found; i++)
			free(found[i]);
		free(found);
		return rc;
	}
	lx_doc **docs = calloc((size_t)n, sizeof(lx_doc *));
	rc = docs ? 0 : LX_EXIT_INTERNAL;
	for (int i = 0; i < n && !rc; i++) {
		char *path = found ? strdup(found[i])
		             : db  ? lx_cli_db_file("compare", db, argv[optind + i])
		                   : strdup(argv[optind + i]);
		if (!path) {
			rc = db && !found ? LX_EXIT_INPUT : LX_EXIT_INTERNAL;
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
			        cr == LX_ERR_NOMEM   ? "out of memory"
			        : cr == LX_ERR_USAGE ? "LEXCN_COMPARE_METHOD: give combined or bigram"
			                             : "the figures grammar is missing");
			rc = lx_exit_status(cr);
		}
	}
	if (!rc && order) {
		size_t d = order_doc(docs, (size_t)n, order);
		if (d == (size_t)n)
			rc = LX_EXIT_USAGE;
		else if (lx_compare_order(cmp, d)) {
			fprintf(stderr, "lexcn compare: out of memory\n");
			rc = LX_EXIT_INTERNAL;
		}
	} else if (!rc && lx_compare_order(cmp, 0)) {
		fprintf(stderr, "lexcn compare: out of memory\n");
		rc = LX_EXIT_INTERNAL;
	}
	if (!rc && topic)
		rc = topic_filter(cmp, topic);
	if (!rc) {
		int r = !strcmp(format, "json")   ? lx_compare_json(stdout, cmp)
		        : !strcmp(format, "csv")  ? lx_compare_csv(stdout, cmp, particular)
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
	for (size_t i = 0; i < n_found; i++)
		free(found[i]);
	free(found);
	lx_grammars_free(g);
	return rc;
}
