/*
 * Copyright (c) 2026 The supd developers
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 *
 * THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
 * WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
 * MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
 * ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
 * WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
 * ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF
 * OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "proto_int.h"

/*
 * Requests and the params of every method but configure (which has its
 * own file).  Each params decoder gets the params map, or an empty map
 * for "[]", so a method with a required field answers "domain: required
 * field missing or nil" rather than a vaguer error.
 */

static const char *const start_keys[] = { "domain", "cgroup_profile" };
static const char *const exec_keys[] = {
	"domain", "name", "path", "args", "cwd", "env", "logs_sock", "fds",
	"stdin", "stdout", "stderr", "extra_files",
};
enum { EX_DOMAIN, EX_NAME, EX_PATH, EX_ARGS, EX_CWD, EX_ENV, EX_LOGS,
	EX_FDS, EX_STDIN, EX_STDOUT, EX_STDERR, EX_EXTRA, EX_NKEYS };
/* terminate takes the first two, kill all four. */
static const char *const target_keys[] = {
	"domain", "name", "timeout", "Timeout",
};
static const char *const stop_keys[] = { "domain", "timeout", "Timeout" };
static const char *const thaw_keys[] = { "domain", "cgroup_profile" };
static const char *const domain_keys[] = { "domain" };

static int	 dec_start(struct proto_dctx *, const msgpack_object *,
		    struct proto_start *);
static int	 dec_index(struct proto_dctx *, const char *,
		    const msgpack_object *, uint32_t, int32_t *);
static int	 dec_extra(struct proto_dctx *, const msgpack_object *,
		    struct proto_exec *);
static int	 dec_exec(struct proto_dctx *, const msgpack_object *,
		    struct proto_exec *);
static int	 dec_timeout(struct proto_dctx *, const msgpack_object *,
		    const msgpack_object *, int *, uint64_t *);
static int	 dec_target(struct proto_dctx *, enum proto_method,
		    const msgpack_object *, struct proto_target *);
static int	 dec_domreq(struct proto_dctx *, enum proto_method,
		    const msgpack_object *, struct proto_domreq *);
static int	 dec_params(struct proto_dctx *, enum proto_method,
		    const msgpack_object *, union proto_params *);
static int	 dec_request(struct proto_dctx *, const msgpack_object *,
		    struct proto_request *);
static void	 exec_free(struct proto_exec *);

static int
dec_start(struct proto_dctx *c, const msgpack_object *o,
    struct proto_start *s)
{
	const msgpack_object	*v[PROTO_NITEMS(start_keys)];

	if (proto_dec_fields(c, o, start_keys, PROTO_NITEMS(start_keys),
	    v) == -1 ||
	    proto_dec_name(c, "domain", v[0], PD_REQ, s->domain) == -1 ||
	    proto_dec_name(c, "cgroup_profile", v[1], 0,
	    s->cgroup_profile) == -1)
		return (-1);
	return (0);
}

/* An index into the request's "fds" descriptors. */
static int
dec_index(struct proto_dctx *c, const char *key, const msgpack_object *o,
    uint32_t nfds, int32_t *idx)
{
	uint64_t	 v;
	size_t		 mark = proto_dec_push(c, key);
	int		 r;

	r = proto_dec_uint(c, NULL, o, 0, 0, UINT32_MAX, &v);
	if (r == 1 && v >= nfds)
		r = proto_dec_err(c, "index %llu out of range (fds is %u)",
		    (unsigned long long)v, nfds);
	if (r == 1)
		*idx = (int32_t)v;
	proto_dec_pop(c, mark);
	return (r);
}

static int
dec_extra(struct proto_dctx *c, const msgpack_object *o,
    struct proto_exec *e)
{
	const msgpack_object_array	*a = NULL;
	size_t				 mark, m2, i;
	int				 r;

	r = proto_dec_array(c, "extra_files", o, 0, PROTO_EXTRA_MAX, &a);
	if (r != 1 || a->size == 0)
		return (r);
	mark = proto_dec_push(c, "extra_files");
	if ((e->extra = calloc(a->size, sizeof(*e->extra))) == NULL)
		r = proto_dec_err(c, "out of memory");
	for (i = 0; r == 1 && i < a->size; i++) {
		m2 = proto_dec_pushi(c, i);
		r = dec_index(c, NULL, &a->ptr[i], e->nfds, &e->extra[i]);
		proto_dec_pop(c, m2);
	}
	if (r == 1)
		e->nextra = a->size;
	proto_dec_pop(c, mark);
	return (r);
}

