/*
 * cmd_history.c: `lexcn history`: the versions of each work in a set of
 * files or in an index, in date order, with their events, effective date,
 * status on a date, and a one-line diff summary against the version
 * before.  Also the helpers on versions that show and cite share.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <lexcn/diff.h>
#include <lexcn/versions.h>
#include "cli.h"

static void help(FILE *out)
{
	fputs("usage: lexcn history [--db DIR] [--format text|json]\n"
	      "                     [--as-of YYYY-MM-DD] WORK|FILE|DIR...\n\n"
	      "Lists the versions of each work (a law across its 修正 and 修订, and\n"
	      "across a rename its history records) in date order: version date,\n"
	      "the events of that date, effective date, status on the date (today by\n"
	      "default: 有效, 已被修改, 失效, 尚未生效) and what changed against the\n"
	      "version before (N modified, N added, N deleted, N moved).\n\n"
	      "Without --db the arguments are files and directories; with --db DIR\n"
	      "they are works (titles; none: every work with two versions or more),\n"
	      "whose indexed files are read again.\n",
	      out);
}

void lx_cli_today(char out[11])
{
	time_t now = time(NULL);
	struct tm tm;
	if (now == (time_t)-1 || !localtime_r(&now, &tm) ||
	    !strftime(out, 11, "%Y-%m-%d", &tm))
		memcpy(out, "9999-12-31", 11);
}

int lx_cli_works(lx_set *s, size_t **order, size_t **work)
{
	lx_doc *const *docs;
	size_t n = lx_set_docs(s, &docs);
	*order = malloc((n ? n : 1) * sizeof(size_t));
	*work = malloc((n ? n : 1) * sizeof(size_t));
	if (!*order || !*work || lx_works_order(docs, n, *order, *work)) {
		free(*order);
		free(*work);
		*order = *work = NULL;
		return LX_ERR_NOMEM;
	}
	return LX_OK;
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **lx_cli_db_files(const char *cmd, lx_index *ix, size_t *n)
{
	lx_results *r = NULL;
	lx_error err = {0};
	*n = 0;
	if (lx_index_documents(ix, &r, &err)) {
		fprintf(stderr, "lexcn %s: %s\n", cmd, err.msg);
		return NULL;
	}
	size_t len = lx_results_len(r), m = 0;
	char **f = calloc(len + 1, sizeof(char *));
	for (size_t i = 0; f && i < len; i++) {
		const char *p = lx_hit_file(r, i);
		if (p && (!m || strcmp(f[m - 1], p)))
			if (!(f[m++] = strdup(p)))
				break;
	}
	lx_results_free(r);
	if (!f || (m && !f[m - 1])) {
		for (size_t i = 0; f && i < m; i++)
			free(f[i]);
		free(f);
		fprintf(stderr, "lexcn %s: out of memory\n", cmd);
		return NULL;
	}
	/* One hit per file already; a sort makes them unique anyway. */
	if (m)
		qsort(f, m, sizeof(char *), cmp_strp);
	size_t u = 0;
	for (size_t i = 0; i < m; i++) {
		if (u && !strcmp(f[u - 1], f[i]))
			free(f[i]);
		else
			f[u++] = f[i];
	}
	f[u] = NULL;
	*n = u;
	return f;
}

/* Whether a doc belongs to one of the works asked for (titles, with or
 * without 中华人民共和国; ids work@date name their work). */
static bool asked(const lx_doc *d, char **works, int nw)
{
	if (!nw)
		return true;
	const char *t = lx_doc_title(d) ? lx_doc_title(d) : lx_doc_work(d);
	for (int i = 0; i < nw; i++) {
		size_t l = strcspn(works[i], "@");
		const char *w = works[i];
		size_t tl = strlen(t), pl = strlen("中华人民共和国");
		if (tl >= l && !strncmp(t + tl - l, w, l) &&
		    (tl == l || (tl - l == pl && !strncmp(t, "中华人民共和国", pl))))
			return true;
	}
	return false;
}

