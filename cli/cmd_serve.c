/*
 * cmd_serve.c: `lexcn serve`: the web application and JSON API of serve/
 * over an index, until SIGINT or SIGTERM.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "../serve/serve.h"
#include "cli.h"

static void help(FILE *out)
{
	fprintf(out,
	        "usage: lexcn serve --db DIR|STUB [--listen HOST:PORT] [--threads N]\n"
	        "                   [--timeout S] [--time-limit MS]\n\n"
	        "Serves the index read-only over HTTP: pages in Chinese (search,\n"
	        "document, diff, compare) and a JSON API (/api/search, /api/facets,\n"
	        "/api/doc/ID, /api/doc/ID/EID, /api/cite?to=, /api/diff?old=&new=,\n"
	        "/api/compare?docs=|query=; schema/openapi.json).  A new revision\n"
	        "of the index (lexcn index) is picked up within a second.\n"
	        "  --listen HOST:PORT  a numeric IPv4 address (default 127.0.0.1:8080;\n"
	        "                      0.0.0.0:PORT to serve other machines; port 0:\n"
	        "                      any free port)\n"
	        "  --threads N         the thread pool (default one per core, at least 2:\n"
	        "                      here %u; at most 64)\n"
	        "  --timeout S         seconds a connection may stay idle (default %d)\n"
	        "  --time-limit MS     milliseconds a request may take (default %d):\n"
	        "                      over it the answer is a 503 {error: timeout}\n"
	        "Limits: a query of %d KB (413 over it), a request line of 128 KB\n"
	        "(413; over about 250 KB libmicrohttpd's own 414), %d hits a page, %d documents compared, %d s of idle time\n"
	        "per connection (--timeout), the time of a request (--time-limit).  Only GET and HEAD (405 otherwise); no CORS.\n"
	        "Stops on SIGINT or SIGTERM (exit 0).\n",
	        lx_serve_default_threads(), LX_SERVE_TIMEOUT, LX_SERVE_TIME_LIMIT,
	        LX_MAX_QUERY_BYTES / 1024, LX_SERVE_MAX_PAGE,
	        LX_SERVE_MAX_COMPARE, LX_SERVE_TIMEOUT);
}

int cmd_serve(int argc, char **argv)
{
	lx_serve_opts o = {.host = "127.0.0.1", .port = 8080};
	char host[64];
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc) {
			o.db = argv[++i];
		} else if (!strcmp(argv[i], "--listen") && i + 1 < argc) {
			const char *l = argv[++i], *colon = strrchr(l, ':');
			char *end;
			unsigned long p = colon ? strtoul(colon + 1, &end, 10) : 0;
			if (!colon || colon == l || (size_t)(colon - l) >= sizeof(host) ||
			    !colon[1] || *end || p > 65535) {
				fprintf(stderr, "lexcn serve: --listen takes HOST:PORT "
				                "(127.0.0.1:8080), not '%s'\n", l);
				return LX_EXIT_USAGE;
			}
			memcpy(host, l, (size_t)(colon - l));
			host[colon - l] = '\0';
			o.host = host;
			o.port = (unsigned)p;
		} else if (!strcmp(argv[i], "--threads") && i + 1 < argc) {
			char *end;
			unsigned long t = strtoul(argv[++i], &end, 10);
			if (*end || t < 1 || t > 64) {
				fprintf(stderr, "lexcn serve: --threads takes 1 to 64\n");
				return LX_EXIT_USAGE;
			}
			o.threads = (unsigned)t;
		} else if (!strcmp(argv[i], "--timeout") && i + 1 < argc) {
			char *end;
			unsigned long t = strtoul(argv[++i], &end, 10);
			if (*end || t < 1 || t > 3600) {
				fprintf(stderr, "lexcn serve: --timeout takes 1 to 3600 "
				                "seconds\n");
				return LX_EXIT_USAGE;
			}
			o.timeout = (unsigned)t;
		} else if (!strcmp(argv[i], "--time-limit") && i + 1 < argc) {
			char *end;
			unsigned long t = strtoul(argv[++i], &end, 10);
			if (*end || t < 1 || t > 3600000) {
				fprintf(stderr, "lexcn serve: --time-limit takes 1 to "
				                "3600000 milliseconds\n");
				return LX_EXIT_USAGE;
			}
			o.time_limit = (unsigned)t;
		} else if (!strcmp(argv[i], "--help")) {
			help(stdout);
			return LX_EXIT_OK;
		} else {
			fprintf(stderr, "lexcn serve: unknown or incomplete option "
			                "'%s' (lexcn serve --help)\n", argv[i]);
			return LX_EXIT_USAGE;
		}
	}
	if (!o.db) {
		fprintf(stderr, "lexcn serve: give --db DIR\n");
		return LX_EXIT_USAGE;
	}
	/* The signals are taken by sigwait below: blocked before the
	 * daemon's threads start, so that they inherit the mask. */
	sigset_t sigs;
	/* a shell starts a background job with SIGINT ignored: an ignored
	 * signal never reaches sigwait */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	lx_server *srv;
	lx_error err = {0};
	int rc = lx_serve_start(&srv, &o, &err);
	if (rc) {
		fprintf(stderr, "lexcn serve: %s\n", err.msg);
		return rc == LX_ERR_USAGE ? LX_EXIT_USAGE
		       : rc == LX_ERR_NOMEM ? LX_EXIT_INTERNAL : LX_EXIT_INPUT;
	}
	printf("lexcn serve: %s on http://%s:%u/\n", o.db, o.host, srv->port);
	fflush(stdout);
	int sig;
	sigwait(&sigs, &sig);
	lx_serve_stop(srv);
	return LX_EXIT_OK;
}
