/*
 * test_corpus.c: every file of ../shared/corpus parses, loses no text, and
 * gets a title and an id; versions named in file names match the ids;
 * citations link only to nodes that exist.
 * Skips, saying so, when ../shared is not there (a user's clone).
 */
#include "../parser/files.h"
#include "lxtest.h"

static void whole_corpus(void **state)
{
	(void)state;
	char dir[4096];
	test_shared_corpus(dir, sizeof(dir), "whole_corpus");
	lx_files files;
	assert_int_equal(lx_files_collect(&files, dir, NULL), 0);
	assert_true(files.n > 2000);
	lx_grammars *set = test_grammars();
	lx_set *all;
	assert_int_equal(lx_set_new(&all), 0);
	size_t lost = 0, failed = 0, dated = 0, date_match = 0, untitled = 0;
	for (size_t i = 0; i < files.n; i++) {
		size_t len;
		char *src = lx_read_all(files.path[i], &len);
		assert_non_null(src);
		lx_doc *d;
		lx_error err;
		if (lx_parse_buffer(&d, set, files.path[i], src, len, NULL,
		                    &err) || lx_cite_find(d, set, &err)) {
			print_error("%s\n", err.msg);
			failed++;
			free(src);
			continue;
		}
		/* The tree checker, text included. */
		if (lx_doc_check(d, src, len, &err)) {
			print_error("%s: %s\n", files.path[i], err.msg);
			lost++;
		}
		untitled += lx_doc_title(d) == NULL;
		/* "行政复议法(2023-09-01).md": when that date is among the
		 * header's events, the id carries it.  (File names of some
		 * provinces use the publication date, which headers do not
		 * give: those are not counted.) */
		const char *p = strrchr(files.path[i], '(');
		const lx_event *h;
		size_t nh = lx_doc_history(d, &h);
		bool in_header = false;
		for (size_t k = 0; p && k < nh; k++)
			in_header |= h[k].date && strcmp(h[k].action, "施行") &&
			             !strncmp(h[k].date, p + 1, 10);
		if (p && strlen(p) == strlen("(2023-09-01).md") && in_header) {
			dated++;
			const char *at = strrchr(lx_doc_id(d), '@');
			/* The id takes the latest event: never an earlier
			 * one.  A later one means the file name is older than
			 * the amendments its header lists. */
			if (at && strncmp(at + 1, p + 1, 10) >= 0)
				date_match++;
			else
				print_error("%s: id %s\n", files.path[i],
				            lx_doc_id(d));
		}
		assert_int_equal(lx_set_add(all, d), 0);
		free(src);
	}
	/* Citations across the corpus: no link to a node that does not
	 * exist; inside documents, at least 99% of the references whose
	 * target exists are linked. */
	assert_int_equal(lx_set_resolve(all), 0);
	lx_doc *const *dv;
	size_t nd = lx_set_docs(all, &dv), inside = 0, inside_ok = 0,
	       missing = 0, links = 0;
	for (size_t i = 0; i < nd; i++) {
		size_t n = lx_doc_cite_count(dv[i]);
		for (size_t k = 0; k < n; k++) {
			const lx_cite *c = lx_doc_cite(dv[i], k);
			if (lx_cite_get_kind(c) == LX_CITE_ABSOLUTE ||
			    lx_cite_get_kind(c) == LX_CITE_RELATIVE) {
				inside++;
				inside_ok += lx_cite_get_resolved(c);
				missing += !lx_cite_get_resolved(c) &&
				           !strncmp(lx_cite_get_reason(c), "no such", 7);
			}
			for (size_t q = 0; q < lx_cite_target_count(c); q++) {
				const lx_target *t = lx_cite_target(c, q);
				lx_doc *td = !strcmp(t->doc, lx_doc_id(dv[i]))
				                     ? dv[i]
				                     : lx_set_find(all, t->doc);
				assert_non_null(td);
				if (t->eid && !lx_doc_find(td, t->eid))
					fail_msg("%s#%s links to %s#%s, which does "
					         "not exist",
					         lx_doc_id(dv[i]), lx_cite_get_from(c), t->doc,
					         t->eid);
				links++;
			}
		}
	}
	print_message("citations inside documents: %zu, %zu linked, %zu name "
	              "nothing that exists; %zu links checked\n",
	              inside, inside_ok, missing, links);
	assert_true(inside > 10000);
	assert_true(inside_ok * 100 >= (inside - missing) * 99);
	print_message("corpus: %zu files, %zu failed, %zu lost text, %zu "
	              "without title; %zu/%zu ids carry the version date of "
	              "the file name or a later amendment in its header\n",
	              files.n, failed, lost, untitled, date_match, dated);
	assert_int_equal(failed, 0);
	assert_int_equal(lost, 0);
	assert_true(untitled < files.n / 100);
	assert_true(dated > 1000);
	assert_int_equal(date_match, dated);
	lx_set_free(all);
	lx_grammars_free(set);
	lx_files_free(&files);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(whole_corpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
