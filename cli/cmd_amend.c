/*
 * cmd_amend.c: `lexcn amend BASE DECISION...`: the decisions (修正案,
 * 修改决定) applied in order to BASE, and the new version printed with an
 * 编注 under each node changed.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <lexcn/amend.h>
#include "cli.h"

int cmd_amend(int argc, char **argv);

static void help(FILE *out)
{
	fputs("usage: lexcn amend [--format text|json|html] [--changed] BASE DECISION...\n"
	      "       lexcn amend --ops DECISION...\n\n"
	      "Applies amendments to a law: each DECISION (a 修正案 or a 修改决定, as\n"
	      "text or Markdown) is read as operations (grammar/amend.grammar:\n"
	      "将第N条修改为, 第N条第M款修改为, 将第N条中的“A”修改为“B”, 删去第N条,\n"
	      "增加一条，作为第N条, 在第N条后增加一条，作为第N条之一, 在第N条中增加一款,\n"
	      "第N条改为第M条, 条文顺序作相应调整 …) and applied in the order given, the\n"
	      "first to BASE, each next to the version the one before made.  A decision\n"
	      "that amends several laws applies its operations for BASE.\n\n"
	      "  --format text  the new version's text, with 【编注：根据《…》修改】\n"
	      "                 under each article or paragraph changed (default)\n"
	      "  --format json  the new version as `lexcn parse` prints it, with its\n"
	      "                 \"notes\" (eid, op, source, source_id, date, line)\n"
	      "  --format html  the text with the notes, as a page\n"
	      "  --changed      text, html: only the articles an operation touched\n"
	      "  --ops          list the operations each DECISION is read as (no BASE)\n\n"
	      "exit status: 0 applied; 1 a file missing or unreadable; 2 usage;\n"
	      "3 an operation cannot be applied (no such article, paragraph or item,\n"
	      "a quoted phrase not in the text, a sentence no rule reads), reported\n"
	      "as DECISION:LINE: why; 6 out of memory or output not written.\n",
	      out);
}

static const char *verb(const char *op)
{
	return !strcmp(op, "改序") ? "调整条文顺序" : op;
}

/* A title for 《》: book-title marks inside it become 〈〉. */
static void title_in_marks(FILE *out, const char *t)
{
	for (; t && *t; t++) {
		if (!strncmp(t, "《", 3)) {
			fputs("〈", out);
			t += 2;
		} else if (!strncmp(t, "》", 3)) {
			fputs("〉", out);
			t += 2;
		} else {
			fputc(*t, out);
		}
	}
}

/* Whether node eid is node in (in_len bytes) or inside it (in__para_2;
 * not art_7_1 in art_7). */
static bool inside(const char *eid, const char *in, size_t in_len)
{
	return eid && !strncmp(eid, in, in_len) &&
	       (!eid[in_len] || !strncmp(eid + in_len, "__", 2));
}

/* The notes on eid and the nodes inside it, as 【编注：根据《…》修改】
 * lines (html: paragraphs). */
static void notes_of(FILE *out, const lx_doc *d, const char *eid, bool html)
{
	const lx_note *nt;
	size_t n = lx_doc_notes(d, &nt), el = strlen(eid);
	for (size_t i = 0; i < n; i++) {
		if (!inside(nt[i].eid, eid, el))
			continue;
		fputs(html ? "<p class=\"note\">【编注：根据《" : "    【编注：根据《", out);
		title_in_marks(out, nt[i].source);
		fprintf(out, "》%s】%s", verb(nt[i].op), html ? "</p>\n" : "\n");
	}
}

static bool noted(const lx_doc *d, const char *eid)
{
	const lx_note *nt;
	size_t n = lx_doc_notes(d, &nt), el = strlen(eid);
	for (size_t i = 0; i < n; i++)
		if (inside(nt[i].eid, eid, el))
			return true;
	return false;
}

static void esc(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '<')
			fputs("&lt;", out);
		else if (*s == '>')
			fputs("&gt;", out);
		else if (*s == '&')
			fputs("&amp;", out);
		else
			fputc(*s, out);
	}
}

