/*
 * cmd_search.c: `lexcn search`, `lexcn show` and `lexcn export`: reading an
 * article index.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../index/index.h"
#include "cli.h"

static void help(FILE *out)
{
	fputs("usage: lexcn search --db DIR|STUB [options] QUERY\n"
	      "       lexcn search --db DIR|STUB --batch FILE [options]\n\n"
	      "Finds articles.  The query language:\n"
	      "  百分之四十        a run of characters: matches only where they are\n"
	      "                    contiguous (any length, from one character)\n"
	      "  \"政府采购 预留\"   a quoted phrase (spaces inside are ignored)\n"
	      "  政府采购 预留     several parts: all must match (in any order)\n"
	      "  采购 OR 招标      either\n"
	      "  -草案             exclusion\n"
	      "  jurisdiction:北京市  type:地方性法规  status:有效  title:中小企业促进法\n"
	      "  doc:ID  version:2020-09-25  filters (title: the exact title, with or\n"
	      "                    without 中华人民共和国; version: the date of a\n"
	      "                    version, as in the document's id)\n"
	      "  effective:2020-01-01..2021-12-31  issued:..2019-12-31   date ranges\n"
	      "Matching is on normalised text: 條 finds 条, 第２３２條 finds 第232条;\n"
	      "a part that is one article label also finds the label written with\n"
	      "other numerals: 第二十八条 and 第28条 find each other.\n\n"
	      "options:\n"
	      "  --format text|json  hits with title, jurisdiction, label, heading path,\n"
	      "                      score and a snippet (highlights in colour on a\n"
	      "                      terminal; byte ranges in JSON)\n"
	      "  --limit N --offset N  a page of hits (default 10, 0)\n"
	      "  --count             only the exact number of matching articles\n"
	      "  --facets            counts per jurisdiction and type\n"
	      "  --all-versions      every version of a law (default: the current one)\n"
	      "  --sort relevance|effective|issued|article  the order of hits: by\n"
	      "                      relevance (default), the effective or issue date\n"
	      "                      (newest first, unknown dates last), or the article\n"
	      "                      number; ties by relevance\n"
	      "  --within paragraph|sentence  the parts must meet in one 款 (a line of\n"
	      "                      the article) or one sentence; checked in the\n"
	      "                      stored text of every match, so counts stay exact\n"
	      "                      (no facets with --within)\n"
	      "  --batch FILE        one query per line; one JSON line per query:\n"
	      "                      {query, count, hits, ms} (count exact with --count)\n"
	      "Limits: a query of at most 16 KB.\n",
	      out);
}

typedef struct sopts {
	const char *db, *batch;
	bool json, count, facets, all;
	int within;
	lx_sort sort;
	size_t limit, offset;
} sopts;

static int open_db(const char *cmd, const char *path, lx_xdb **db)
{
	if (lx_xdb_open(db, path, 0)) {
		fprintf(stderr, "lexcn %s: %s: %s\n", cmd, path, lx_xdb_error(*db));
		lx_xdb_close(*db);
		*db = NULL;
		return LX_EXIT_INDEX;
	}
	return LX_EXIT_OK;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int run(lx_xdb *db, lx_tokenizer *tk, const char *q, const sopts *o,
               bool batch_line)
{
	lx_search_opts so = {.limit = o->count ? 0 : o->limit,
	                     .offset = o->offset,
	                     .all_versions = o->all,
	                     .exact_count = true,
	                     .facets = o->facets,
	                     .within = o->within,
	                     .sort = o->sort};
	lx_search_result r;
	lx_error err = {0};
	double t0 = now_ms();
	int rc = lx_search(db, tk, q, &so, &r, &err);
	double ms = now_ms() - t0;
	if (rc) {
		if (batch_line) {
			json_t *e = json_pack("{s:s,s:s}", "query", q, "error",
			                      err.msg);
			json_dumpf(e, stdout, JSON_COMPACT);
			putchar('\n');
			json_decref(e);
		} else {
			fprintf(stderr, "lexcn search: %s\n", err.msg);
		}
		lx_search_result_free(&r);
		return rc == LX_ERR_USAGE ? LX_EXIT_USAGE : LX_EXIT_INDEX;
	}
	bool color = !o->json && !batch_line && isatty(1);
	json_t *hits = json_array();
	for (size_t i = 0; i < r.n_hits; i++) {
		json_error_t je;
		json_t *d = json_loadb(r.hits[i].json, r.hits[i].json_len, 0, &je);
		if (!d)
			continue;
		const char *text = json_string_value(json_object_get(d, "text"));
		lx_span_hl *hl;
		size_t nrg;
		char *sn = lx_snippet(tk, text ? text : "", r.literals,
		                      r.n_literals, &hl, &nrg);
		json_t *ranges = json_array();
		for (size_t k = 0; k < nrg; k++)
			json_array_append_new(ranges,
			                      json_pack("[II]", (json_int_t)hl[k].start,
			                                (json_int_t)hl[k].end));
		free(hl);
		if (o->json || batch_line) {
			json_t *h = json_pack(
				"{s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:f}", "doc",
				json_object_get(d, "doc"), "title",
				json_object_get(d, "title"), "jurisdiction",
				json_object_get(d, "jurisdiction"), "type",
				json_object_get(d, "type"), "status",
				json_object_get(d, "status"), "effective",
				json_object_get(d, "effective"), "version",
				json_object_get(d, "version"), "eid",
				json_object_get(d, "eid"), "label",
				json_object_get(d, "label"), "path",
				json_object_get(d, "path"), "score",
				r.hits[i].score);
			json_object_set_new(h, "snippet",
			                    json_string(sn ? sn : ""));
			json_object_set_new(h, "highlights", ranges);
			json_array_append_new(hits, h);
		} else {
			printf("%s · %s · %s", json_string_value(json_object_get(d, "title")),
			       json_string_value(json_object_get(d, "jurisdiction"))
			               ? json_string_value(json_object_get(
			                         d, "jurisdiction"))
			               : "?",
			       json_string_value(json_object_get(d, "label"))
			               ? json_string_value(json_object_get(d, "label"))
			               : json_string_value(json_object_get(d, "eid")));
			json_t *path = json_object_get(d, "path");
			for (size_t k = 0; k < json_array_size(path); k++)
				printf(" / %s", json_string_value(json_array_get(path, k)));
			printf("  (%.2f)\n    ", r.hits[i].score);
			size_t at = 0;
			for (size_t k = 0; k < json_array_size(ranges); k++) {
				json_t *rg = json_array_get(ranges, k);
				size_t s = (size_t)json_integer_value(json_array_get(rg, 0));
				size_t e = (size_t)json_integer_value(json_array_get(rg, 1));
				fwrite(sn + at, 1, s - at, stdout);
				fputs(color ? "\033[1;31m" : "[", stdout);
				fwrite(sn + s, 1, e - s, stdout);
				fputs(color ? "\033[0m" : "]", stdout);
				at = e;
			}
			if (sn)
				fputs(sn + at, stdout);
			putchar('\n');
			json_decref(ranges);
		}
		free(sn);
		json_decref(d);
	}
	if (batch_line) {
		json_t *l = json_pack("{s:s,s:I,s:O,s:f}", "query", q, "count",
		                      (json_int_t)r.count, "hits", hits, "ms", ms);
		json_dumpf(l, stdout, JSON_COMPACT);
		putchar('\n');
		json_decref(l);
	} else if (o->json) {
		json_t *out = json_pack("{s:s,s:I}", "query", q, "count",
		                        (json_int_t)r.count);
		if (!o->count)
			json_object_set(out, "hits", hits);
		if (o->facets) {
			json_t *f = json_object();
			const char *names[2] = {"jurisdiction", "type"};
			for (int k = 0; k < 2; k++) {
				json_t *m = json_object();
				const char *p = r.facets[k];
				while (p && *p) {
					const char *tab = strchr(p, '\t');
					const char *nl = tab ? strchr(tab, '\n') : NULL;
					if (!nl)
						break;
					char *key = strndup(p, (size_t)(tab - p));
					json_object_set_new(m, *key ? key : "(none)",
					                    json_integer(atol(tab + 1)));
					free(key);
					p = nl + 1;
				}
				json_object_set_new(f, names[k], m);
			}
			json_object_set_new(out, "facets", f);
		}
		json_dumpf(out, stdout, JSON_INDENT(1));
		putchar('\n');
		json_decref(out);
	} else {
		if (o->count)
			printf("%ld\n", r.count);
		else
			printf("%ld articles match; %zu shown from %zu\n", r.count,
			       r.n_hits, o->offset + 1);
		for (int k = 0; o->facets && k < 2; k++)
			printf("%s:\n%s", k ? "type" : "jurisdiction",
			       r.facets[k] ? r.facets[k] : "");
	}
	json_decref(hits);
	lx_search_result_free(&r);
	return LX_EXIT_OK;
}

int cmd_search(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"format", required_argument, NULL, 'f'},
		{"limit", required_argument, NULL, 'l'},
		{"offset", required_argument, NULL, 'o'},
		{"count", no_argument, NULL, 'c'},
		{"facets", no_argument, NULL, 'F'},
		{"all-versions", no_argument, NULL, 'a'},
		{"batch", required_argument, NULL, 'b'},
		{"within", required_argument, NULL, 'w'},
		{"sort", required_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	sopts o = {.limit = 10};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:f:l:o:cFab:w:s:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o.db = optarg; break;
		case 'f':
			if (strcmp(optarg, "text") && strcmp(optarg, "json")) {
				fprintf(stderr, "lexcn search: unknown format "
				                "'%s'\n",
				        optarg);
				return LX_EXIT_USAGE;
			}
			o.json = !strcmp(optarg, "json");
			break;
		case 'l': o.limit = (size_t)strtoul(optarg, NULL, 10); break;
		case 'o': o.offset = (size_t)strtoul(optarg, NULL, 10); break;
		case 'c': o.count = true; break;
		case 'F': o.facets = true; break;
		case 'a': o.all = true; break;
		case 'b': o.batch = optarg; break;
		case 'w':
			if (strcmp(optarg, "paragraph") && strcmp(optarg, "sentence")) {
				fprintf(stderr, "lexcn search: --within takes "
				                "paragraph or sentence\n");
				return LX_EXIT_USAGE;
			}
			o.within = optarg[0] == 'p' ? 'p' : 's';
			break;
		case 's':
			if (!strcmp(optarg, "relevance"))
				o.sort = LX_SORT_RELEVANCE;
			else if (!strcmp(optarg, "effective"))
				o.sort = LX_SORT_EFFECTIVE;
			else if (!strcmp(optarg, "issued"))
				o.sort = LX_SORT_ISSUED;
			else if (!strcmp(optarg, "article"))
				o.sort = LX_SORT_ARTICLE;
			else {
				fprintf(stderr, "lexcn search: --sort takes relevance, "
				                "effective, issued or article\n");
				return LX_EXIT_USAGE;
			}
			break;
		case 'h': help(stdout); return LX_EXIT_OK;
		default: help(stderr); return LX_EXIT_USAGE;
		}
	}
	if (!o.db || (!o.batch && optind != argc - 1)) {
		fprintf(stderr, "lexcn search: give --db and one QUERY (quote it "
		                "when it has spaces), or --batch FILE\n");
		return LX_EXIT_USAGE;
	}
	lx_xdb *db;
	int rc = open_db("search", o.db, &db);
	if (rc)
		return rc;
	lx_tokenizer *tk;
	lx_error err;
	if (lx_tokenizer_new(&tk, true, &err)) {
		fprintf(stderr, "lexcn search: %s\n", err.msg);
		lx_xdb_close(db);
		return LX_EXIT_INTERNAL;
	}
	if (o.batch) {
		FILE *f = strcmp(o.batch, "-") ? fopen(o.batch, "r") : stdin;
		if (!f) {
			fprintf(stderr, "lexcn search: %s: cannot open\n", o.batch);
			rc = LX_EXIT_INPUT;
		} else {
			char *line = NULL;
			size_t cap = 0;
			ssize_t n;
			while ((n = getline(&line, &cap, f)) > 0) {
				while (n > 0 && (line[n - 1] == '\n' ||
				                 line[n - 1] == '\r'))
					line[--n] = '\0';
				if (n)
					run(db, tk, line, &o, true);
			}
			free(line);
			if (f != stdin)
				fclose(f);
		}
	} else {
		rc = run(db, tk, argv[optind], &o, false);
	}
	if (fflush(stdout) && rc == LX_EXIT_OK)
		rc = LX_EXIT_INTERNAL;
	lx_tokenizer_free(tk);
	lx_xdb_close(db);
	return rc;
}

static int print_line(void *ctx, FILE *out, const char *data, size_t len)
{
	(void)ctx;
	fwrite(data, 1, len, out);
	putc('\n', out);
	return ferror(out) ? 1 : 0;
}

typedef int (*scan_fn)(void *ctx, FILE *out, const char *data, size_t len);

typedef struct scan {
	scan_fn fn;
	void *ctx;
	FILE *out;
} scan;

static int scan_one(void *ctx, const char *data, size_t len)
{
	scan *s = ctx;
	return s->fn(s->ctx, s->out, data, len);
}

/* The documents indexed by `term` (all: NULL) of one revision, even while
 * a writer commits: fn writes to a temporary file, and the scan starts
 * again (after reset) on the newest revision when the writer overwrote
 * the one being read; then the file goes to stdout.  An exit status. */
