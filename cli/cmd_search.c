/*
 * cmd_search.c: `lexcn search`: options, one query or a batch, the hits
 * as text or JSON (lx_results_json).
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <lexcn/index.h>
#include "cli.h"

static void help(FILE *out)
{
	fputs("usage: lexcn search --db DIR|STUB [options] QUERY\n"
	      "       lexcn search --db DIR|STUB --batch FILE [options]\n\n"
	      "Finds articles.  The query language:\n"
	      "  百分之四十        a run of characters: matches only where they are\n"
	      "                    contiguous (any length, from one character)\n"
	      "  \"政府采购 预留\"   a quoted phrase (spaces inside are ignored)\n"
	      "  政府采购 预留     several parts: all must match (in any order);\n"
	      "                    政府采购 AND 预留 is the same\n"
	      "  采购 OR 招标      either\n"
	      "  -草案  NOT 草案   exclusion (-TERM without a space)\n"
	      "  (高空抛物 OR 坠物) 罚款   parentheses group, nested at will\n"
	      "  Precedence: NOT (-) binds tightest, then OR, then AND (juxtaposition):\n"
	      "  a b OR c -d is a AND (b OR c) AND NOT d.  OR, AND and NOT are\n"
	      "  operators in capitals only.  What the language does not have is\n"
	      "  refused with the character where it went wrong (an unclosed '(', a\n"
	      "  '(' inside a part, OR without a term on a side, '+', '*', a double\n"
	      "  exclusion), exit status 2: never a silent empty result.  Quote a\n"
	      "  part to search for ( ) + * themselves.\n"
	      "  jurisdiction:北京市  type:地方性法规  status:有效  filters\n"
	      "  title:物业管理条例  a title or a part of one (北京市物业管理条例 too);\n"
	      "                    title:=中小企业促进法 the exact title; both with or\n"
	      "                    without 中华人民共和国; title:\"A B\" a value with spaces\n"
	      "  doc:ID  version:2020-09-25  a document id, or the date of a version as\n"
	      "                    in the document's id: both look in every version\n"
	      "                    (no --all-versions needed)\n"
	      "  work:TITLE        the work of that exact title (as title:=TITLE)\n"
	      "  in:浙江省          the documents of 浙江省 and of its cities and counties\n"
	      "                    (杭州市, 杭州市西湖区); jurisdiction: is exact\n"
	      "  effective:2020-01-01..2021-12-31  issued:..2019-12-31   date ranges\n"
	      "A query may start with '-' without \"--\" before it: only ASCII option\n"
	      "names are options (lexcn search --db DB \"-高空抛物 罚款\").\n"
	      "Matching is on normalised text: 條 finds 条, 第２３２條 finds 第232条;\n"
	      "a part that is one article label also finds the label written with\n"
	      "other numerals: 第二十八条 and 第28条 find each other.\n"
	      "Text output: one hit a line, title@version · jurisdiction · label /\n"
	      "headings (score), then the snippet.\n\n"
	      "options:\n"
	      "  --format text|json  hits with title, jurisdiction, label, heading path,\n"
	      "                      score and a snippet (highlights in colour on a\n"
	      "                      terminal; byte ranges in JSON)\n"
	      "  --limit N --offset N  a page of hits (default 10, 0)\n"
	      "  --count             only the exact number of matching articles\n"
	      "  --facets            counts per jurisdiction, type, year of effect\n"
	      "                      and status, over every match\n"
	      "  --all-versions      every version of a law (default: the current one)\n"
	      "  --as-of YYYY-MM-DD  the version of each law in force on that date\n"
	      "                      (effective date, else version date, <= DATE <\n"
	      "                      the next version's) instead of the current one\n"
	      "  --sort relevance|effective|issued|article  the order of hits: by\n"
	      "                      relevance (default), the effective or issue date\n"
	      "                      (newest first, unknown dates last), or the article\n"
	      "                      number; ties by relevance\n"
	      "  --within paragraph|sentence  the parts must meet in one 款 (a line of\n"
	      "                      the article) or one sentence; checked in the\n"
	      "                      stored text of every match, so counts stay exact\n"
	      "                      (no facets with --within)\n"
	      "  --batch FILE        one query per line; one JSON line per query:\n"
	      "                      {query, count, hits, ms} (count exact with --count)\n",
	      out);
	fprintf(out,
	        "Limits: a query of at most %d KB and %d parts (terms, phrases,\n"
	        "filters, OR, AND, NOT, parentheses); a page of at most %d\n"
	        "hits, from an offset of at most %d.\n",
	        LX_MAX_QUERY_BYTES / 1024, LX_MAX_QUERY_PARTS,
	        LX_MAX_SEARCH_LIMIT, LX_MAX_SEARCH_OFFSET);
}

typedef struct sopts {
	const char *db, *batch, *as_of;
	bool json, count, facets, all;
	int within;
	lx_sort sort;
	size_t limit, offset;
} sopts;


/* --limit N / --offset N: a decimal number, at most max; otherwise a
 * message and false (strtoul alone takes "abc" as 0 and "-1" as the
 * largest number). */
