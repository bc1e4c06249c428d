/*
 * bench_read.c: read throughput of the layout readers (DOCX, PDF, OFD,
 * HTML) over the files of a directory, in this process: the reader alone
 * (bytes to paragraphs with layout: reader/reader.h) and the whole parse
 * (reader, clean-up, structure, metadata).  The files are read into memory
 * first, for the reader alone; the parse reads them itself.  Prints files,
 * bytes, pages (PDF and OFD: the pages the reader saw; otherwise PAGES
 * when given, e.g. the pages of the same statutes printed to PDF), and the
 * best of ROUNDS rounds as seconds, MB/s and pages/s.
 *
 * usage: bench_read DIR [ROUNDS [PAGES]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../reader/reader.h"
#include "tool.h"

typedef struct file {
	char *buf;
	size_t len;
} file;

int main(int argc, char **argv)
{
	lx_files files;
	int rounds = tool_corpus(argc, argv, "bench_read", &files);
	long given_pages = argc > 3 ? atol(argv[3]) : 0;
	lx_grammars *set = tool_grammars("bench_read");
	file *f = calloc(files.n ? files.n : 1, sizeof(file));
	if (!f)
		return 1;
	size_t bytes = 0;
	for (size_t i = 0; i < files.n; i++) {
		if (!(f[i].buf = lx_read_all(files.path[i], &f[i].len))) {
			fprintf(stderr, "bench_read: %s: cannot read\n",
			        files.path[i]);
			return 1;
		}
		bytes += f[i].len;
	}
	lx_source_format fmt = LX_SOURCE_TEXT;
	long pages = 0;
	double best_read = 1e9, best_parse = 1e9;
	lx_error err;
	for (int r = 0; r < rounds; r++) {
		pages = 0;
		double t0 = tool_now();
		for (size_t i = 0; i < files.n; i++) {
			lx_reading rd = {0};
			if (lx_reader_detect(files.path[i], f[i].buf, f[i].len,
			                     &fmt, &err) ||
			    fmt == LX_SOURCE_TEXT ||
			    lx_reader_read(&rd, fmt, files.path[i], f[i].buf,
			                   f[i].len, &err)) {
				fprintf(stderr, "bench_read: %s\n",
				        fmt == LX_SOURCE_TEXT
				                ? "a text file: not a layout format"
				                : err.msg);
				return 1;
			}
			int last = 0;
			for (size_t k = 0; k < rd.lines.n; k++) {
				const lx_rline *l =
					&LX_VEC_AT(&rd.lines, lx_rline, k);
				if (l->page > last)
					last = l->page;
			}
			pages += last;
			lx_reading_free(&rd);
		}
		double t = tool_now() - t0;
		if (t < best_read)
			best_read = t;
		t0 = tool_now();
		for (size_t i = 0; i < files.n; i++) {
			lx_doc *d;
			if (lx_parse_file(&d, set, files.path[i], NULL, &err)) {
				fprintf(stderr, "bench_read: %s\n", err.msg);
				return 1;
			}
			lx_doc_free(d);
		}
		t = tool_now() - t0;
		if (t < best_parse)
			best_parse = t;
	}
	const char *what = "pages";
	if (!pages && given_pages) {
		pages = given_pages;
		what = "pages of their PDFs";
	}
	const char *name = lx_source_format_name(fmt);
	printf("lexcn %s: %zu files, %.2f MB, %ld %s: best of %d rounds, "
	       "in process\n",
	       name, files.n, (double)bytes / 1e6, pages, what, rounds);
	printf("  reader alone:  %.3f s = %.1f MB/s, %.0f pages/s\n",
	       best_read, (double)bytes / 1e6 / best_read,
	       (double)pages / best_read);
	printf("  whole parse:   %.3f s = %.1f MB/s, %.0f pages/s\n",
	       best_parse, (double)bytes / 1e6 / best_parse,
	       (double)pages / best_parse);
	for (size_t i = 0; i < files.n; i++)
		free(f[i].buf);
	free(f);
	lx_files_free(&files);
	lx_grammars_free(set);
	return 0;
}