static int scan_revision(const char *cmd, lx_xdb *db, const char *term,
                         scan_fn fn, void *ctx, void (*reset)(void *ctx))
{
	scan s = {fn, ctx, tmpfile()};
	if (!s.out) {
		fprintf(stderr, "lexcn %s: no temporary file\n", cmd);
		return LX_EXIT_INTERNAL;
	}
	int rc;
	for (int attempt = 0;; attempt++) {
		rewind(s.out);
		if (ftruncate(fileno(s.out), 0)) {
			rc = 1;
			break;
		}
		if (reset)
			reset(ctx);
		rc = lx_xdb_each(db, term, scan_one, &s);
		if (rc != LX_XDB_CHANGED || attempt == 5 || lx_xdb_reopen(db))
			break;
	}
	int status = LX_EXIT_OK;
	if (rc) {
		fprintf(stderr, "lexcn %s: %s\n", cmd,
		        rc > 0 ? "cannot write a temporary file"
		               : lx_xdb_error(db));
		status = rc > 0 ? LX_EXIT_INTERNAL : LX_EXIT_INDEX;
	} else {
		char buf[1 << 16];
		size_t n;
		rewind(s.out);
		while ((n = fread(buf, 1, sizeof(buf), s.out)) > 0)
			if (fwrite(buf, 1, n, stdout) != n)
				break;
		if (ferror(s.out) || fflush(stdout))
			status = LX_EXIT_INTERNAL;
	}
	fclose(s.out);
	return status;
}