int cmd_history(int argc, char **argv)
{
	static const char *const formats[] = {"text", "json", NULL};
	static const struct option opts[] = {
		LX_CLI_OPT_FORMAT,
		LX_CLI_OPT_DB,
		{"as-of", required_argument, NULL, 'a'},
		LX_CLI_OPT_HELP,
		{NULL, 0, NULL, 0}};
	const char *db = NULL, *as_of = NULL;
	bool json = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:d:a:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (lx_cli_format("history", optarg, formats) < 0)
				return LX_EXIT_USAGE;
			json = !strcmp(optarg, "json");
			break;
		case 'd': db = optarg; break;
		case 'a': as_of = optarg; break;
		case 'h': help(stdout); return LX_EXIT_OK;
		default: help(stderr); return LX_EXIT_USAGE;
		}
	}
	if (!db && optind >= argc) {
		fprintf(stderr, "lexcn history: give files or directories, or "
		                "--db DIR\n");
		return LX_EXIT_USAGE;
	}
	if (lx_cli_check_as_of("history", as_of))
		return LX_EXIT_USAGE;
	char today[11];
	if (as_of)
		snprintf(today, sizeof(today), "%s", as_of);
	else
		lx_cli_today(today);
	char **files = NULL, **paths = argv + optind, **works = NULL;
	size_t nf = (size_t)(argc - optind);
	int nw = 0;
	if (db) {
		lx_index *ix;
		int rc = lx_cli_open_index("history", db, &ix);
		if (rc)
			return rc;
		files = lx_cli_db_files("history", ix, &nf);
		lx_index_close(ix);
		if (!files)
			return LX_EXIT_INDEX;
		works = argv + optind;
		nw = argc - optind;
		paths = files;
	}
	lx_grammars *g;
	int status = lx_cli_builtin("history", &g);
	if (status)
		goto out_files;
	lx_parse_opts po = {0};
	lx_set *set;
	status = lx_cli_load("history", g, paths, (int)nf, &po, false, &set);
	size_t *order = NULL, *work = NULL;
	lx_doc *const *docs;
	size_t n = lx_set_docs(set, &docs);
	if (lx_cli_works(set, &order, &work)) {
		status = LX_EXIT_INTERNAL;
		goto out;
	}
	lx_doc **v = malloc((n ? n : 1) * sizeof(*v));
	json_t *all = json ? json_array() : NULL;
	if (!v || (json && !all)) {
		free(v);
		status = LX_EXIT_INTERNAL;
		goto out;
	}
	size_t shown = 0;
	for (size_t a = 0; a < n;) {
		size_t b = a, nv = 0;
		while (b < n && work[b] == work[a])
			v[nv++] = docs[order[b++]];
		a = b;
		/* With --db and no work named: the works with a history. */
		if (!asked(v[nv - 1], works, nw) || (db && !nw && nv < 2))
			continue;
		shown++;
		const lx_doc *last = v[nv - 1];
		json_t *wj = NULL, *vj = NULL;
		if (json) {
			wj = json_pack("{s:s,s:s?,s:i,s:[]}", "work",
			               lx_doc_work(last), "jurisdiction",
			               lx_doc_jurisdiction(last), "count", (int)nv,
			               "versions");
			vj = wj ? json_object_get(wj, "versions") : NULL;
			json_array_append_new(all, wj);
		} else
			printf("%s%s%s%s: %zu version%s\n", shown > 1 ? "\n" : "",
			       lx_doc_work(last),
			       lx_doc_jurisdiction(last) ? " · " : "",
			       lx_doc_jurisdiction(last) ? lx_doc_jurisdiction(last)
			                                 : "",
			       nv, nv == 1 ? "" : "s");
		for (size_t k = 0; k < nv; k++) {
			const lx_doc *d = v[k];
			const char *st = lx_version_status(v, nv, k, today);
			lx_diff *df = NULL;
			/* Files of one version (a law in several files, a
			 * copy) are not compared. */
			bool same = k && lx_version_same(v[k - 1], d);
			if (k && !same && lx_diff_docs(&df, v[k - 1], d)) {
				status = LX_EXIT_INTERNAL;
				break;
			}
			size_t mod = df ? lx_diff_op_count(df, LX_OP_MODIFIED) : 0,
			       add = df ? lx_diff_op_count(df, LX_OP_ADDED) : 0,
			       del = df ? lx_diff_op_count(df, LX_OP_DELETED) : 0,
			       mov = df ? lx_diff_moved_count(df) : 0,
			       ren = df ? lx_diff_op_count(df, LX_OP_RENUMBERED) : 0;
			const lx_event *ev;
			size_t ne = lx_doc_history(d, &ev);
			const char *ver = lx_doc_version(d);
			/* A rename the history records: the titles differ. */
			const char *pt = k ? lx_doc_title(v[k - 1]) : NULL,
			           *ti = lx_doc_title(d);
			bool renamed = pt && ti && strcmp(pt, ti) &&
			               strcmp(lx_doc_work(v[k - 1]), lx_doc_work(d));
			if (renamed && !json)
				printf("  renamed: %s -> %s\n", pt, ti);
			if (json) {
				json_t *o = json_pack(
					"{s:s,s:s?,s:s?,s:s?,s:s,s:s,s:[]}", "id",
					lx_doc_id(d), "title", ti, "version", ver,
					"effective", lx_doc_effective(d), "status", st,
					"file", lx_doc_path(d), "events");
				json_t *ej = o ? json_object_get(o, "events") : NULL;
				for (size_t e = 0; ej && e < ne; e++)
					if (ver && ev[e].date && !strcmp(ev[e].date, ver))
						json_array_append_new(
							ej, json_pack("{s:s,s:s?,s:s?}",
							              "action", ev[e].action,
							              "by", ev[e].by, "body",
							              ev[e].body));
				if (o && same)
					json_object_set_new(o, "same_version_as",
					                    json_string(lx_doc_id(v[k - 1])));
				if (o && df)
					json_object_set_new(
						o, "changes",
						json_pack("{s:s,s:i,s:i,s:i,s:i,s:i}",
						          "against", lx_doc_id(v[k - 1]),
						          "modified", (int)mod, "added",
						          (int)add, "deleted", (int)del,
						          "moved", (int)mov, "renumbered",
						          (int)ren));
				json_array_append_new(vj, o);
			} else {
				char evs[256] = "";
				size_t el = 0;
				for (size_t e = 0; e < ne && el < sizeof(evs) - 32; e++)
					if (ver && ev[e].date && !strcmp(ev[e].date, ver))
						el += (size_t)snprintf(evs + el,
						                       sizeof(evs) - el,
						                       "%s%s", el ? "、" : "",
						                       ev[e].action);
				printf("  %-10s  %-6s  effective %-10s  %-4s",
				       ver ? ver : "(undated)", el ? evs : "-",
				       lx_doc_effective(d) ? lx_doc_effective(d) : "-",
				       st);
				if (df)
					printf("  %zu modified, %zu added, %zu deleted, "
					       "%zu moved",
					       mod, add, del, mov);
				else if (same)
					printf("  the same version as the one before");
				printf("  %s\n", lx_doc_path(d));
			}
			lx_diff_free(df);
		}
	}
	if (json && json_dumpf(all, stdout, JSON_INDENT(2)) == 0)
		putchar('\n');
	json_decref(all);
	if (!shown && status == LX_EXIT_OK) {
		fprintf(stderr, "lexcn history: no such work%s\n",
		        db ? " in the index" : "");
		status = LX_EXIT_INPUT;
	}
	free(v);
out:
	free(order);
	free(work);
	lx_set_free(set);
	lx_grammars_free(g);
out_files:
	for (size_t i = 0; files && files[i]; i++)
		free(files[i]);
	free(files);
	return status;
}
