/*
 * server.c: `lexcn serve`'s daemon.  libmicrohttpd parses HTTP (its thread
 * pool, internal polling); this file holds the limits of a request, the
 * headers of every reply (no CORS; a Content-Security-Policy) and the
 * routing to the API (api.c) and the pages (pages.c), over the current
 * snapshot (snap.c).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <microhttpd.h>

#include "serve.h"

static void route(lx_server *srv, const lx_req *r, lx_reply *rep)
{
	lx_snap *snap = lx_serve_acquire(srv);
	bool api = !strncmp(r->path, "/api/", 5);
	if (!snap)
		lx_reply_error(rep, 503, "unavailable",
		               "the index cannot be opened now; try again");
	else if (!lx_api_route(srv, snap, r, rep) &&
	         (api || !lx_pages_route(srv, snap, r, rep)))
		lx_reply_error(rep, 404, "not_found", "no such page");
	/* the paths of the server's disk out: relative to the corpus */
	if (snap && lx_snap_scrub(snap, rep)) {
		lx_reply_error(rep, 503, "unavailable", "out of memory");
		rep->disposition = NULL;
		rep->inline_style = false;
		if (!api)
			lx_html_error(rep);
	}
	lx_snap_release(snap);
	/* past the limit: whatever the handler made (it stopped at its next
	 * step), the answer is the timeout */
	if (lx_req_late(r)) {
		lx_reply_late(rep);
		rep->disposition = NULL;
		rep->inline_style = false;
		if (!api)
			lx_html_error(rep);
	}
}

/* ---- the daemon ------------------------------------------------------------- */

/* Per request: the length of its request line (the URI log callback sees
 * it first), the bytes of body seen. */
typedef struct reqstate {
	size_t uri_len, body;
	bool called; /* the handler saw the headers: the next call answers */
} reqstate;

static void *uri_log(void *cls, const char *uri, struct MHD_Connection *c)
{
	(void)cls;
	(void)c;
	reqstate *st = calloc(1, sizeof(*st));
	if (st)
		st->uri_len = strlen(uri);
	return st;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	free(*con_cls);
	*con_cls = NULL;
}

static enum MHD_Result send_reply(struct MHD_Connection *c, lx_reply *rep)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(
		rep->len, rep->body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(rep->body);
		return MHD_NO;
	}
	rep->body = NULL;
	MHD_add_response_header(resp, "Content-Type", rep->type);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	/* scripts only from lexcn itself; the inline <style> of the diff and
	 * compare renderers is allowed on their pages */
	MHD_add_response_header(resp, "Content-Security-Policy",
	                        rep->inline_style
	                                ? "default-src 'self'; style-src 'self' "
	                                  "'unsafe-inline'; object-src 'none'; "
	                                  "base-uri 'none'; frame-ancestors 'none'"
	                                : "default-src 'self'; object-src 'none'; "
	                                  "base-uri 'none'; frame-ancestors 'none'");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (rep->disposition)
		MHD_add_response_header(resp, "Content-Disposition",
		                        rep->disposition);
	if (rep->status == 405)
		MHD_add_response_header(resp, "Allow", "GET, HEAD");
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)rep->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c,
                               const char *url, const char *method,
                               const char *version, const char *upload_data,
                               size_t *upload_data_size, void **con_cls)
{
	(void)version;
	(void)upload_data;
	lx_server *srv = cls;
	reqstate *st = *con_cls;
	lx_reply rep = {0};
	if (!st)
		return MHD_NO;
	bool get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
	if (!get) {
		lx_reply_error(&rep, 405, "method_not_allowed",
		               "only GET and HEAD are served");
		return send_reply(c, &rep);
	}
	/* The first call has the headers only: answering then would leave
	 * libmicrohttpd unsure whether a body follows, and it would close
	 * the connection (no keep-alive).  The answer comes with the call
	 * after the body (if any) is read. */
	if (!st->called) {
		st->called = true;
		return MHD_YES;
	}
	if (*upload_data_size) {
		/* a GET with a body: read and dropped, up to a limit */
		st->body += *upload_data_size;
		*upload_data_size = 0;
		if (st->body > 65536) {
			lx_reply_error(&rep, 413, "too_large", "the request body is "
			               "over the limit");
			return send_reply(c, &rep);
		}
		return MHD_YES;
	}
	if (st->uri_len > LX_SERVE_MAX_URL) {
		lx_reply_error(&rep, 413, "too_large", "the request is over the "
		               "limit");
		return send_reply(c, &rep);
	}
	lx_req r = {c, url, lx_now() + srv->time_limit / 1000.0};
	/* the constant files are no work: no limit */
	if (!strncmp(url, "/static/", 8) || !strcmp(url, "/favicon.ico"))
		r.deadline = 0;
	route(srv, &r, &rep);
	if (!rep.type)
		lx_reply_error(&rep, 503, "unavailable", "out of memory");
	return send_reply(c, &rep);
}

