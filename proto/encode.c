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

#include <errno.h>
#include <string.h>

#include "proto.h"
#include "proto_int.h"

/*
 * Encoders: exactly the shapes the decoders accept, so that decoding
 * what was encoded gives back the same struct.  Absent optional fields
 * are left out (nil in events and results, where every key is always
 * sent).  On failure the buffer is cut back to its previous size.
 */

static int	 enc_str(msgpack_packer *, const char *);
static int	 enc_nstr(msgpack_packer *, const char *);
static int	 enc_strv(msgpack_packer *, const struct proto_strv *);
static int	 enc_env(msgpack_packer *, const struct proto_env *);
static int	 enc_kstr(msgpack_packer *, const char *, const char *);
static int	 enc_ku64(msgpack_packer *, const char *, uint64_t);
static int	 enc_ki64(msgpack_packer *, const char *, int64_t);
static int	 enc_kopti32(msgpack_packer *, const char *, int, int32_t);
static int	 enc_mount(msgpack_packer *, const struct proto_mount *);
static int	 enc_caps(msgpack_packer *, const struct proto_caps *);
static int	 enc_cgprofile(msgpack_packer *,
		    const struct proto_cgprofile *);
static int	 enc_exec_user(msgpack_packer *,
		    const struct proto_configure *);
static int	 enc_hook(msgpack_packer *, const struct proto_hook *);
static int	 enc_configure(msgpack_packer *,
		    const struct proto_configure *);
static int	 enc_exec(msgpack_packer *, const struct proto_exec *);
static int	 enc_domain_only(msgpack_packer *, const char *,
		    const char *, const char *, int, uint64_t);
static int	 enc_params(msgpack_packer *, enum proto_method,
		    const union proto_params *);
static int	 enc_error(msgpack_packer *, const struct proto_error *);
static int	 enc_proc(msgpack_packer *, const struct proto_proc_status *);
static int	 enc_dom(msgpack_packer *, const struct proto_dom_status *);
static int	 enc_result(msgpack_packer *, enum proto_method,
		    const union proto_result *);
static int	 enc_evbody(msgpack_packer *, const struct proto_event *);
static int	 enc_done(msgpack_sbuffer *, size_t, int);

static int
enc_str(msgpack_packer *pk, const char *s)
{
	size_t	 len;

	if (s == NULL) {
		errno = EINVAL;
		return (-1);
	}
	len = strlen(s);
	if (msgpack_pack_str(pk, len) == -1 ||
	    msgpack_pack_str_body(pk, s, len) == -1)
		return (-1);
	return (0);
}

/* NULL or "" as nil. */
static int
enc_nstr(msgpack_packer *pk, const char *s)
{
	if (s == NULL || *s == '\0')
		return (msgpack_pack_nil(pk));
	return (enc_str(pk, s));
}

static int
enc_strv(msgpack_packer *pk, const struct proto_strv *sv)
{
	size_t	 i;

	if (msgpack_pack_array(pk, sv->n) == -1)
		return (-1);
	for (i = 0; i < sv->n; i++) {
		if (enc_str(pk, sv->v[i]) == -1)
			return (-1);
	}
	return (0);
}

static int
enc_env(msgpack_packer *pk, const struct proto_env *env)
{
	size_t	 i;

	if (msgpack_pack_map(pk, env->n) == -1)
		return (-1);
	for (i = 0; i < env->n; i++) {
		if (enc_str(pk, env->kv[i].key) == -1 ||
		    enc_str(pk, env->kv[i].value) == -1)
			return (-1);
	}
	return (0);
}

static int
enc_kstr(msgpack_packer *pk, const char *k, const char *v)
{
	return (enc_str(pk, k) == -1 || enc_str(pk, v) == -1 ? -1 : 0);
}

static int
enc_ku64(msgpack_packer *pk, const char *k, uint64_t v)
{
	return (enc_str(pk, k) == -1 || msgpack_pack_uint64(pk, v) == -1 ?
	    -1 : 0);
}

static int
enc_ki64(msgpack_packer *pk, const char *k, int64_t v)
{
	return (enc_str(pk, k) == -1 || msgpack_pack_int64(pk, v) == -1 ?
	    -1 : 0);
}

