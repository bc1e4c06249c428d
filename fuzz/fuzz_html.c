/*
 * fuzz_html.c: the HTML reader on any bytes: a page is made of the input
 * (after "<!DOCTYPE html>" when it does not look like HTML, so that the
 * format detection sends it to the reader), parsed, rendered as JSON and
 * text.  Seeds: tests/data/html and the HTML cases of tests/bad.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char pre[] = "<!DOCTYPE html>";
	size_t n = sizeof(pre) - 1;
	bool html = size >= 5 && memmem(data, size < 1024 ? size : 1024,
	                                "<html", 5);
	char *buf = malloc(size + n + 1);
	if (!buf)
		return 0;
	size_t len = 0;
	if (!html) {
		memcpy(buf, pre, n);
		len = n;
	}
	memcpy(buf + len, data, size);
	len += size;
	fuzz_parse_render("fuzz.html", buf, len, NULL);
	free(buf);
	return 0;
}