static int
dec_exec(struct proto_dctx *c, const msgpack_object *o, struct proto_exec *e)
{
	const msgpack_object	*v[EX_NKEYS];
	uint64_t		 nfds = 0;
	int			 r;

	e->stdin_idx = e->stdout_idx = e->stderr_idx = PROTO_FD_NONE;
	if (proto_dec_fields(c, o, exec_keys, EX_NKEYS, v) == -1 ||
	    proto_dec_name(c, "domain", v[EX_DOMAIN], PD_REQ,
	    e->domain) == -1 ||
	    proto_dec_name(c, "name", v[EX_NAME], PD_REQ, e->name) == -1 ||
	    proto_dec_path(c, "path", v[EX_PATH], PD_REQ, &e->path) == -1 ||
	    proto_dec_strv(c, "args", v[EX_ARGS], 0, PROTO_ARGS_MAX,
	    PROTO_ARG_MAX, &e->args) == -1 ||
	    proto_dec_path(c, "cwd", v[EX_CWD], 0, &e->cwd) == -1 ||
	    proto_dec_path(c, "logs_sock", v[EX_LOGS], 0,
	    &e->logs_sock) == -1)
		return (-1);
	if ((r = proto_dec_env(c, "env", v[EX_ENV], 0, &e->env)) == -1)
		return (-1);
	e->has_env = r;
	if (proto_dec_uint(c, "fds", v[EX_FDS], 0, 0, PROTO_FDS_MAX,
	    &nfds) == -1)
		return (-1);
	e->nfds = (uint32_t)nfds;
	if (dec_index(c, "stdin", v[EX_STDIN], e->nfds, &e->stdin_idx) == -1 ||
	    dec_index(c, "stdout", v[EX_STDOUT], e->nfds,
	    &e->stdout_idx) == -1 ||
	    dec_index(c, "stderr", v[EX_STDERR], e->nfds,
	    &e->stderr_idx) == -1 ||
	    dec_extra(c, v[EX_EXTRA], e) == -1)
		return (-1);
	return (0);
}

/* "timeout", or "Timeout" as the seed spells it; never both. */
static int
dec_timeout(struct proto_dctx *c, const msgpack_object *lower,
    const msgpack_object *upper, int *has, uint64_t *ms)
{
	size_t	 mark;
	int	 r;

	if (lower != NULL && upper != NULL) {
		mark = proto_dec_push(c, "timeout");
		r = proto_dec_err(c, "both timeout and Timeout given");
		proto_dec_pop(c, mark);
		return (r);
	}
	if (lower != NULL)
		r = proto_dec_uint(c, "timeout", lower, 0, 0, UINT64_MAX, ms);
	else
		r = proto_dec_uint(c, "Timeout", upper, 0, 0, UINT64_MAX, ms);
	if (r == -1)
		return (-1);
	*has = r;
	return (0);
}

static int
dec_target(struct proto_dctx *c, enum proto_method m,
    const msgpack_object *o, struct proto_target *t)
{
	const msgpack_object	*v[PROTO_NITEMS(target_keys)];
	size_t			 nkeys;

	nkeys = m == PROTO_M_KILL ? PROTO_NITEMS(target_keys) : 2;
	if (proto_dec_fields(c, o, target_keys, nkeys, v) == -1 ||
	    proto_dec_name(c, "domain", v[0], PD_REQ, t->domain) == -1 ||
	    proto_dec_name(c, "name", v[1], PD_REQ, t->name) == -1)
		return (-1);
	if (m == PROTO_M_KILL &&
	    dec_timeout(c, v[2], v[3], &t->has_timeout, &t->timeout) == -1)
		return (-1);
	return (0);
}

/* stop, freeze, thaw, events, status */
static int
dec_domreq(struct proto_dctx *c, enum proto_method m,
    const msgpack_object *o, struct proto_domreq *d)
{
	const msgpack_object	*v[PROTO_NITEMS(stop_keys)];
	int			 req;

	req = (m == PROTO_M_EVENTS || m == PROTO_M_STATUS) ? 0 : PD_REQ;
	switch (m) {
	case PROTO_M_STOP:
		if (proto_dec_fields(c, o, stop_keys,
		    PROTO_NITEMS(stop_keys), v) == -1 ||
		    dec_timeout(c, v[1], v[2], &d->has_timeout,
		    &d->timeout) == -1)
			return (-1);
		break;
	case PROTO_M_THAW:
		if (proto_dec_fields(c, o, thaw_keys,
		    PROTO_NITEMS(thaw_keys), v) == -1 ||
		    proto_dec_name(c, "cgroup_profile", v[1], 0,
		    d->cgroup_profile) == -1)
			return (-1);
		break;
	default:
		if (proto_dec_fields(c, o, domain_keys,
		    PROTO_NITEMS(domain_keys), v) == -1)
			return (-1);
		break;
	}
	return (proto_dec_name(c, "domain", v[0], req, d->domain) == -1 ?
	    -1 : 0);
}