/* key: int, or nil when not set */
static int
enc_kopti32(msgpack_packer *pk, const char *k, int has, int32_t v)
{
	if (enc_str(pk, k) == -1)
		return (-1);
	return (has ? msgpack_pack_int32(pk, v) : msgpack_pack_nil(pk));
}

static int
enc_mount(msgpack_packer *pk, const struct proto_mount *m)
{
	size_t	 n = 1;

	if ((unsigned int)m->type >= PROTO_NITEMS(proto_mount_names)) {
		errno = EINVAL;
		return (-1);
	}
	n += (m->source != NULL) + (m->destination != NULL) +
	    (m->fs_type != NULL) + (m->options.n > 0) +
	    (m->has_chowner != 0) + (m->has_chmode != 0);
	if (msgpack_pack_map(pk, n) == -1 ||
	    enc_kstr(pk, "type", proto_mount_names[m->type]) == -1)
		return (-1);
	if (m->source != NULL && enc_kstr(pk, "source", m->source) == -1)
		return (-1);
	if (m->destination != NULL &&
	    enc_kstr(pk, "destination", m->destination) == -1)
		return (-1);
	if (m->fs_type != NULL && enc_kstr(pk, "fs_type", m->fs_type) == -1)
		return (-1);
	if (m->options.n > 0 && (enc_str(pk, "options") == -1 ||
	    enc_strv(pk, &m->options) == -1))
		return (-1);
	if (m->has_chowner && (enc_str(pk, "chowner") == -1 ||
	    msgpack_pack_array(pk, 2) == -1 ||
	    msgpack_pack_uint32(pk, m->chown_uid) == -1 ||
	    msgpack_pack_uint32(pk, m->chown_gid) == -1))
		return (-1);
	if (m->has_chmode && enc_ku64(pk, "chmode", m->chmode) == -1)
		return (-1);
	return (0);
}

static int
enc_caps(msgpack_packer *pk, const struct proto_caps *caps)
{
	size_t	 i, n = 0;
	int	 cap, ncap;

	for (i = 0; i < PROTO_CAPS_MAX; i++)
		n += (caps->present >> i) & 1;
	if (msgpack_pack_map(pk, n) == -1)
		return (-1);
	for (i = 0; i < PROTO_CAPS_MAX; i++) {
		if (!((caps->present >> i) & 1))
			continue;
		/* A bit with no capability name cannot be sent. */
		if (caps->set[i] >> (PROTO_CAP_LAST + 1) != 0) {
			errno = EINVAL;
			return (-1);
		}
		ncap = __builtin_popcountll(caps->set[i]);
		if (enc_str(pk, proto_capset_names[i]) == -1 ||
		    msgpack_pack_array(pk, (size_t)ncap) == -1)
			return (-1);
		for (cap = 0; cap <= PROTO_CAP_LAST; cap++) {
			if (((caps->set[i] >> cap) & 1) &&
			    enc_str(pk, proto_cap_name(cap)) == -1)
				return (-1);
		}
	}
	return (0);
}

static int
enc_cgprofile(msgpack_packer *pk, const struct proto_cgprofile *p)
{
	size_t	 n = 1 + (p->has_cpu_pct != 0) + (p->has_mem_max != 0);

	if (msgpack_pack_map(pk, n) == -1 ||
	    enc_kstr(pk, "name", p->name) == -1)
		return (-1);
	if (p->has_cpu_pct && (enc_str(pk, "cpu_pct") == -1 ||
	    msgpack_pack_double(pk, p->cpu_pct) == -1))
		return (-1);
	if (p->has_mem_max && enc_ku64(pk, "mem_max", p->mem_max) == -1)
		return (-1);
	return (0);
}

static int
enc_exec_user(msgpack_packer *pk, const struct proto_configure *cfg)
{
	if (msgpack_pack_map(pk, (cfg->has_uid != 0) +
	    (cfg->has_gid != 0)) == -1)
		return (-1);
	if (cfg->has_uid && enc_ku64(pk, "uid", cfg->uid) == -1)
		return (-1);
	if (cfg->has_gid && enc_ku64(pk, "gid", cfg->gid) == -1)
		return (-1);
	return (0);
}