static void print_doc(FILE *out, const lx_doc *d, bool html, bool changed)
{
	if (html) {
		fputs("<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">"
		      "<title>", out);
		esc(out, lx_doc_title(d));
		fputs("</title><style>body{max-width:46em;margin:2em auto;font-family:serif}"
		      ".note{color:#a33;font-size:90%}h2{font-size:110%}</style></head><body>\n<h1>",
		      out);
		esc(out, lx_doc_title(d));
		fprintf(out, "</h1>\n<p>%s</p>\n", lx_doc_id(d) ? lx_doc_id(d) : "");
	} else {
		fprintf(out, "%s\n  id: %s\n", lx_doc_title(d) ? lx_doc_title(d) : "",
		        lx_doc_id(d) ? lx_doc_id(d) : "");
	}
	const lx_node *root = lx_doc_body(d);
	for (const lx_node *n = lx_node_first_child(root); n;
	     n = lx_node_next_preorder(root, n)) {
		lx_node_type t = lx_node_get_type(n);
		const char *eid = lx_node_get_eid(n);
		if (t == LX_NODE_PART || t == LX_NODE_SUBPART ||
		    t == LX_NODE_CHAPTER || t == LX_NODE_SECTION) {
			if (changed)
				continue;
			char *h = lx_node_heading(n);
			if (html) {
				fputs("<h2>", out);
				esc(out, h);
				fputs("</h2>\n", out);
			} else {
				fprintf(out, "%s\n", h ? h : "");
			}
			free(h);
			continue;
		}
		if (t != LX_NODE_ARTICLE)
			continue;
		if (changed && !noted(d, eid))
			continue;
		/* The article with its first paragraph on one line, then
		 * the other paragraphs and items, each with its notes. */
		const lx_node *fp = lx_node_first_child(n);
		if (fp && lx_node_get_type(fp) != LX_NODE_PARAGRAPH)
			fp = NULL;
		const char *lb = lx_node_get_label(n);
		const char *tx = fp ? lx_node_get_text(fp) : lx_node_get_text(n);
		if (html) {
			fputs("<p>", out);
			esc(out, lb);
			fputs(" ", out);
			esc(out, tx);
			fputs("</p>\n", out);
		} else {
			fprintf(out, "  %s %s\n", lb ? lb : "", tx ? tx : "");
		}
		for (const lx_node *p = lx_node_next_preorder(n, n); p;
		     p = lx_node_next_preorder(n, p)) {
			if (p == fp)
				continue;
			const char *pl = lx_node_get_label(p);
			const char *pt = lx_node_get_text(p);
			if (html) {
				fputs("<p>", out);
				esc(out, pl);
				esc(out, pt);
				fputs("</p>\n", out);
			} else {
				fprintf(out, "    %s%s\n", pl ? pl : "", pt ? pt : "");
			}
		}
		notes_of(out, d, eid, html);
	}
	/* what no node of the new text holds: articles deleted */
	const lx_note *nt;
	size_t nn = lx_doc_notes(d, &nt);
	for (size_t i = 0; i < nn; i++)
		if (nt[i].eid && !lx_doc_find(d, nt[i].eid)) {
			fprintf(out, html ? "<p class=\"note\">(%s) 【编注：根据《"
			                  : "  (%s) 【编注：根据《", nt[i].eid);
			title_in_marks(out, nt[i].source);
			fprintf(out, "》%s】%s", verb(nt[i].op), html ? "</p>\n" : "\n");
		}
	if (html)
		fputs("</body></html>\n", out);
}

