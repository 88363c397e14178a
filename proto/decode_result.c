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
 * What a client reads: responses ([1, msgid, error, result]) keyed on
 * the method it called, and event notifications.  The same strict rules
 * as for requests: a daemon answering garbage must not crash supctl.
 */

static const char *const error_keys[] = {
	"error_kind", "message", "hook_name",
};
static const char *const exec_result_keys[] = { "pid", "host_pid" };
static const char *const stop_result_keys[] = {
	"cpu_ns", "run_ns", "max_memory_bytes",
};
static const char *const status_keys[] = { "domains" };
static const char *const dom_keys[] = {
	"name", "state", "worker_pid", "cgroup_profile", "processes",
};
static const char *const proc_keys[] = {
	"name", "pid", "host_pid", "state", "cause", "exit_status", "signo",
};
enum { PR_NAME, PR_PID, PR_HOST_PID, PR_STATE, PR_CAUSE, PR_EXIT,
	PR_SIGNO, PR_NKEYS };
static const char *const event_keys[] = { "timestamp_millis", "event" };
static const char *const evbody_keys[] = {
	"type", "domain", "name", "cause", "exit_status", "signo", "size",
};
enum { EV_TYPE, EV_DOMAIN, EV_NAME, EV_CAUSE, EV_EXIT, EV_SIGNO, EV_SIZE,
	EV_NKEYS };

static int	 dec_error(struct proto_dctx *, const msgpack_object *,
		    struct proto_error *);
static int	 dec_exec_result(struct proto_dctx *, const msgpack_object *,
		    struct proto_exec_result *);
static int	 dec_stop_result(struct proto_dctx *, const msgpack_object *,
		    struct proto_stop_result *);
static int	 dec_int32(struct proto_dctx *, const char *,
		    const msgpack_object *, int *, int32_t *);
static int	 dec_proc(struct proto_dctx *, const msgpack_object *,
		    struct proto_proc_status *);
static int	 dec_dom(struct proto_dctx *, const msgpack_object *,
		    struct proto_dom_status *);
static int	 dec_status(struct proto_dctx *, const msgpack_object *,
		    struct proto_status_result *);
static int	 dec_result(struct proto_dctx *, enum proto_method,
		    const msgpack_object *, struct proto_response *);
static int	 dec_response(struct proto_dctx *, enum proto_method,
		    const msgpack_object *, struct proto_response *);
static int	 must_be_nil(struct proto_dctx *, const char *,
		    const msgpack_object *);
static int	 dec_evbody(struct proto_dctx *, const msgpack_object *,
		    struct proto_event *);
static int	 dec_event(struct proto_dctx *, const msgpack_object *,
		    struct proto_event *);

static int
dec_error(struct proto_dctx *c, const msgpack_object *o,
    struct proto_error *e)
{
	const msgpack_object	*v[PROTO_NITEMS(error_keys)];
	size_t			 mark = proto_dec_push(c, "error");
	int			 kind, r = -1;

	if (proto_dec_fields(c, o, error_keys, PROTO_NITEMS(error_keys),
	    v) == -1 ||
	    proto_dec_enum(c, "error_kind", v[0], PD_REQ, proto_errkind_names,
	    PROTO_NITEMS(proto_errkind_names), &kind) == -1 ||
	    proto_dec_strbuf(c, "message", v[1], PD_REQ, e->message,
	    sizeof(e->message)) == -1 ||
	    proto_dec_name(c, "hook_name", v[2], 0, e->hook_name) == -1)
		goto done;
	e->kind = (enum proto_errkind)kind;
	r = 0;
 done:
	proto_dec_pop(c, mark);
	return (r);
}

static int
dec_exec_result(struct proto_dctx *c, const msgpack_object *o,
    struct proto_exec_result *x)
{
	const msgpack_object	*v[PROTO_NITEMS(exec_result_keys)];

	if (proto_dec_fields(c, o, exec_result_keys,
	    PROTO_NITEMS(exec_result_keys), v) == -1 ||
	    proto_dec_int(c, "pid", v[0], PD_REQ, INT64_MIN, INT64_MAX,
	    &x->pid) == -1 ||
	    proto_dec_int(c, "host_pid", v[1], PD_REQ, INT64_MIN, INT64_MAX,
	    &x->host_pid) == -1)
		return (-1);
	return (0);
}

static int
dec_stop_result(struct proto_dctx *c, const msgpack_object *o,
    struct proto_stop_result *x)
{
	const msgpack_object	*v[PROTO_NITEMS(stop_result_keys)];

