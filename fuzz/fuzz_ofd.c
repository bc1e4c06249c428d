/*
 * fuzz_ofd.c: the OFD reader and the layout behind it.  An input that is
 * a ZIP (PK...) is parsed as it is; any other is the XML of a page's
 * Content.xml, and after a 0xFF byte that of Document.xml, packed here
 * into an OFD (stored, so that the mutations reach the XML) with an
 * OFD.xml naming it.  Then the parse, the citations and the renderers.
 */
#include <zip.h>

#include "fuzz.h"

static const char ofd_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\" Version=\"1.0\" "
	"DocType=\"OFD\"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml"
	"</ofd:DocRoot></ofd:DocBody></ofd:OFD>";
static const char document_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<ofd:Document xmlns:ofd=\"http://www.ofdspec.org/2016\">"
	"<ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297"
	"</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages>"
	"<ofd:Page ID=\"1\" BaseLoc=\"Pages/Page_0/Content.xml\"/>"
	"<ofd:Page ID=\"2\" BaseLoc=\"Pages/Page_0/Content.xml\"/>"
	"</ofd:Pages></ofd:Document>";

static bool add(zip_t *z, const char *name, const void *p, size_t n)
{
	zip_source_t *s = zip_source_buffer(z, p, n, 0);
	if (!s)
		return false;
	zip_int64_t i = zip_file_add(z, name, s, ZIP_FL_OVERWRITE);
	if (i < 0) {
		zip_source_free(s);
		return false;
	}
	zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0);
	return true;
}

/* The OFD of a page's XML (and a Document.xml): malloc'd, or NULL. */
static char *pack(const uint8_t *data, size_t size, size_t *len)
{
	size_t cut = fuzz_split(data, size);
	const uint8_t *doc = cut < size ? data + cut + 1 : NULL;
	size_t ndoc = cut < size ? size - cut - 1 : 0;
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_t *z = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
	zip_error_fini(&ze);
	if (!z) {
		if (src)
			zip_source_free(src);
		return NULL;
	}
	zip_source_keep(src);
	bool ok = add(z, "OFD.xml", ofd_xml, sizeof(ofd_xml) - 1) &&
	          add(z, "Doc_0/Document.xml", ndoc ? (const void *)doc
	                                            : document_xml,
	              ndoc ? ndoc : sizeof(document_xml) - 1) &&
	          add(z, "Doc_0/Pages/Page_0/Content.xml", data, cut);
	char *out = NULL;
	if (ok && zip_close(z) == 0) {
		zip_stat_t st;
		if (zip_source_stat(src, &st) == 0 &&
		    zip_source_open(src) == 0) {
			out = malloc(st.size ? st.size : 1);
			zip_int64_t got =
				out ? zip_source_read(src, out, st.size) : -1;
			if (got < 0) {
				free(out);
				out = NULL;
			} else
				*len = (size_t)got;
			zip_source_close(src);
		}
	} else
		zip_discard(z);
	zip_source_free(src);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = NULL;
	size_t len = size;
	if (size >= 2 && data[0] == 'P' && data[1] == 'K')
		buf = NULL;
	else if (!(buf = pack(data, size, &len)))
		return 0;
	fuzz_parse_render("fuzz.ofd", buf ? buf : (const char *)data, len, NULL);
	free(buf);
	return 0;
}