static int
enc_hook(msgpack_packer *pk, const struct proto_hook *h)
{
	size_t	 n = 3 + (h->args.n > 0) + (h->envs.n > 0);

	if (msgpack_pack_map(pk, n) == -1 ||
	    enc_kstr(pk, "name", h->name) == -1 ||
	    enc_kstr(pk, "path", h->path) == -1)
		return (-1);
	if (h->args.n > 0 && (enc_str(pk, "args") == -1 ||
	    enc_strv(pk, &h->args) == -1))
		return (-1);
	if (h->envs.n > 0 && (enc_str(pk, "envs") == -1 ||
	    enc_env(pk, &h->envs) == -1))
		return (-1);
	return (enc_ku64(pk, "timeout_millis", h->timeout_millis));
}

static int
enc_configure(msgpack_packer *pk, const struct proto_configure *cfg)
{
	size_t	 i, n;

	n = 1 + (cfg->has_mounts != 0) + (cfg->has_caps != 0) +
	    (cfg->has_seccomp != 0) + (cfg->has_cgprofiles != 0) +
	    (cfg->has_exec_user != 0) + (cfg->has_hooks != 0);
	if (msgpack_pack_map(pk, n) == -1 ||
	    enc_kstr(pk, "domain", cfg->domain) == -1)
		return (-1);
	if (cfg->has_mounts) {
		if (enc_str(pk, "mounts") == -1 ||
		    msgpack_pack_array(pk, cfg->nmounts) == -1)
			return (-1);
		for (i = 0; i < cfg->nmounts; i++)
			if (enc_mount(pk, &cfg->mounts[i]) == -1)
				return (-1);
	}
	if (cfg->has_caps && (enc_str(pk, "capabilities") == -1 ||
	    enc_caps(pk, &cfg->caps) == -1))
		return (-1);
	if (cfg->has_seccomp && (enc_str(pk, "seccomp_filters") == -1 ||
	    enc_strv(pk, &cfg->seccomp) == -1))
		return (-1);
	if (cfg->has_cgprofiles) {
		if (enc_str(pk, "cgroup_profiles") == -1 ||
		    msgpack_pack_array(pk, cfg->ncgprofiles) == -1)
			return (-1);
		for (i = 0; i < cfg->ncgprofiles; i++)
			if (enc_cgprofile(pk, &cfg->cgprofiles[i]) == -1)
				return (-1);
	}
	if (cfg->has_exec_user && (enc_str(pk, "exec_user") == -1 ||
	    enc_exec_user(pk, cfg) == -1))
		return (-1);
	if (cfg->has_hooks) {
		if (enc_str(pk, "additional_start_hooks") == -1 ||
		    msgpack_pack_array(pk, cfg->nhooks) == -1)
			return (-1);
		for (i = 0; i < cfg->nhooks; i++)
			if (enc_hook(pk, &cfg->hooks[i]) == -1)
				return (-1);
	}
	return (0);
}

static int
enc_exec(msgpack_packer *pk, const struct proto_exec *e)
{
	size_t	 i, n;

	n = 3 + (e->args.n > 0) + (e->cwd != NULL) + (e->has_env != 0) +
	    (e->logs_sock != NULL) + (e->nfds > 0) +
	    (e->stdin_idx != PROTO_FD_NONE) +
	    (e->stdout_idx != PROTO_FD_NONE) +
	    (e->stderr_idx != PROTO_FD_NONE) + (e->nextra > 0);
	if (msgpack_pack_map(pk, n) == -1 ||
	    enc_kstr(pk, "domain", e->domain) == -1 ||
	    enc_kstr(pk, "name", e->name) == -1 ||
	    enc_kstr(pk, "path", e->path) == -1)
		return (-1);
	if (e->args.n > 0 && (enc_str(pk, "args") == -1 ||
	    enc_strv(pk, &e->args) == -1))
		return (-1);
	if (e->cwd != NULL && enc_kstr(pk, "cwd", e->cwd) == -1)
		return (-1);
	if (e->has_env && (enc_str(pk, "env") == -1 ||
	    enc_env(pk, &e->env) == -1))
		return (-1);
	if (e->logs_sock != NULL && enc_kstr(pk, "logs_sock",
	    e->logs_sock) == -1)
		return (-1);
	if (e->nfds > 0 && enc_ku64(pk, "fds", e->nfds) == -1)
		return (-1);
	if ((e->stdin_idx != PROTO_FD_NONE &&
	    enc_ki64(pk, "stdin", e->stdin_idx) == -1) ||
	    (e->stdout_idx != PROTO_FD_NONE &&
	    enc_ki64(pk, "stdout", e->stdout_idx) == -1) ||
	    (e->stderr_idx != PROTO_FD_NONE &&
	    enc_ki64(pk, "stderr", e->stderr_idx) == -1))
		return (-1);
	if (e->nextra > 0) {
		if (enc_str(pk, "extra_files") == -1 ||
		    msgpack_pack_array(pk, e->nextra) == -1)
			return (-1);
		for (i = 0; i < e->nextra; i++)
			if (msgpack_pack_int64(pk, e->extra[i]) == -1)
				return (-1);
	}
	return (0);
}