	if (proto_dec_fields(c, o, stop_result_keys,
	    PROTO_NITEMS(stop_result_keys), v) == -1 ||
	    proto_dec_uint(c, "cpu_ns", v[0], PD_REQ, 0, UINT64_MAX,
	    &x->cpu_ns) == -1 ||
	    proto_dec_uint(c, "run_ns", v[1], PD_REQ, 0, UINT64_MAX,
	    &x->run_ns) == -1 ||
	    proto_dec_uint(c, "max_memory_bytes", v[2], PD_REQ, 0, UINT64_MAX,
	    &x->max_memory_bytes) == -1)
		return (-1);
	return (0);
}

/* An optional int32 (exit_status, signo): *has tells if it was set. */
static int
dec_int32(struct proto_dctx *c, const char *key, const msgpack_object *o,
    int *has, int32_t *out)
{
	int64_t	 v;
	int	 r;

	if ((r = proto_dec_int(c, key, o, 0, INT32_MIN, INT32_MAX, &v)) == -1)
		return (-1);
	*has = r;
	*out = r ? (int32_t)v : 0;
	return (0);
}

static int
dec_proc(struct proto_dctx *c, const msgpack_object *o,
    struct proto_proc_status *p)
{
	const msgpack_object	*v[PR_NKEYS];
	int			 state, cause = PROTO_CAUSE_NONE;

	if (proto_dec_fields(c, o, proc_keys, PR_NKEYS, v) == -1 ||
	    proto_dec_name(c, "name", v[PR_NAME], PD_REQ, p->name) == -1 ||
	    proto_dec_int(c, "pid", v[PR_PID], PD_REQ, INT64_MIN, INT64_MAX,
	    &p->pid) == -1 ||
	    proto_dec_int(c, "host_pid", v[PR_HOST_PID], PD_REQ, INT64_MIN,
	    INT64_MAX, &p->host_pid) == -1 ||
	    proto_dec_enum(c, "state", v[PR_STATE], PD_REQ,
	    proto_procstate_names, PROTO_NITEMS(proto_procstate_names),
	    &state) == -1 ||
	    proto_dec_enum(c, "cause", v[PR_CAUSE], 0, proto_cause_names,
	    PROTO_NITEMS(proto_cause_names), &cause) == -1 ||
	    dec_int32(c, "exit_status", v[PR_EXIT], &p->has_exit_status,
	    &p->exit_status) == -1 ||
	    dec_int32(c, "signo", v[PR_SIGNO], &p->has_signo,
	    &p->signo) == -1)
		return (-1);
	p->state = (enum proto_procstate)state;
	p->cause = (enum proto_cause)cause;
	return (0);
}

static int
dec_dom(struct proto_dctx *c, const msgpack_object *o,
    struct proto_dom_status *d)
{
	const msgpack_object		*v[PROTO_NITEMS(dom_keys)];
	const msgpack_object_array	*a = NULL;
	size_t				 mark, m2, i;
	int				 state, r;

	if (proto_dec_fields(c, o, dom_keys, PROTO_NITEMS(dom_keys),
	    v) == -1 ||
	    proto_dec_name(c, "name", v[0], PD_REQ, d->name) == -1 ||
	    proto_dec_enum(c, "state", v[1], PD_REQ, proto_domstate_names,
	    PROTO_NITEMS(proto_domstate_names), &state) == -1 ||
	    proto_dec_int(c, "worker_pid", v[2], 0, INT64_MIN, INT64_MAX,
	    &d->worker_pid) == -1 ||
	    proto_dec_name(c, "cgroup_profile", v[3], 0,
	    d->cgroup_profile) == -1 ||
	    proto_dec_array(c, "processes", v[4], PD_REQ, PROTO_PROCS_MAX,
	    &a) == -1)
		return (-1);
	d->state = (enum proto_domstate)state;
	if (a->size == 0)
		return (0);
	mark = proto_dec_push(c, "processes");
	r = 0;
	if ((d->procs = calloc(a->size, sizeof(*d->procs))) == NULL)
		r = proto_dec_err(c, "out of memory");
	for (i = 0; r == 0 && i < a->size; i++) {
		m2 = proto_dec_pushi(c, i);
		d->nprocs = i + 1;
		r = dec_proc(c, &a->ptr[i], &d->procs[i]);
		proto_dec_pop(c, m2);
	}
	proto_dec_pop(c, mark);
	return (r);
}