int cmd_export(int argc, char **argv)
{
	const char *db_path = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc)
			db_path = argv[++i];
		else if (!strcmp(argv[i], "--format") && i + 1 < argc &&
		         !strcmp(argv[i + 1], "jsonl"))
			i++;
		else if (!strcmp(argv[i], "--help")) {
			puts("usage: lexcn export --db DIR [--format jsonl]\n\n"
			     "Every article of the index as one JSON line: doc, title,\n"
			     "jurisdiction, type, status, effective, version, eid,\n"
			     "label, heading, path, text, file, lines, citations.  Text\n"
			     "outside articles (a preamble, closing words, a paragraph\n"
			     "between chapters) is a line too, with its eid (preamble,\n"
			     "closing, ...) and a null label.");
			return LX_EXIT_OK;
		} else {
			fprintf(stderr, "lexcn export: unknown argument '%s'\n",
			        argv[i]);
			return LX_EXIT_USAGE;
		}
	}
	if (!db_path) {
		fprintf(stderr, "lexcn export: give --db DIR\n");
		return LX_EXIT_USAGE;
	}
	lx_xdb *db;
	int rc = open_db("export", db_path, &db);
	if (rc)
		return rc;
	rc = scan_revision("export", db, NULL, print_line, NULL, NULL);
	lx_xdb_close(db);
	return rc;
}