/*
 * Every method but configure and exec: the domain (required unless
 * empty for events and status), a second name, a timeout.  An empty
 * map is sent as [] rather than [{}].
 */
static int
enc_domain_only(msgpack_packer *pk, const char *domain, const char *k2,
    const char *v2, int has_timeout, uint64_t timeout)
{
	size_t	 n;

	n = (*domain != '\0') + (v2 != NULL && *v2 != '\0') +
	    (has_timeout != 0);
	if (n == 0)
		return (msgpack_pack_array(pk, 0));
	if (msgpack_pack_array(pk, 1) == -1 || msgpack_pack_map(pk, n) == -1)
		return (-1);
	if (*domain != '\0' && enc_kstr(pk, "domain", domain) == -1)
		return (-1);
	if (v2 != NULL && *v2 != '\0' && enc_kstr(pk, k2, v2) == -1)
		return (-1);
	if (has_timeout && enc_ku64(pk, "timeout", timeout) == -1)
		return (-1);
	return (0);
}

static int
enc_params(msgpack_packer *pk, enum proto_method m,
    const union proto_params *p)
{
	switch (m) {
	case PROTO_M_PING:
		return (msgpack_pack_array(pk, 0));
	case PROTO_M_CONFIGURE:
		if (msgpack_pack_array(pk, 1) == -1)
			return (-1);
		return (enc_configure(pk, &p->configure));
	case PROTO_M_EXEC:
		if (msgpack_pack_array(pk, 1) == -1)
			return (-1);
		return (enc_exec(pk, &p->exec));
	case PROTO_M_START:
		return (enc_domain_only(pk, p->start.domain, "cgroup_profile",
		    p->start.cgroup_profile, 0, 0));
	case PROTO_M_TERMINATE:
		return (enc_domain_only(pk, p->target.domain, "name",
		    p->target.name, 0, 0));
	case PROTO_M_KILL:
		return (enc_domain_only(pk, p->target.domain, "name",
		    p->target.name, p->target.has_timeout, p->target.timeout));
	case PROTO_M_STOP:
		return (enc_domain_only(pk, p->dom.domain, NULL, NULL,
		    p->dom.has_timeout, p->dom.timeout));
	case PROTO_M_THAW:
		return (enc_domain_only(pk, p->dom.domain, "cgroup_profile",
		    p->dom.cgroup_profile, 0, 0));
	case PROTO_M_FREEZE:
	case PROTO_M_EVENTS:
	case PROTO_M_STATUS:
		return (enc_domain_only(pk, p->dom.domain, NULL, NULL, 0, 0));
	default:
		errno = EINVAL;
		return (-1);
	}
}

static int
enc_error(msgpack_packer *pk, const struct proto_error *e)
{
	int	 hook = e->hook_name[0] != '\0';

	if ((unsigned int)e->kind >= PROTO_NITEMS(proto_errkind_names)) {
		errno = EINVAL;
		return (-1);
	}
	if (msgpack_pack_map(pk, 2 + hook) == -1 ||
	    enc_kstr(pk, "error_kind", proto_errkind_names[e->kind]) == -1 ||
	    enc_str(pk, "message") == -1 ||
	    msgpack_pack_str(pk, strnlen(e->message, sizeof(e->message))) ==
	    -1 ||
	    msgpack_pack_str_body(pk, e->message, strnlen(e->message,
	    sizeof(e->message))) == -1)
		return (-1);
	if (hook && enc_kstr(pk, "hook_name", e->hook_name) == -1)
		return (-1);
	return (0);
}

