/*
 * fuzz_pdf.c: reader/pdf.c (poppler-glib, then the layout module) and the
 * stages after it on any bytes read as a PDF: "%PDF-1.7" is put before an
 * input that lacks it and "%%EOF" after one that lacks it, so that the
 * format is told as PDF and the truncation check lets the bytes through
 * to poppler.  Seeds: tests/data/pdf (those under -max_len).
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char head[] = "%PDF-1.7\n", tail[] = "\n%%EOF\n";
	bool has_head = size >= 5 && !memcmp(data, "%PDF-", 5);
	size_t t = size < 1024 ? size : 1024;
	bool has_tail = memmem(data + size - t, t, "%%EOF", 5) != NULL;
	size_t len = (has_head ? 0 : sizeof(head) - 1) + size +
	             (has_tail ? 0 : sizeof(tail) - 1);
	char *buf = malloc(len ? len : 1);
	if (!buf)
		return 0;
	size_t at = 0;
	if (!has_head) {
		memcpy(buf, head, sizeof(head) - 1);
		at = sizeof(head) - 1;
	}
	if (size)
		memcpy(buf + at, data, size);
	at += size;
	if (!has_tail)
		memcpy(buf + at, tail, sizeof(tail) - 1);
	fuzz_parse_render("fuzz.pdf", buf, len, NULL);
	free(buf);
	return 0;
}