static int
dec_status(struct proto_dctx *c, const msgpack_object *o,
    struct proto_status_result *s)
{
	const msgpack_object		*v[PROTO_NITEMS(status_keys)];
	const msgpack_object_array	*a = NULL;
	size_t				 mark, m2, i;
	int				 r = 0;

	if (proto_dec_fields(c, o, status_keys, PROTO_NITEMS(status_keys),
	    v) == -1 ||
	    proto_dec_array(c, "domains", v[0], PD_REQ, PROTO_DOMAINS_MAX,
	    &a) == -1)
		return (-1);
	if (a->size == 0)
		return (0);
	mark = proto_dec_push(c, "domains");
	if ((s->domains = calloc(a->size, sizeof(*s->domains))) == NULL)
		r = proto_dec_err(c, "out of memory");
	for (i = 0; r == 0 && i < a->size; i++) {
		m2 = proto_dec_pushi(c, i);
		s->ndomains = i + 1;
		r = dec_dom(c, &a->ptr[i], &s->domains[i]);
		proto_dec_pop(c, m2);
	}
	proto_dec_pop(c, mark);
	return (r);
}

static int
dec_result(struct proto_dctx *c, enum proto_method m,
    const msgpack_object *o, struct proto_response *resp)
{
	if (o->type == MSGPACK_OBJECT_NIL)
		return (0);
	if (resp->error.kind != PROTO_E_NONE)
		return (proto_dec_err(c, "result: must be nil with an error"));
	resp->has_result = 1;
	switch (m) {
	case PROTO_M_EXEC:
		return (dec_exec_result(c, o, &resp->r.exec));
	case PROTO_M_STOP:
		return (dec_stop_result(c, o, &resp->r.stop));
	case PROTO_M_STATUS:
		return (dec_status(c, o, &resp->r.status));
	default:
		resp->has_result = 0;
		return (proto_dec_err(c, "result: expected nil"));
	}
}

static int
dec_response(struct proto_dctx *c, enum proto_method m,
    const msgpack_object *o, struct proto_response *resp)
{
	const msgpack_object	*a;
	uint64_t		 v;

	if (o->type != MSGPACK_OBJECT_ARRAY || o->via.array.size != 4)
		return (proto_dec_err(c,
		    "expected [1, msgid, error, result]"));
	a = o->via.array.ptr;
	if (proto_dec_uint(c, "type", &a[0], PD_REQ, PROTO_T_RESPONSE,
	    PROTO_T_RESPONSE, &v) == -1 ||
	    proto_dec_uint(c, "msgid", &a[1], PD_REQ, 0, UINT32_MAX,
	    &v) == -1)
		return (-1);
	resp->msgid = (uint32_t)v;
	if (a[2].type != MSGPACK_OBJECT_NIL &&
	    dec_error(c, &a[2], &resp->error) == -1)
		return (-1);
	return (dec_result(c, m, &a[3], resp));
}

int
proto_decode_response(enum proto_method m, const void *buf, size_t len,
    struct proto_response *resp, struct proto_error *err)
{
	struct proto_dctx	 c;
	struct proto_scan	 sc;
	msgpack_unpacked	 up;
	int			 r;

	memset(resp, 0, sizeof(*resp));
	if ((unsigned int)m >= PROTO_M_MAX) {
		proto_seterr(err, PROTO_E_SERDE, "response: unknown method");
		return (-1);
	}
	if (proto_unpack(buf, len, 1, &up, &sc, err) == -1)
		return (-1);
	proto_dctx_init(&c, proto_method_name(m), err);
	r = dec_response(&c, m, &up.data, resp);
	msgpack_unpacked_destroy(&up);
	if (r == -1) {
		proto_response_free(m, resp);
		return (-1);
	}
	return (0);
}

void
proto_response_free(enum proto_method m, struct proto_response *resp)
{
	struct proto_status_result	*s;
	size_t				 i;

	if (resp == NULL)
		return;
	if (m == PROTO_M_STATUS && resp->has_result) {
		s = &resp->r.status;
		for (i = 0; i < s->ndomains; i++)
			free(s->domains[i].procs);
		free(s->domains);
	}
	memset(resp, 0, sizeof(*resp));
}

static int
must_be_nil(struct proto_dctx *c, const char *key, const msgpack_object *o)
{
	size_t	 mark;

	if (o == NULL)
		return (0);
	mark = proto_dec_push(c, key);
	(void)proto_dec_err(c, "must be nil for this event type");
	proto_dec_pop(c, mark);
	return (-1);
}

/*
 * process_termination: domain, name and cause, and exactly one of
 * exit_status and signo; event_loss: size alone.
 */