typedef struct showctx {
	const char *eid;
	size_t shown;
} showctx;

static void show_reset(void *ctx)
{
	((showctx *)ctx)->shown = 0;
}

static int show_one(void *ctx, FILE *out, const char *data, size_t len)
{
	showctx *s = ctx;
	json_error_t je;
	json_t *d = json_loadb(data, len, 0, &je);
	if (!d)
		return 0;
	const char *eid = json_string_value(json_object_get(d, "eid"));
	if (!s->eid || (eid && !strcmp(eid, s->eid))) {
		if (!s->shown)
			fprintf(out, "%s (%s)\n\n", json_string_value(json_object_get(d, "title")),
			       json_string_value(json_object_get(d, "doc")));
		fprintf(out, "%s\n", json_string_value(json_object_get(d, "text")));
		json_t *cs = json_object_get(d, "citations");
		for (size_t i = 0; i < json_array_size(cs); i++) {
			json_t *c = json_array_get(cs, i);
			fprintf(out, "  ↳ %s", json_string_value(json_object_get(c, "text")));
			json_t *ts = json_object_get(c, "targets");
			for (size_t k = 0; k < json_array_size(ts); k++) {
				json_t *t = json_array_get(ts, k);
				const char *te = json_string_value(json_object_get(t, "eid"));
				fprintf(out, " -> %s%s%s",
				       json_string_value(json_object_get(t, "doc")),
				       te ? "#" : "", te ? te : "");
			}
			if (!json_is_true(json_object_get(c, "resolved")))
				fputs(" (not linked)", out);
			putc('\n', out);
		}
		putc('\n', out);
		s->shown++;
	}
	json_decref(d);
	return 0;
}

