/*
 * serve.h: `lexcn serve`, a local web application and JSON API over an
 * index (libmicrohttpd).  The layer above every other: it uses the index
 * and the library through their public headers, and nothing uses it.
 *
 * server.c: the daemon, the limits, the routing; snap.c: the snapshot of
 * the index (rebuilt when the index has a new revision); api.c: the JSON
 * API; pages.c: the HTML pages (every piece of text HTML-escaped) and the
 * static files.  Calls go server -> pages -> api -> snap, never back.
 */
#ifndef LX_SERVE_H
#define LX_SERVE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include <lexcn/lexcn.h>
#include <lexcn/index.h>

#include "../base/util.h"

/* Limits of one request (documented in lexcn serve --help). */
#define LX_SERVE_MAX_QUERY 4096       /* bytes of q (and of query=): 413 */
#define LX_SERVE_MAX_PAGE 100         /* hits per page (size=) */
#define LX_SERVE_MAX_PAGES 1000       /* page= */
#define LX_SERVE_MAX_COMPARE 16       /* documents compared */
#define LX_SERVE_MAX_URL (128 * 1024)  /* the request line: over it 413 */
/* Memory per connection (MHD): libmicrohttpd zeroes all of it before
 * each request of a kept-alive connection, so its size is a cost per
 * request (3 MB halved the requests/s); a request line that does not fit
 * gets libmicrohttpd's own 414. */
#define LX_SERVE_MEMORY (256 * 1024)
#define LX_SERVE_TIMEOUT 10           /* seconds a connection may idle */
#define LX_SERVE_TIME_LIMIT 10000     /* milliseconds a request may take */

/* The default thread pool: one thread per online core, at least 2 (a slow
 * request then holds one thread of two), at most 64.  Measured on two
 * cores (README, lexcn serve): 32 clients of a narrow query beside 4 of a
 * broad one (12,378 hits), p99 24 and 108 ms with 2 threads against 45
 * and 223 ms with 4. */
unsigned lx_serve_default_threads(void);

typedef struct lx_serve_opts {
	const char *db;     /* the index (a directory or a stub) */
	const char *host;   /* numeric IPv4 address to bind */
	unsigned port;      /* 0: any free port (printed) */
	unsigned threads;   /* MHD's thread pool */
	unsigned timeout;   /* idle seconds per connection; 0: LX_SERVE_TIMEOUT */
	unsigned time_limit; /* ms per request; 0: LX_SERVE_TIME_LIMIT */
	bool quiet;
} lx_serve_opts;

/* One snapshot of the index: the documents of one revision, parsed from
 * the files it holds (citations resolved across them), and a pool of
 * reading handles.  Reference counted: a reload swaps it, the old one is
 * freed when its last request ends. */
typedef struct lx_conn {
	lx_index *ix;
	lx_tokenizer *tk;
} lx_conn;

/* A directory of the server's disk as it may be written in a reply (as
 * is, JSON-escaped, HTML-escaped), cut out of every reply: the paths of
 * the documents become relative to it (lx_snap_scrub). */
typedef struct lx_root {
	char *form;
	size_t len;
	const char *to; /* "" for a form with its last '/', else "." */
} lx_root;

typedef struct lx_snap {
	int refs;
	lx_set *set;
	lx_doc *const *docs;
	size_t ndocs;
	pthread_mutex_t lock;  /* the documents: one request at a time */
	pthread_mutex_t plock; /* the pool */
	lx_conn pool[64];
	size_t npool;
	char *db;
	/* the common directory of the indexed files (with its last '/'),
	 * or, when they have none below '/', the directory of each: their
	 * written forms, longest first */
	lx_root *roots;
	size_t nroots;
} lx_snap;

typedef struct lx_server {
	char *db;
	lx_grammars *g;
	pthread_mutex_t mu;     /* cur, fp, stopping */
	pthread_cond_t wake;    /* the watcher: stop now */
	pthread_t watcher;      /* rebuilds the snapshot on a new revision */
	bool watching, stopping;
	lx_snap *cur;
	char fp[64];
	struct MHD_Daemon *daemon;
	unsigned port;
	unsigned time_limit; /* ms per request */
} lx_server;

/* A response being built: a status, a content type and a body. */
typedef struct lx_reply {
	int status;
	const char *type;
	char *body;
	size_t len;
	const char *disposition; /* Content-Disposition, or NULL */
	bool inline_style; /* the page holds a <style> of a library renderer */
} lx_reply;

/* The parameters of a request, as the handlers see them. */
typedef struct lx_req {
	struct MHD_Connection *c;
	const char *path;
	double deadline; /* CLOCK_MONOTONIC seconds; 0: none */
} lx_req;
const char *lx_req_arg(const lx_req *r, const char *key);
/* True when the request is past its time limit (--time-limit): the
 * handlers stop at their next step and the answer is a 503 timeout. */
