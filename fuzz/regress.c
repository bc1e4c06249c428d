/*
 * regress.c: the inputs of fuzz/regressions/TARGET/ as cmocka tests, one
 * per file.  Linked with one fuzz target built without libFuzzer, so that
 * `make test` (and `make test SANITIZE=1`, where a leak or an overflow
 * fails) replays every input that once made that target fail.
 * Usage: regress_TARGET fuzz/regressions/TARGET
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "fuzz.h"
#include "../parser/files.h"

static void replay(void **state)
{
	const char *path = *state;
	size_t n;
	uint8_t *b = (uint8_t *)lx_read_all(path, &n);
	assert_non_null(b);
	/* A failure is a crash, an abort (an invariant of the target) or,
	 * under the sanitizers, a leak or a bad access. */
	assert_int_equal(LLVMFuzzerTestOneInput(b, n), 0);
	free(b);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s fuzz/regressions/TARGET\n", argv[0]);
		return 2;
	}
	DIR *d = opendir(argv[1]);
	if (!d) {
		fprintf(stderr, "%s: cannot open the directory\n", argv[1]);
		return 1;
	}
	char **paths = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char **np = realloc(paths, (n + 1) * sizeof(*paths));
		size_t len = strlen(argv[1]) + strlen(e->d_name) + 2;
		if (!np || !(np[n] = malloc(len)))
			abort();
		paths = np;
		snprintf(paths[n++], len, "%s/%s", argv[1], e->d_name);
	}
	closedir(d);
	if (!n) {
		fprintf(stderr, "%s: no inputs\n", argv[1]);
		return 1;
	}
	qsort(paths, n, sizeof(*paths), by_name);
	struct CMUnitTest *tests = calloc(n, sizeof(*tests));
	if (!tests)
		abort();
	for (size_t i = 0; i < n; i++) {
		tests[i].name = paths[i];
		tests[i].test_func = replay;
		tests[i].initial_state = paths[i];
	}
	int rc = _cmocka_run_group_tests(argv[1], tests, n, NULL, NULL);
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	free(tests);
	return rc;
}