unsigned lx_serve_default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 2 ? 2 : n > 64 ? 64 : (unsigned)n;
}

int lx_serve_start(lx_server **out, const lx_serve_opts *o, lx_error *err)
{
	*out = NULL;
	lx_server *s = calloc(1, sizeof(*s));
	if (!s || !(s->db = strdup(o->db)) ||
	    lx_grammars_builtin(&s->g, err)) {
		if (s)
			free(s->db);
		free(s);
		if (err)
			snprintf(err->msg, sizeof(err->msg), "out of memory");
		return LX_ERR_NOMEM;
	}
	s->time_limit = o->time_limit ? o->time_limit : LX_SERVE_TIME_LIMIT;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->wake, NULL);
	struct sockaddr_in sa = {0};
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)o->port);
	if (inet_pton(AF_INET, o->host, &sa.sin_addr) != 1) {
		if (err)
			snprintf(err->msg, sizeof(err->msg),
			         "--listen %s: not a numeric IPv4 address", o->host);
		lx_serve_stop(s);
		return LX_ERR_USAGE;
	}
	lx_serve_fingerprint(s->db, s->fp);
	s->cur = lx_snap_build(s, o->quiet);
	if (pthread_create(&s->watcher, NULL, lx_serve_watch, s)) {
		if (err)
			snprintf(err->msg, sizeof(err->msg), "cannot start a thread");
		lx_serve_stop(s);
		return LX_ERR_NOMEM;
	}
	s->watching = true;
	s->daemon = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG |
		        MHD_USE_AUTO,
		(uint16_t)o->port, NULL, NULL, handler, s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE,
		o->threads ? o->threads : lx_serve_default_threads(),
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)LX_SERVE_MEMORY,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)256,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)0,
		MHD_OPTION_CONNECTION_TIMEOUT,
		(unsigned)(o->timeout ? o->timeout : LX_SERVE_TIMEOUT),
		MHD_OPTION_URI_LOG_CALLBACK, uri_log, NULL,
		MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
		MHD_OPTION_END);
	if (!s->daemon) {
		if (err)
			snprintf(err->msg, sizeof(err->msg),
			         "cannot listen on %s:%u: %s", o->host, o->port,
			         errno ? strerror(errno) : "refused");
		lx_serve_stop(s);
		return LX_ERR_IO;
	}
	const union MHD_DaemonInfo *di =
		MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : o->port;
	*out = s;
	return LX_OK;
}

void lx_serve_stop(lx_server *s)
{
	if (!s)
		return;
	if (s->daemon)
		MHD_stop_daemon(s->daemon);
	if (s->watching) {
		pthread_mutex_lock(&s->mu);
		s->stopping = true;
		pthread_cond_signal(&s->wake);
		pthread_mutex_unlock(&s->mu);
		pthread_join(s->watcher, NULL);
	}
	lx_snap_release(s->cur);
	lx_grammars_free(s->g);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->wake);
	free(s->db);
	free(s);
}

