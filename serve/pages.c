/*
 * pages.c: the HTML pages of `lexcn serve`, server-rendered in Chinese and
 * usable without JavaScript; every piece of text from a document or a
 * request goes through lx_html_esc (or lx_url_esc inside a URL).
 */
#include <stdlib.h>
#include <string.h>

#include "serve.h"

void lx_html_esc(FILE *f, const char *s, long n)
{
	for (long i = 0; s && (n < 0 ? s[i] != '\0' : i < n); i++) {
		switch (s[i]) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: putc(s[i], f);
		}
	}
}

void lx_url_esc(FILE *f, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-_.~", *p))
			putc(*p, f);
		else
			fprintf(f, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
}

bool lx_pages_route(lx_server *srv, lx_snap *snap, const lx_req *r,
                    lx_reply *rep)
{
	(void)srv;
	(void)snap;
	(void)r;
	(void)rep;
	return false;
}