static int
dec_evbody(struct proto_dctx *c, const msgpack_object *o,
    struct proto_event *ev)
{
	const msgpack_object	*v[EV_NKEYS];
	int			 type, cause, has_exit, has_sig;

	if (proto_dec_fields(c, o, evbody_keys, EV_NKEYS, v) == -1 ||
	    proto_dec_enum(c, "type", v[EV_TYPE], PD_REQ, proto_evtype_names,
	    PROTO_NITEMS(proto_evtype_names), &type) == -1)
		return (-1);
	ev->type = (uint32_t)type;
	if (type == PROTO_EV_LOSS) {
		if (must_be_nil(c, "domain", v[EV_DOMAIN]) == -1 ||
		    must_be_nil(c, "name", v[EV_NAME]) == -1 ||
		    must_be_nil(c, "cause", v[EV_CAUSE]) == -1 ||
		    must_be_nil(c, "exit_status", v[EV_EXIT]) == -1 ||
		    must_be_nil(c, "signo", v[EV_SIGNO]) == -1 ||
		    proto_dec_uint(c, "size", v[EV_SIZE], PD_REQ, 0,
		    UINT64_MAX, &ev->size) == -1)
			return (-1);
		return (0);
	}
	if (must_be_nil(c, "size", v[EV_SIZE]) == -1 ||
	    proto_dec_name(c, "domain", v[EV_DOMAIN], PD_REQ,
	    ev->domain) == -1 ||
	    proto_dec_name(c, "name", v[EV_NAME], PD_REQ, ev->name) == -1 ||
	    proto_dec_enum(c, "cause", v[EV_CAUSE], PD_REQ, proto_cause_names,
	    PROTO_NITEMS(proto_cause_names), &cause) == -1 ||
	    dec_int32(c, "exit_status", v[EV_EXIT], &has_exit,
	    &ev->exit_status) == -1 ||
	    dec_int32(c, "signo", v[EV_SIGNO], &has_sig, &ev->signo) == -1)
		return (-1);
	if (has_exit == has_sig)
		return (proto_dec_err(c,
		    "expected exactly one of exit_status and signo"));
	ev->cause = (uint32_t)cause;
	ev->has_exit_status = (uint8_t)has_exit;
	ev->has_signo = (uint8_t)has_sig;
	return (0);
}

static int
dec_event(struct proto_dctx *c, const msgpack_object *o,
    struct proto_event *ev)
{
	const msgpack_object	*a, *v[PROTO_NITEMS(event_keys)];
	uint64_t		 t;
	size_t			 mark;
	int			 r;

	if (o->type != MSGPACK_OBJECT_ARRAY || o->via.array.size != 3)
		return (proto_dec_err(c, "expected [2, \"event\", [event]]"));
	a = o->via.array.ptr;
	if (proto_dec_uint(c, "type", &a[0], PD_REQ, PROTO_T_NOTIFY,
	    PROTO_T_NOTIFY, &t) == -1)
		return (-1);
	if (a[1].type != MSGPACK_OBJECT_STR || a[1].via.str.size != 5 ||
	    memcmp(a[1].via.str.ptr, "event", 5) != 0)
		return (proto_dec_err(c, "method: expected \"event\""));
	if (a[2].type != MSGPACK_OBJECT_ARRAY || a[2].via.array.size != 1)
		return (proto_dec_err(c, "params: expected [event]"));
	if (proto_dec_fields(c, &a[2].via.array.ptr[0], event_keys,
	    PROTO_NITEMS(event_keys), v) == -1 ||
	    proto_dec_uint(c, "timestamp_millis", v[0], PD_REQ, 0, UINT64_MAX,
	    &ev->timestamp_millis) == -1)
		return (-1);
	mark = proto_dec_push(c, "event");
	if (v[1] == NULL)
		r = proto_dec_err(c, "required field missing or nil");
	else
		r = dec_evbody(c, v[1], ev);
	proto_dec_pop(c, mark);
	return (r);
}

int
proto_decode_event(const void *buf, size_t len, struct proto_event *ev,
    struct proto_error *err)
{
	struct proto_dctx	 c;
	struct proto_scan	 sc;
	msgpack_unpacked	 up;
	int			 r;

	memset(ev, 0, sizeof(*ev));
	if (proto_unpack(buf, len, 1, &up, &sc, err) == -1)
		return (-1);
	proto_dctx_init(&c, "event", err);
	r = dec_event(&c, &up.data, ev);
	msgpack_unpacked_destroy(&up);
	if (r == -1)
		memset(ev, 0, sizeof(*ev));
	return (r);
}