static int
enc_proc(msgpack_packer *pk, const struct proto_proc_status *p)
{
	if ((unsigned int)p->state >= PROTO_NITEMS(proto_procstate_names) ||
	    (unsigned int)p->cause >= PROTO_NITEMS(proto_cause_names)) {
		errno = EINVAL;
		return (-1);
	}
	if (msgpack_pack_map(pk, 7) == -1 ||
	    enc_kstr(pk, "name", p->name) == -1 ||
	    enc_ki64(pk, "pid", p->pid) == -1 ||
	    enc_ki64(pk, "host_pid", p->host_pid) == -1 ||
	    enc_kstr(pk, "state", proto_procstate_names[p->state]) == -1 ||
	    enc_str(pk, "cause") == -1 ||
	    enc_nstr(pk, proto_cause_names[p->cause]) == -1 ||
	    enc_kopti32(pk, "exit_status", p->has_exit_status,
	    p->exit_status) == -1 ||
	    enc_kopti32(pk, "signo", p->has_signo, p->signo) == -1)
		return (-1);
	return (0);
}

static int
enc_dom(msgpack_packer *pk, const struct proto_dom_status *d)
{
	size_t	 i;

	if ((unsigned int)d->state >= PROTO_NITEMS(proto_domstate_names)) {
		errno = EINVAL;
		return (-1);
	}
	if (msgpack_pack_map(pk, 5) == -1 ||
	    enc_kstr(pk, "name", d->name) == -1 ||
	    enc_kstr(pk, "state", proto_domstate_names[d->state]) == -1 ||
	    enc_str(pk, "worker_pid") == -1 ||
	    (d->worker_pid != 0 ? msgpack_pack_int64(pk, d->worker_pid) :
	    msgpack_pack_nil(pk)) == -1 ||
	    enc_str(pk, "cgroup_profile") == -1 ||
	    enc_nstr(pk, d->cgroup_profile) == -1 ||
	    enc_str(pk, "processes") == -1 ||
	    msgpack_pack_array(pk, d->nprocs) == -1)
		return (-1);
	for (i = 0; i < d->nprocs; i++)
		if (enc_proc(pk, &d->procs[i]) == -1)
			return (-1);
	return (0);
}

static int
enc_result(msgpack_packer *pk, enum proto_method m,
    const union proto_result *r)
{
	size_t	 i;

	if (r == NULL)
		return (msgpack_pack_nil(pk));
	switch (m) {
	case PROTO_M_EXEC:
		if (msgpack_pack_map(pk, 2) == -1 ||
		    enc_ki64(pk, "pid", r->exec.pid) == -1 ||
		    enc_ki64(pk, "host_pid", r->exec.host_pid) == -1)
			return (-1);
		return (0);
	case PROTO_M_STOP:
		if (msgpack_pack_map(pk, 3) == -1 ||
		    enc_ku64(pk, "cpu_ns", r->stop.cpu_ns) == -1 ||
		    enc_ku64(pk, "run_ns", r->stop.run_ns) == -1 ||
		    enc_ku64(pk, "max_memory_bytes",
		    r->stop.max_memory_bytes) == -1)
			return (-1);
		return (0);
	case PROTO_M_STATUS:
		if (msgpack_pack_map(pk, 1) == -1 ||
		    enc_str(pk, "domains") == -1 ||
		    msgpack_pack_array(pk, r->status.ndomains) == -1)
			return (-1);
		for (i = 0; i < r->status.ndomains; i++)
			if (enc_dom(pk, &r->status.domains[i]) == -1)
				return (-1);
		return (0);
	default:
		return (msgpack_pack_nil(pk));
	}
}

