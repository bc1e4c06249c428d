/*
 * package.c: see package.h.
 */
#include <libxml/parser.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "package.h"

int lx_package_open(lx_package *p, const char *name, const char *buf,
                    size_t len, size_t max_entries, size_t max_part,
                    size_t max_total, size_t max_tags, lx_error *err)
{
	*p = (lx_package){.name = name, .err = err, .max_part = max_part,
	                  .max_total = max_total, .max_tags = max_tags};
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(buf, len, 0, &ze);
	p->z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
	if (!p->z) {
		int rc = lx_error_set(err, LX_ERR_DECODE,
		                      "%s: a damaged ZIP archive (%s)", name,
		                      zip_error_strerror(&ze));
		if (src)
			zip_source_free(src);
		zip_error_fini(&ze);
		return rc;
	}
	zip_error_fini(&ze);
	zip_int64_t ne = zip_get_num_entries(p->z, 0);
	if (ne < 0 || (zip_uint64_t)ne > max_entries)
		return lx_error_set(err, LX_ERR_LIMIT,
		                    "%s: %lld entries in the ZIP, over the limit "
		                    "of %zu",
		                    name, (long long)ne, max_entries);
	return LX_OK;
}

void lx_package_close(lx_package *p)
{
	if (p->z)
		zip_discard(p->z); /* frees the source too */
	p->z = NULL;
}

zip_int64_t lx_package_find(const lx_package *p, const char *part)
{
	zip_int64_t i = zip_name_locate(p->z, part, 0);
	return i >= 0 ? i : zip_name_locate(p->z, part, ZIP_FL_NOCASE);
}

int lx_package_read(lx_package *p, const char *part, char **out,
                    size_t *outlen)
{
	*out = NULL;
	*outlen = 0;
	zip_int64_t idx = lx_package_find(p, part);
	if (idx < 0)
		return LX_ERR_NOT_FOUND;
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(p->z, (zip_uint64_t)idx, 0, &st) == 0 &&
	    (st.valid & ZIP_STAT_SIZE)) {
		if (st.size > p->max_part)
			return lx_error_set(
				p->err, LX_ERR_LIMIT,
				"%s: %s: declares %llu bytes uncompressed, "
				"over the limit of %zu bytes per part",
				p->name, part, (unsigned long long)st.size,
				p->max_part);
		if (p->total + st.size > p->max_total)
			return lx_error_set(
				p->err, LX_ERR_LIMIT,
				"%s: %s: declares %llu bytes uncompressed, "
				"over the limit of %zu bytes for all the parts",
				p->name, part, (unsigned long long)st.size,
				p->max_total);
	}
	zip_file_t *f = zip_fopen_index(p->z, (zip_uint64_t)idx, 0);
	if (!f)
		return lx_error_set(p->err, LX_ERR_DECODE,
		                    "%s: %s cannot be read (%s)", p->name, part,
		                    zip_strerror(p->z));
	lx_buf b = {0};
	int rc = LX_OK;
	static const size_t CHUNK = 64 * 1024;
	char *chunk = malloc(CHUNK);
	if (!chunk)
		rc = lx_error_set(p->err, LX_ERR_NOMEM, "%s: out of memory",
		                  p->name);
	while (rc == LX_OK) {
		zip_int64_t n = zip_fread(f, chunk, CHUNK);
		if (n < 0) {
			rc = lx_error_set(p->err, LX_ERR_DECODE,
			                  "%s: %s is damaged (%s)", p->name, part,
			                  zip_file_strerror(f));
			break;
		}
		if (n == 0)
			break;
		/* The inflated bytes, counted: the headers may lie. */
		if (b.len + (size_t)n > p->max_part) {
			rc = lx_error_set(p->err, LX_ERR_LIMIT,
			                  "%s: %s: inflates beyond the limit of "
			                  "%zu bytes per part",
			                  p->name, part, p->max_part);
			break;
		}
		if (p->total + (size_t)n > p->max_total) {
			rc = lx_error_set(p->err, LX_ERR_LIMIT,
			                  "%s: %s: the parts inflate beyond the "
			                  "limit of %zu bytes in all",
			                  p->name, part, p->max_total);
			break;
		}
		p->total += (size_t)n;
		lx_buf_add(&b, chunk, (size_t)n);
		if (b.oom)
			rc = lx_error_set(p->err, LX_ERR_NOMEM,
			                  "%s: out of memory", p->name);
	}
	free(chunk);
	zip_fclose(f);
	if (rc != LX_OK) {
		lx_buf_free(&b);
		return rc;
	}
	*outlen = b.len;
	*out = lx_buf_take(&b);
	if (!*out)
		return lx_error_set(p->err, LX_ERR_NOMEM, "%s: out of memory",
		                    p->name);
	return LX_OK;
}