static bool page_arg(const char *opt, const char *arg, size_t max,
                     size_t *out)
{
	const char *p = arg;
	while (*p >= '0' && *p <= '9')
		p++;
	if (p == arg || *p) {
		fprintf(stderr, "lexcn search: --%s takes a number of hits "
		                "(0 to %zu), not '%s'\n",
		        opt, max, arg);
		return false;
	}
	errno = 0;
	unsigned long long v = strtoull(arg, NULL, 10);
	if (errno || v > max) {
		fprintf(stderr, "lexcn search: --%s %s is over the limit of "
		                "%zu\n",
		        opt, arg, max);
		return false;
	}
	*out = (size_t)v;
	return true;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int run(lx_index *db, lx_tokenizer *tk, const char *q, const sopts *o,
               bool batch_line)
{
	lx_search_opts so = {.limit = o->count ? 0 : o->limit,
	                     .offset = o->offset,
	                     .all_versions = o->all,
	                     .exact_count = true,
	                     .facets = o->facets,
	                     .within = o->within,
	                     .sort = o->sort,
	                     .as_of = o->as_of};
	lx_results *r;
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
		return rc == LX_ERR_USAGE ? LX_EXIT_USAGE : LX_EXIT_INDEX;
	}
	if (batch_line || o->json) {
		lx_results_json(r, q,
		             batch_line ? LX_RESULTS_JSON_LINE
		                        : (o->count ? 0 : LX_RESULTS_JSON_HITS) |
		                                  (o->facets ? LX_RESULTS_JSON_FACETS : 0),
		             ms, stdout);
		lx_results_free(r);
		return LX_EXIT_OK;
	}
	bool color = isatty(1);
	for (size_t i = 0; i < lx_results_len(r); i++) {
		const lx_span_hl *hl;
		size_t nrg;
		const char *sn = lx_hit_snippet(r, i, &hl, &nrg);
		/* title@version: which version a hit is (--all-versions,
		 * version:, doc:) */
		const char *ver = lx_hit_version(r, i);
		printf("%s%s%s · %s · %s", lx_hit_title(r, i), ver ? "@" : "",
		       ver ? ver : "",
		       lx_hit_jurisdiction(r, i) ? lx_hit_jurisdiction(r, i) : "?",
		       lx_hit_label(r, i) ? lx_hit_label(r, i) : lx_hit_eid(r, i));
		const char *const *path;
		size_t np = lx_hit_path(r, i, &path);
		for (size_t k = 0; k < np; k++)
			printf(" / %s", path[k]);
		printf("  (%.2f)\n    ", lx_hit_score(r, i));
		size_t at = 0;
		for (size_t k = 0; sn && k < nrg; k++) {
			fwrite(sn + at, 1, hl[k].start - at, stdout);
			fputs(color ? "\033[1;31m" : "[", stdout);
			fwrite(sn + hl[k].start, 1, hl[k].end - hl[k].start, stdout);
			fputs(color ? "\033[0m" : "]", stdout);
			at = hl[k].end;
		}
		if (sn)
			fputs(sn + at, stdout);
		putchar('\n');
	}
	if (o->count)
		printf("%ld\n", lx_results_count(r));
	else
		printf("%ld articles match; %zu shown from %zu\n", lx_results_count(r),
		       lx_results_len(r), o->offset + 1);
	for (int k = 0; o->facets && k < 2; k++) {
		printf("%s:\n", k ? "type" : "jurisdiction");
		for (size_t i = 0; i < lx_results_facet_len(r, (lx_facet)k); i++) {
			long n;
			const char *v = lx_results_facet(r, (lx_facet)k, i, &n);
			printf("%s\t%ld\n", v, n);
		}
	}
	lx_results_free(r);
	return LX_EXIT_OK;
}

