/*
 * cmd_tokenize.c: `lexcn tokenize`: text cut into tokens, with offsets,
 * kinds and normalised forms.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void help(FILE *out)
{
	fputs("usage: lexcn tokenize [--format text|json] [--norm] [--no-lexicon]\n"
	      "                      [--lexicon FILE] FILE|-\n\n"
	      "Cuts Chinese text into tokens: ICU's dictionary word breaker, with\n"
	      "article labels (第二百三十二条), numbers (二百三十二) and the terms of\n"
	      "the legal lexicon (grammar/lexicon.txt: 不动产, 当事人) kept whole.\n\n"
	      "  --format text  each input line as its tokens separated by single\n"
	      "                 spaces (punctuation is a token; whitespace is dropped)\n"
	      "  --format json  [{start, end, text, kind, norm}]: byte offsets in the\n"
	      "                 UTF-8 text (the input itself when it is UTF-8), kind\n"
	      "                 han|number|latin|punct|label, the normalised form\n"
	      "  --norm         text format: print the normalised forms (NFKC, case\n"
	      "                 folded, Traditional -> Simplified, 第232条)\n"
	      "  --no-lexicon   ICU's words only\n"
	      "  --lexicon FILE more terms, one per line\n",
	      out);
}

int cmd_tokenize(int argc, char **argv)
{
	static const char *const formats[] = {"text", "json", NULL};
	static const struct option opts[] = {
		LX_CLI_OPT_FORMAT,
		{"norm", no_argument, NULL, 'n'},
		{"no-lexicon", no_argument, NULL, 'L'},
		{"lexicon", required_argument, NULL, 'l'},
		LX_CLI_OPT_HELP,
		{NULL, 0, NULL, 0}};
	bool json = false, norm = false, lexicon = true;
	const char *extra = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:nLl:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (lx_cli_format("tokenize", optarg, formats) < 0)
				return LX_EXIT_USAGE;
			json = !strcmp(optarg, "json");
			break;
		case 'n': norm = true; break;
		case 'L': lexicon = false; break;
		case 'l': extra = optarg; break;
		case 'h': help(stdout); return LX_EXIT_OK;
		default: help(stderr); return LX_EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "lexcn tokenize: give one FILE, or - for "
		                "standard input\n");
		return LX_EXIT_USAGE;
	}
	lx_error err = {0};
	lx_tokenizer *t;
	int rc = lx_tokenizer_new(&t, lexicon, &err);
	if (rc) {
		fprintf(stderr, "lexcn tokenize: %s\n", err.msg);
		return lx_exit_status(rc);
	}
	char *text = NULL;
	size_t len = 0;
	if (extra) {
		rc = lx_read_text(extra, &text, &len, &err);
		if (!rc)
			rc = lx_tokenizer_add_lexicon(t, extra, text, len, &err);
		free(text);
		text = NULL;
		if (rc) {
			fprintf(stderr, "lexcn tokenize: %s\n", err.msg);
			lx_tokenizer_free(t);
			return lx_exit_status(rc == LX_ERR_IO ? LX_ERR_GRAMMAR
			                                      : rc);
		}
	}
	rc = lx_read_text(argv[optind], &text, &len, &err);
	if (rc) {
		fprintf(stderr, "lexcn tokenize: %s\n", err.msg);
		lx_tokenizer_free(t);
		return lx_exit_status(rc);
	}
	int status = LX_EXIT_OK;
	const lx_token *tk;
	size_t n;
	if (json) {
		if (lx_tokenize(t, text, len, &tk, &n, &err) ||
		    lx_render_tokens(stdout, text, tk, n, &err)) {
			fprintf(stderr, "lexcn tokenize: %s\n", err.msg);
			status = LX_EXIT_INTERNAL;
		}
	} else {
		/* The whole text at once (no token spans a newline), then
		 * printed line by line: each output line is an input line. */
		if (lx_tokenize(t, text, len, &tk, &n, &err)) {
			fprintf(stderr, "lexcn tokenize: %s\n", err.msg);
			status = LX_EXIT_INTERNAL;
			n = 0;
		}
		size_t k = 0, a = 0;
		while (a < len && !status) {
			const char *nl = memchr(text + a, '\n', len - a);
			size_t b = nl ? (size_t)(nl - text) : len;
			bool first = true;
			for (; k < n && tk[k].start < b; k++) {
				if (!first)
					putchar(' ');
				first = false;
				if (norm)
					fwrite(tk[k].norm, 1, tk[k].norm_len,
					       stdout);
				else
					fwrite(text + tk[k].start, 1,
					       tk[k].end - tk[k].start, stdout);
			}
			putchar('\n');
			a = b + 1;
		}
	}
	free(text);
	lx_tokenizer_free(t);
	return status;
}