/* All seven keys, nil where the type has no such value. */
static int
enc_evbody(msgpack_packer *pk, const struct proto_event *ev)
{
	int	 term = ev->type == PROTO_EV_TERMINATION;

	if (ev->type >= PROTO_NITEMS(proto_evtype_names) ||
	    ev->cause >= PROTO_NITEMS(proto_cause_names)) {
		errno = EINVAL;
		return (-1);
	}
	if (msgpack_pack_map(pk, 7) == -1 ||
	    enc_kstr(pk, "type", proto_evtype_names[ev->type]) == -1 ||
	    enc_str(pk, "domain") == -1 ||
	    enc_nstr(pk, term ? ev->domain : NULL) == -1 ||
	    enc_str(pk, "name") == -1 ||
	    enc_nstr(pk, term ? ev->name : NULL) == -1 ||
	    enc_str(pk, "cause") == -1 ||
	    enc_nstr(pk, term ? proto_cause_names[ev->cause] : NULL) == -1 ||
	    enc_kopti32(pk, "exit_status", term && ev->has_exit_status,
	    ev->exit_status) == -1 ||
	    enc_kopti32(pk, "signo", term && ev->has_signo, ev->signo) == -1 ||
	    enc_str(pk, "size") == -1 ||
	    (term ? msgpack_pack_nil(pk) : msgpack_pack_uint64(pk,
	    ev->size)) == -1)
		return (-1);
	return (0);
}

/* Cut back a half-written message: the buffer holds whole ones only. */
static int
enc_done(msgpack_sbuffer *sb, size_t start, int r)
{
	if (r == -1 && sb->size > start)
		sb->size = start;
	return (r == -1 ? -1 : 0);
}

int
proto_encode_request(msgpack_sbuffer *sb, const struct proto_request *req)
{
	msgpack_packer	 pk;
	size_t		 start = sb->size;
	int		 r;

	if ((unsigned int)req->method >= PROTO_M_MAX) {
		errno = EINVAL;
		return (-1);
	}
	msgpack_packer_init(&pk, sb, msgpack_sbuffer_write);
	r = msgpack_pack_array(&pk, 4);
	if (r == 0)
		r = msgpack_pack_uint8(&pk, PROTO_T_REQUEST);
	if (r == 0)
		r = msgpack_pack_uint32(&pk, req->msgid);
	if (r == 0)
		r = enc_str(&pk, proto_method_name(req->method));
	if (r == 0)
		r = enc_params(&pk, req->method, &req->p);
	return (enc_done(sb, start, r));
}

int
proto_encode_params(msgpack_sbuffer *sb, enum proto_method m,
    const union proto_params *p)
{
	msgpack_packer	 pk;
	size_t		 start = sb->size;

	msgpack_packer_init(&pk, sb, msgpack_sbuffer_write);
	return (enc_done(sb, start, enc_params(&pk, m, p)));
}

int
proto_encode_response(msgpack_sbuffer *sb, uint32_t msgid,
    enum proto_method m, const struct proto_error *err,
    const union proto_result *result)
{
	msgpack_packer	 pk;
	size_t		 start = sb->size;
	int		 failed, r;

	failed = err != NULL && err->kind != PROTO_E_NONE;
	msgpack_packer_init(&pk, sb, msgpack_sbuffer_write);
	r = msgpack_pack_array(&pk, 4);
	if (r == 0)
		r = msgpack_pack_uint8(&pk, PROTO_T_RESPONSE);
	if (r == 0)
		r = msgpack_pack_uint32(&pk, msgid);
	if (r == 0)
		r = failed ? enc_error(&pk, err) : msgpack_pack_nil(&pk);
	/* An error carries no result (msgpack-RPC). */
	if (r == 0)
		r = enc_result(&pk, m, failed ? NULL : result);
	return (enc_done(sb, start, r));
}

int
proto_encode_event(msgpack_sbuffer *sb, const struct proto_event *ev)
{
	msgpack_packer	 pk;
	size_t		 start = sb->size;
	int		 r;

	msgpack_packer_init(&pk, sb, msgpack_sbuffer_write);
	r = msgpack_pack_array(&pk, 3);
	if (r == 0)
		r = msgpack_pack_uint8(&pk, PROTO_T_NOTIFY);
	if (r == 0)
		r = enc_str(&pk, "event");
	if (r == 0)
		r = msgpack_pack_array(&pk, 1);
	if (r == 0)
		r = msgpack_pack_map(&pk, 2);
	if (r == 0)
		r = enc_ku64(&pk, "timestamp_millis", ev->timestamp_millis);
	if (r == 0)
		r = enc_str(&pk, "event");
	if (r == 0)
		r = enc_evbody(&pk, ev);
	return (enc_done(sb, start, r));
}