bool lx_req_late(const lx_req *r);
/* CLOCK_MONOTONIC, in seconds. */
double lx_now(void);
/* The 503 {error: "timeout"} of a request past its limit. */
void lx_reply_late(lx_reply *rep);

/* Starts the daemon (*out on success).  LX_OK or LX_ERR_IO with err. */
int lx_serve_start(lx_server **out, const lx_serve_opts *o, lx_error *err);
void lx_serve_stop(lx_server *s);

/* snap.c: the fingerprint of the index's files (names, sizes, times);
 * a new snapshot of the index (NULL when it does not open: the reason on
 * stderr unless quiet); the watcher thread (arg: the server), which
 * rebuilds it once a second when the fingerprint changed, until
 * srv->stopping. */
void lx_serve_fingerprint(const char *path, char out[64]);
lx_snap *lx_snap_build(lx_server *srv, bool quiet);
void *lx_serve_watch(void *arg);
/* Cuts the snapshot's roots out of a reply's body (no internals leaked:
 * the documents' paths relative to the corpus).  LX_OK or LX_ERR_NOMEM
 * (the body then left as it was: the caller answers 503). */
int lx_snap_scrub(const lx_snap *s, lx_reply *rep);
/* api.c: the /api/ paths; true when r is one of them (rep filled). */
bool lx_api_route(lx_server *srv, lx_snap *snap, const lx_req *r,
                  lx_reply *rep);

/* The current snapshot, held (lx_snap_release), or NULL when the index
 * cannot be opened. */
lx_snap *lx_serve_acquire(lx_server *s);
void lx_snap_release(lx_snap *s);
/* A reading handle of the snapshot's pool (NULL when it cannot be
 * opened), given back by lx_conn_put. */
lx_conn *lx_conn_get(lx_snap *s);
void lx_conn_put(lx_snap *s, lx_conn *c);
/* Document `id` of the snapshot (its id exactly), or NULL. */
lx_doc *lx_snap_doc(const lx_snap *s, const char *id);

/* A JSON error {error, message} with an HTTP status. */
void lx_reply_error(lx_reply *rep, int status, const char *code,
                    const char *msg);
/* Takes over a buffer of an open_memstream. */
void lx_reply_take(lx_reply *rep, int status, const char *type, char *buf,
                   size_t len);

/* The HTML pages and static files (pages.c): true when the path is one
 * of theirs (rep filled). */
bool lx_pages_route(lx_server *srv, lx_snap *snap, const lx_req *r,
                    lx_reply *rep);
/* Turns a JSON error reply into an HTML page of the same status. */
void lx_html_error(lx_reply *rep);
/* Writes s HTML-escaped (& < > " ', newlines as &#10;: render's
 * lx_html_escape_to); n bytes, or to its end with -1. */
void lx_html_esc(FILE *f, const char *s, long n);
/* Writes s percent-encoded for a URL component. */
void lx_url_esc(FILE *f, const char *s);

/* The API (server.c), used by pages.c too: runs a search of the request's
 * parameters.  On failure a reply is filled and NULL returned. */
typedef struct lx_search_req {
	char *query; /* q with the filters, malloc'd */
	const lx_req *r; /* the request (its deadline) */
	size_t page, size;
	lx_sort sort;
	bool all_versions;
} lx_search_req;
bool lx_search_parse(const lx_req *r, lx_search_req *sr, lx_reply *rep);
lx_results *lx_search_run(lx_snap *snap, lx_conn *cn, const lx_search_req *sr,
                          bool facets, lx_reply *rep);
/* The citations of the snapshot pointing at doc (#eid): malloc'd array,
 * *n of them. */
const lx_cite **lx_cites_to(const lx_snap *s, const char *doc,
                            const char *eid, size_t *n);
/* Documents to compare (docs= or query=): malloc'd array of the
 * snapshot's documents, *n; NULL with rep filled. */
lx_doc **lx_compare_pick(lx_snap *snap, const lx_req *r, size_t *n,
                         lx_reply *rep);

/* places.c: the jurisdiction facet of results as a tree of divisions
 * (provinces holding their cities, cities their counties), in display
 * order: each division right before those within it. */
typedef struct lx_place {
	const char *name; /* the facet value, or the division's full name */
	char code[16];    /* its division code (when division) */
	bool division;    /* a division of the gazetteer: filtered by in: */
	bool named;       /* a value of the facet (not only an ancestor) */
	long own, count;  /* its own count; with the divisions within */
	size_t depth;     /* divisions above it, among these */
	size_t parent;    /* the nearest of them, or SIZE_MAX */
} lx_place;
typedef struct lx_places {
	lx_place *v;
	size_t n, cap;
	lx_arena arena;
} lx_places;
/* LX_OK or LX_ERR_NOMEM (p emptied). */
int lx_places_build(lx_places *p, const lx_results *res);
void lx_places_free(lx_places *p);
/* [{name, count, self, filter: {in|jurisdiction: name}, children}]. */
json_t *lx_places_json(const lx_places *p);

#endif