/* params: [] or [map]. */
static int
dec_params(struct proto_dctx *c, enum proto_method m,
    const msgpack_object *o, union proto_params *p)
{
	static const msgpack_object	 empty = {
		.type = MSGPACK_OBJECT_MAP,
	};
	const msgpack_object		*map = &empty;

	if (o->type != MSGPACK_OBJECT_ARRAY || o->via.array.size > 1 ||
	    (o->via.array.size == 1 &&
	    o->via.array.ptr[0].type != MSGPACK_OBJECT_MAP))
		return (proto_dec_err(c, "params: expected [] or [{...}]"));
	if (o->via.array.size == 1)
		map = &o->via.array.ptr[0];
	switch (m) {
	case PROTO_M_PING:
		return (proto_dec_fields(c, map, NULL, 0, NULL));
	case PROTO_M_CONFIGURE:
		return (proto_dec_configure(c, map, &p->configure));
	case PROTO_M_START:
		return (dec_start(c, map, &p->start));
	case PROTO_M_EXEC:
		return (dec_exec(c, map, &p->exec));
	case PROTO_M_TERMINATE:
	case PROTO_M_KILL:
		return (dec_target(c, m, map, &p->target));
	case PROTO_M_STOP:
	case PROTO_M_FREEZE:
	case PROTO_M_THAW:
	case PROTO_M_EVENTS:
	case PROTO_M_STATUS:
		return (dec_domreq(c, m, map, &p->dom));
	default:
		return (proto_dec_err(c, "unknown method"));
	}
}

static int
dec_request(struct proto_dctx *c, const msgpack_object *o,
    struct proto_request *req)
{
	const msgpack_object	*a;
	char			 buf[PROTO_KEYSHOW_MAX + 4];
	uint64_t		 v;
	size_t			 i, n;

	if (o->type != MSGPACK_OBJECT_ARRAY || o->via.array.size != 4)
		return (proto_dec_err(c,
		    "expected [0, msgid, method, params]"));
	a = o->via.array.ptr;
	if (proto_dec_uint(c, "type", &a[0], PD_REQ, PROTO_T_REQUEST,
	    PROTO_T_REQUEST, &v) == -1 ||
	    proto_dec_uint(c, "msgid", &a[1], PD_REQ, 0, UINT32_MAX,
	    &v) == -1)
		return (-1);
	req->msgid = (uint32_t)v;
	if (a[2].type != MSGPACK_OBJECT_STR)
		return (proto_dec_err(c, "method: expected string"));
	if (proto_method_lookup(a[2].via.str.ptr, a[2].via.str.size,
	    &req->method) == -1) {
		/* Printable bytes only: this text reaches logs. */
		n = a[2].via.str.size < PROTO_KEYSHOW_MAX ?
		    a[2].via.str.size : PROTO_KEYSHOW_MAX;
		for (i = 0; i < n; i++)
			buf[i] = proto_name_valid(&a[2].via.str.ptr[i], 1) ?
			    a[2].via.str.ptr[i] : '?';
		buf[n] = '\0';
		return (proto_dec_err(c, "unknown method \"%s\"", buf));
	}
	c->what = proto_method_name(req->method);
	return (dec_params(c, req->method, &a[3], &req->p));
}

int
proto_decode_request(const void *buf, size_t len, struct proto_request *req,
    struct proto_error *err)
{
	struct proto_dctx	 c;
	struct proto_scan	 sc;
	msgpack_unpacked	 up;
	uint32_t		 msgid;
	int			 r;

	memset(req, 0, sizeof(*req));
	if (proto_unpack(buf, len, 1, &up, &sc, err) == -1) {
		if (sc.have_msgid)
			req->msgid = sc.msgid;
		return (-1);
	}
	proto_dctx_init(&c, "request", err);
	r = dec_request(&c, &up.data, req);
	msgpack_unpacked_destroy(&up);
	if (r == -1) {
		/* Nothing stays allocated, but the msgid is answered. */
		msgid = req->msgid;
		proto_request_free(req);
		memset(req, 0, sizeof(*req));
		req->msgid = msgid;
		return (-1);
	}
	return (0);
}

int
proto_decode_params(enum proto_method m, const void *buf, size_t len,
    union proto_params *p, struct proto_error *err)
{
	struct proto_dctx	 c;
	struct proto_scan	 sc;
	msgpack_unpacked	 up;
	int			 r;

	memset(p, 0, sizeof(*p));
	if ((unsigned int)m >= PROTO_M_MAX) {
		proto_seterr(err, PROTO_E_SERDE, "params: unknown method");
		return (-1);
	}
	if (proto_unpack(buf, len, 0, &up, &sc, err) == -1)
		return (-1);
	proto_dctx_init(&c, proto_method_name(m), err);
	r = dec_params(&c, m, &up.data, p);
	msgpack_unpacked_destroy(&up);
	if (r == -1) {
		proto_params_free(m, p);
		return (-1);
	}
	return (0);
}

static void
exec_free(struct proto_exec *e)
{
	free(e->path);
	proto_strv_free(&e->args);
	free(e->cwd);
	proto_env_free(&e->env);
	free(e->logs_sock);
	free(e->extra);
}

void
proto_params_free(enum proto_method m, union proto_params *p)
{
	if (p == NULL)
		return;
	if (m == PROTO_M_CONFIGURE)
		proto_configure_free(&p->configure);
	else if (m == PROTO_M_EXEC)
		exec_free(&p->exec);
	memset(p, 0, sizeof(*p));
}

void
proto_request_free(struct proto_request *req)
{
	if (req == NULL)
		return;
	proto_params_free(req->method, &req->p);
}