/* A document type declaration stops the parser. */
static void refuse_dtd(void *ctx, const xmlChar *name, const xmlChar *ext,
                       const xmlChar *sys)
{
	xmlParserCtxtPtr c = ctx;
	*(bool *)c->_private = true;
	xmlStopParser(c);
}

static xmlParserInputPtr refuse_entity(void *ctx, const xmlChar *pub,
                                       const xmlChar *sys)
{
	xmlParserCtxtPtr c = ctx;
	*(bool *)c->_private = true;
	xmlStopParser(c);
	return NULL;
}

int lx_package_xml(lx_package *p, const char *part, const char *buf,
                   size_t len, xmlDoc **out)
{
	*out = NULL;
	if (len > INT_MAX)
		return lx_error_set(p->err, LX_ERR_LIMIT, "%s: %s: too large",
		                    p->name, part);
	size_t tags = 0;
	for (const char *q = buf, *end = buf + len;
	     (q = memchr(q, '<', (size_t)(end - q))); q++)
		if (++tags > p->max_tags)
			return lx_error_set(p->err, LX_ERR_LIMIT,
			                    "%s: %s: more than %zu tags, over the "
			                    "limit",
			                    p->name, part, p->max_tags);
	xmlParserCtxtPtr c = xmlNewParserCtxt();
	if (!c || !c->sax) {
		if (c)
			xmlFreeParserCtxt(c);
		return lx_error_set(p->err, LX_ERR_NOMEM, "%s: out of memory",
		                    p->name);
	}
	bool dtd = false;
	c->_private = &dtd;
	/* This context's own handlers: no DTD, no external entity, ever. */
	c->sax->internalSubset = refuse_dtd;
	c->sax->externalSubset = refuse_dtd;
	c->sax->resolveEntity = refuse_entity;
	xmlDoc *doc = xmlCtxtReadMemory(c, buf, (int)len, part, NULL,
	                                XML_PARSE_NONET | XML_PARSE_NOERROR |
	                                        XML_PARSE_NOWARNING |
	                                        XML_PARSE_NOCDATA);
	int rc = LX_OK;
	if (dtd)
		rc = lx_error_set(p->err, LX_ERR_DECODE,
		                  "%s: %s: a document type declaration "
		                  "(<!DOCTYPE>, entities): refused, the parts of "
		                  "a package have none",
		                  p->name, part);
	else if (!doc || !c->wellFormed || !xmlDocGetRootElement(doc)) {
		const xmlError *e = xmlCtxtGetLastError(c);
		char msg[160] = "not XML";
		if (e && e->message) {
			snprintf(msg, sizeof(msg), "%s", e->message);
			msg[strcspn(msg, "\r\n")] = '\0';
		}
		if (e && e->code == XML_ERR_NO_MEMORY)
			rc = lx_error_set(p->err, LX_ERR_NOMEM,
			                  "%s: out of memory", p->name);
		else
			rc = lx_error_set(p->err, LX_ERR_DECODE,
			                  "%s: %s: malformed XML at line %d: %s",
			                  p->name, part, e ? e->line : 0, msg);
	}
	xmlFreeParserCtxt(c);
	if (rc != LX_OK) {
		if (doc)
			xmlFreeDoc(doc);
		return rc;
	}
	*out = doc;
	return LX_OK;
}