int cmd_show(int argc, char **argv)
{
	const char *db_path = NULL, *doc = NULL, *eid = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc)
			db_path = argv[++i];
		else if (!strcmp(argv[i], "--help")) {
			puts("usage: lexcn show --db DIR DOC [ARTICLE]\n\n"
			     "Prints a document (its id, as in search results) or one\n"
			     "article (an eid such as art_45) with its citations linked.");
			return LX_EXIT_OK;
		} else if (!doc)
			doc = argv[i];
		else if (!eid)
			eid = argv[i];
		else {
			fprintf(stderr, "lexcn show: too many arguments\n");
			return LX_EXIT_USAGE;
		}
	}
	if (!db_path || !doc) {
		fprintf(stderr, "lexcn show: give --db DIR and a document id\n");
		return LX_EXIT_USAGE;
	}
	lx_xdb *db;
	int rc = open_db("show", db_path, &db);
	if (rc)
		return rc;
	char *term = malloc(strlen(doc) + 3);
	sprintf(term, "XD%s", doc);
	showctx s = {.eid = eid};
	if (strlen(term) > 200) {
		fprintf(stderr, "lexcn show: %s: not in the index\n", doc);
		rc = LX_EXIT_INPUT;
	} else if ((rc = scan_revision("show", db, term, show_one, &s,
	                               show_reset))) {
		/* said */
	} else if (!s.shown) {
		fprintf(stderr, "lexcn show: %s%s%s: not in the index\n", doc,
		        eid ? "#" : "", eid ? eid : "");
		rc = LX_EXIT_INPUT;
	}
	free(term);
	lx_xdb_close(db);
	return rc;
}