/* --ops: the operations each decision is read as, one a line. */
static int print_ops(char **paths, int n)
{
	lx_grammars *g = NULL;
	if (lx_cli_builtin("amend", &g))
		return LX_EXIT_GRAMMAR;
	int rc = LX_EXIT_OK;
	for (int i = 0; i < n && !rc; i++) {
		lx_amendment *a = NULL;
		lx_error err = {0};
		if (lx_amend_read_file(&a, g, paths[i], &err)) {
			fprintf(stderr, "lexcn amend: %s\n", err.msg);
			rc = err.code == LX_ERR_USAGE ? LX_EXIT_DECODE
			                              : lx_exit_status(err.code);
			break;
		}
		printf("%s (%s, %s%s)\n", lx_amend_title(a) ? lx_amend_title(a) : paths[i],
		       lx_amend_id(a) ? lx_amend_id(a) : "-",
		       lx_amend_effective(a) ? lx_amend_effective(a) : "-",
		       lx_amend_renumbers(a) ? ", renumbers" : "");
		const lx_amend_op *ops;
		size_t k = lx_amend_ops(a, &ops);
		for (size_t j = 0; j < k; j++) {
			const lx_amend_op *o = &ops[j];
			printf("  %d: %s art=%ld.%d para=%ld,%ld item=%ld at=%ld.%d to=%ld.%d n=%ld%s",
			       o->line, lx_amend_kind_name(o->kind), o->art, o->art_sub,
			       o->para, o->para2, o->item, o->at, o->at_sub, o->to,
			       o->to_sub, o->count, o->law ? " law=" : "");
			if (o->law)
				fputs(o->law, stdout);
			for (size_t q = 0; q < o->n_texts; q++)
				printf(" | %.60s", o->texts[q]);
			if (o->kind == LX_AMEND_UNKNOWN)
				printf(" | %s", o->src);
			putchar('\n');
		}
		lx_amend_free(a);
	}
	lx_grammars_free(g);
	return rc;
}

int cmd_amend(int argc, char **argv)
{
	static const char *const formats[] = {"text", "json", "html", NULL};
	static const struct option opts[] = {
		LX_CLI_OPT_FORMAT,
		{"changed", no_argument, NULL, 'c'},
		{"ops", no_argument, NULL, 'o'},
		LX_CLI_OPT_HELP,
		{NULL, 0, NULL, 0}};
	const char *format = "text";
	bool changed = false, list_ops = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:coh", opts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'c': changed = true; break;
		case 'o': list_ops = true; break;
		case 'h': help(stdout); return LX_EXIT_OK;
		default: help(stderr); return LX_EXIT_USAGE;
		}
	}
	int fmt = lx_cli_format("amend", format, formats);
	if (fmt < 0)
		return LX_EXIT_USAGE;
	if (list_ops)
		return print_ops(argv + optind, argc - optind);
	if (argc - optind < 2) {
		fprintf(stderr, "lexcn amend: give BASE and at least one DECISION\n");
		return LX_EXIT_USAGE;
	}
	lx_grammars *g = NULL;
	if (lx_cli_builtin("amend", &g))
		return LX_EXIT_GRAMMAR;
	lx_error err = {0};
	lx_doc *d = NULL;
	int rc = LX_EXIT_OK;
	if (lx_parse_file(&d, g, argv[optind], NULL, &err)) {
		fprintf(stderr, "lexcn amend: %s\n", err.msg);
		rc = lx_exit_status(err.code);
		goto out;
	}
	for (int i = optind + 1; i < argc; i++) {
		lx_amendment *a = NULL;
		lx_doc *next = NULL;
		int r = lx_amend_read_file(&a, g, argv[i], &err);
		if (!r)
			r = lx_amend_apply(&next, g, d, a, &err);
		lx_amend_free(a);
		if (r) {
			fprintf(stderr, "lexcn amend: %s\n", err.msg);
			rc = r == LX_ERR_NOT_FOUND || r == LX_ERR_USAGE
			     ? LX_EXIT_DECODE : lx_exit_status(r);
			goto out;
		}
		lx_doc_free(d);
		d = next;
	}
	int r = 0;
	if (fmt == 1) {
		lx_doc *one[1] = {d};
		r = lx_render(stdout, one, 1, LX_FMT_JSON, &err);
	} else {
		print_doc(stdout, d, fmt == 2, changed);
	}
	if (r == LX_ERR_NOMEM)
		fprintf(stderr, "lexcn amend: out of memory\n");
	else if (r)
		lx_cli_write_failed("amend");
	if (r)
		rc = LX_EXIT_INTERNAL;
out:
	lx_doc_free(d);
	lx_grammars_free(g);
	return rc;
}
