/*
 * fuzz_docx.c: the DOCX reader through lx_parse_buffer.  The first byte
 * chooses what the rest is: 0 mod 3, the whole file (a ZIP); otherwise
 * the rest is split at its first 0xFF byte into word/document.xml and
 * word/numbering.xml (1 mod 3) or word/styles.xml (2 mod 3) of a DOCX
 * built here in memory (stored, not deflated), so that most inputs reach
 * the XML walker rather than stopping at the ZIP's checks.  Seeds:
 * fuzz/seeds/docx (tools/make_docx_fixtures.py).
 */
#include <zip.h>

#include "fuzz.h"

/* A ZIP of the parts (stored), malloc'd into *out; false on failure. */
static bool build(const char *const *names, const uint8_t *const *data,
                  const size_t *lens, size_t n, char **out, size_t *len)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_error_fini(&ze);
	if (!mem)
		return false;
	zip_source_keep(mem);
	zip_t *z = zip_open_from_source(mem, ZIP_TRUNCATE, NULL);
	bool ok = z != NULL;
	for (size_t i = 0; ok && i < n; i++) {
		zip_source_t *s = zip_source_buffer(z, data[i], lens[i], 0);
		zip_int64_t at = s ? zip_file_add(z, names[i], s, 0) : -1;
		if (at < 0) {
			zip_source_free(s);
			ok = false;
		} else
			zip_set_file_compression(z, (zip_uint64_t)at, ZIP_CM_STORE,
			                         0);
	}
	if (z && (!ok || zip_close(z) != 0)) {
		zip_discard(z);
		ok = false;
	}
	zip_stat_t st;
	*out = NULL;
	if (ok && zip_source_stat(mem, &st) == 0 && zip_source_open(mem) == 0) {
		*out = malloc(st.size ? st.size : 1);
		ok = *out && zip_source_read(mem, *out, st.size) ==
		                     (zip_int64_t)st.size;
		zip_source_close(mem);
		*len = st.size;
	} else
		ok = false;
	zip_source_free(mem);
	if (!ok) {
		free(*out);
		*out = NULL;
	}
	return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	int mode = data[0] % 3;
	data++;
	size--;
	char *zip = NULL;
	const char *buf = (const char *)data;
	size_t len = size;
	if (mode) {
		size_t cut = fuzz_split(data, size);
		const char *names[] = {"word/document.xml",
		                       mode == 1 ? "word/numbering.xml"
		                                 : "word/styles.xml"};
		const uint8_t *parts[] = {data, data + cut + (cut < size)};
		size_t lens[] = {cut, size - cut - (cut < size)};
		if (!build(names, parts, lens, 2, &zip, &len))
			return 0;
		buf = zip;
	}
	fuzz_parse_render("fuzz.docx", buf, len, NULL);
	free(zip);
	return 0;
}