int cmd_search(int argc, char **argv)
{
	static const char *const formats[] = {"text", "json", NULL};
	static const struct option opts[] = {
		LX_CLI_OPT_DB,
		LX_CLI_OPT_FORMAT,
		{"limit", required_argument, NULL, 'l'},
		{"offset", required_argument, NULL, 'o'},
		{"count", no_argument, NULL, 'c'},
		{"facets", no_argument, NULL, 'F'},
		{"all-versions", no_argument, NULL, 'a'},
		{"batch", required_argument, NULL, 'b'},
		{"within", required_argument, NULL, 'w'},
		{"sort", required_argument, NULL, 's'},
		{"as-of", required_argument, NULL, 'A'},
		LX_CLI_OPT_HELP,
		{NULL, 0, NULL, 0}};
	sopts o = {.limit = 10};
	int c;
	/* "-高空抛物 罚款" is the query, not options */
	char *dashed[2];
	int nd = lx_cli_take_dashed(&argc, argv, "d:f:l:o:cFab:w:s:A:h", opts,
	                            dashed, 2);
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:f:l:o:cFab:w:s:A:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o.db = optarg; break;
		case 'f':
			if (lx_cli_format("search", optarg, formats) < 0)
				return LX_EXIT_USAGE;
			o.json = !strcmp(optarg, "json");
			break;
		case 'l':
			if (!page_arg("limit", optarg, LX_MAX_SEARCH_LIMIT,
			              &o.limit))
				return LX_EXIT_USAGE;
			break;
		case 'o':
			if (!page_arg("offset", optarg, LX_MAX_SEARCH_OFFSET,
			              &o.offset))
				return LX_EXIT_USAGE;
			break;
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
		case 'A': o.as_of = optarg; break;
		case 'h': help(stdout); return LX_EXIT_OK;
		default: help(stderr); return LX_EXIT_USAGE;
		}
	}
	if (lx_cli_check_as_of("search", o.as_of))
		return LX_EXIT_USAGE;
	int nq = argc - optind + nd;
	const char *query = nd ? dashed[0] : optind < argc ? argv[optind] : NULL;
	if (!o.db || (!o.batch && nq != 1)) {
		fprintf(stderr, "lexcn search: give --db and one QUERY (quote it "
		                "when it has spaces), or --batch FILE\n");
		return LX_EXIT_USAGE;
	}
	lx_index *db;
	lx_error err;
	int rc = lx_cli_open_index("search", o.db, &db);
	if (rc)
		return rc;
	lx_tokenizer *tk;
	if (lx_tokenizer_new(&tk, true, &err)) {
		fprintf(stderr, "lexcn search: %s\n", err.msg);
		lx_index_close(db);
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
		rc = run(db, tk, query, &o, false);
	}
	lx_tokenizer_free(tk);
	lx_index_close(db);
	return rc;
}

