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

#include <string.h>

#include "proto.h"
#include "proto_int.h"

/*
 * Field-by-field equality of decoded structs, for the round-trip tests
 * and the fuzzer: memcmp would compare padding and the bytes after the
 * NUL of fixed-size names.
 */

static int	 str_eq(const char *, const char *);
static int	 strv_eq(const struct proto_strv *,
		    const struct proto_strv *);
static int	 env_eq(const struct proto_env *,
		    const struct proto_env *);
static int	 mount_eq(const struct proto_mount *,
		    const struct proto_mount *);
static int	 caps_eq(const struct proto_caps *,
		    const struct proto_caps *);
static int	 cgprofile_eq(const struct proto_cgprofile *,
		    const struct proto_cgprofile *);
static int	 hook_eq(const struct proto_hook *,
		    const struct proto_hook *);
static int	 configure_eq(const struct proto_configure *,
		    const struct proto_configure *);
static int	 exec_eq(const struct proto_exec *,
		    const struct proto_exec *);
static int	 proc_eq(const struct proto_proc_status *,
		    const struct proto_proc_status *);
static int	 dom_eq(const struct proto_dom_status *,
		    const struct proto_dom_status *);
static int	 error_eq(const struct proto_error *,
		    const struct proto_error *);

/* NULL equals only NULL. */
static int
str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == b);
	return (strcmp(a, b) == 0);
}

static int
strv_eq(const struct proto_strv *a, const struct proto_strv *b)
{
	size_t	 i;

	if (a->n != b->n)
		return (0);
	for (i = 0; i < a->n; i++)
		if (!str_eq(a->v[i], b->v[i]))
			return (0);
	return (1);
}

static int
env_eq(const struct proto_env *a, const struct proto_env *b)
{
	size_t	 i;

	if (a->n != b->n)
		return (0);
	for (i = 0; i < a->n; i++)
		if (!str_eq(a->kv[i].key, b->kv[i].key) ||
		    !str_eq(a->kv[i].value, b->kv[i].value))
			return (0);
	return (1);
}

static int
mount_eq(const struct proto_mount *a, const struct proto_mount *b)
{
	return (a->type == b->type && str_eq(a->source, b->source) &&
	    str_eq(a->destination, b->destination) &&
	    str_eq(a->fs_type, b->fs_type) &&
	    strv_eq(&a->options, &b->options) &&
	    a->has_chowner == b->has_chowner &&
	    (!a->has_chowner || (a->chown_uid == b->chown_uid &&
	    a->chown_gid == b->chown_gid)) &&
	    a->has_chmode == b->has_chmode &&
	    (!a->has_chmode || a->chmode == b->chmode));
}

static int
caps_eq(const struct proto_caps *a, const struct proto_caps *b)
{
	size_t	 i;

	if (a->present != b->present)
		return (0);
	for (i = 0; i < PROTO_CAPS_MAX; i++)
		if (((a->present >> i) & 1) && a->set[i] != b->set[i])
			return (0);
	return (1);
}

static int
cgprofile_eq(const struct proto_cgprofile *a, const struct proto_cgprofile *b)
{
	return (str_eq(a->name, b->name) &&
	    a->has_cpu_pct == b->has_cpu_pct &&
	    (!a->has_cpu_pct || a->cpu_pct == b->cpu_pct) &&
	    a->has_mem_max == b->has_mem_max &&
	    (!a->has_mem_max || a->mem_max == b->mem_max));
}

static int
hook_eq(const struct proto_hook *a, const struct proto_hook *b)
{
	return (str_eq(a->name, b->name) && str_eq(a->path, b->path) &&
	    strv_eq(&a->args, &b->args) && env_eq(&a->envs, &b->envs) &&
	    a->timeout_millis == b->timeout_millis);
}

static int
configure_eq(const struct proto_configure *a, const struct proto_configure *b)
{
	size_t	 i;

	if (!str_eq(a->domain, b->domain) ||
	    a->has_mounts != b->has_mounts || a->nmounts != b->nmounts ||
	    a->has_caps != b->has_caps ||
	    (a->has_caps && !caps_eq(&a->caps, &b->caps)) ||
	    a->has_seccomp != b->has_seccomp ||
	    !strv_eq(&a->seccomp, &b->seccomp) ||
	    a->has_cgprofiles != b->has_cgprofiles ||
	    a->ncgprofiles != b->ncgprofiles ||
	    a->has_exec_user != b->has_exec_user ||
	    a->has_uid != b->has_uid || (a->has_uid && a->uid != b->uid) ||
	    a->has_gid != b->has_gid || (a->has_gid && a->gid != b->gid) ||
	    a->has_hooks != b->has_hooks || a->nhooks != b->nhooks)
		return (0);
	for (i = 0; i < a->nmounts; i++)
		if (!mount_eq(&a->mounts[i], &b->mounts[i]))
			return (0);
	for (i = 0; i < a->ncgprofiles; i++)
		if (!cgprofile_eq(&a->cgprofiles[i], &b->cgprofiles[i]))
			return (0);
	for (i = 0; i < a->nhooks; i++)
		if (!hook_eq(&a->hooks[i], &b->hooks[i]))
			return (0);
	return (1);
}

static int
exec_eq(const struct proto_exec *a, const struct proto_exec *b)
{
	size_t	 i;

	if (!str_eq(a->domain, b->domain) || !str_eq(a->name, b->name) ||
	    !str_eq(a->path, b->path) || !strv_eq(&a->args, &b->args) ||
	    !str_eq(a->cwd, b->cwd) || a->has_env != b->has_env ||
	    !env_eq(&a->env, &b->env) || !str_eq(a->logs_sock, b->logs_sock) ||
	    a->nfds != b->nfds || a->stdin_idx != b->stdin_idx ||
	    a->stdout_idx != b->stdout_idx || a->stderr_idx != b->stderr_idx ||
	    a->nextra != b->nextra)
		return (0);
	for (i = 0; i < a->nextra; i++)
		if (a->extra[i] != b->extra[i])
			return (0);
	return (1);
}

int
proto_params_equal(enum proto_method m, const union proto_params *a,
    const union proto_params *b)
{
	switch (m) {
	case PROTO_M_PING:
		return (1);
	case PROTO_M_CONFIGURE:
		return (configure_eq(&a->configure, &b->configure));
	case PROTO_M_START:
		return (str_eq(a->start.domain, b->start.domain) &&
		    str_eq(a->start.cgroup_profile, b->start.cgroup_profile));
	case PROTO_M_EXEC:
		return (exec_eq(&a->exec, &b->exec));
	case PROTO_M_TERMINATE:
	case PROTO_M_KILL:
		return (str_eq(a->target.domain, b->target.domain) &&
		    str_eq(a->target.name, b->target.name) &&
		    a->target.has_timeout == b->target.has_timeout &&
		    (!a->target.has_timeout ||
		    a->target.timeout == b->target.timeout));
	case PROTO_M_STOP:
	case PROTO_M_FREEZE:
	case PROTO_M_THAW:
	case PROTO_M_EVENTS:
	case PROTO_M_STATUS:
		return (str_eq(a->dom.domain, b->dom.domain) &&
		    a->dom.has_timeout == b->dom.has_timeout &&
		    (!a->dom.has_timeout ||
		    a->dom.timeout == b->dom.timeout) &&
		    str_eq(a->dom.cgroup_profile, b->dom.cgroup_profile));
	default:
		return (0);
	}
}

int
proto_request_equal(const struct proto_request *a,
    const struct proto_request *b)
{
	return (a->msgid == b->msgid && a->method == b->method &&
	    proto_params_equal(a->method, &a->p, &b->p));
}

static int
proc_eq(const struct proto_proc_status *a, const struct proto_proc_status *b)
{
	return (str_eq(a->name, b->name) && a->pid == b->pid &&
	    a->host_pid == b->host_pid && a->state == b->state &&
	    a->cause == b->cause &&
	    a->has_exit_status == b->has_exit_status &&
	    (!a->has_exit_status || a->exit_status == b->exit_status) &&
	    a->has_signo == b->has_signo &&
	    (!a->has_signo || a->signo == b->signo));
}

static int
dom_eq(const struct proto_dom_status *a, const struct proto_dom_status *b)
{
	size_t	 i;

	if (!str_eq(a->name, b->name) || a->state != b->state ||
	    a->worker_pid != b->worker_pid ||
	    !str_eq(a->cgroup_profile, b->cgroup_profile) ||
	    a->nprocs != b->nprocs)
		return (0);
	for (i = 0; i < a->nprocs; i++)
		if (!proc_eq(&a->procs[i], &b->procs[i]))
			return (0);
	return (1);
}

static int
error_eq(const struct proto_error *a, const struct proto_error *b)
{
	return (a->kind == b->kind &&
	    strncmp(a->message, b->message, sizeof(a->message)) == 0 &&
	    strncmp(a->hook_name, b->hook_name, sizeof(a->hook_name)) == 0);
}

int
proto_response_equal(enum proto_method m, const struct proto_response *a,
    const struct proto_response *b)
{
	size_t	 i;

	if (a->msgid != b->msgid || !error_eq(&a->error, &b->error) ||
	    a->has_result != b->has_result)
		return (0);
	if (!a->has_result)
		return (1);
	switch (m) {
	case PROTO_M_EXEC:
		return (a->r.exec.pid == b->r.exec.pid &&
		    a->r.exec.host_pid == b->r.exec.host_pid);
	case PROTO_M_STOP:
		return (a->r.stop.cpu_ns == b->r.stop.cpu_ns &&
		    a->r.stop.run_ns == b->r.stop.run_ns &&
		    a->r.stop.max_memory_bytes ==
		    b->r.stop.max_memory_bytes);
	case PROTO_M_STATUS:
		if (a->r.status.ndomains != b->r.status.ndomains)
			return (0);
		for (i = 0; i < a->r.status.ndomains; i++)
			if (!dom_eq(&a->r.status.domains[i],
			    &b->r.status.domains[i]))
				return (0);
		return (1);
	default:
		return (1);
	}
}

int
proto_event_equal(const struct proto_event *a, const struct proto_event *b)
{
	return (a->timestamp_millis == b->timestamp_millis &&
	    a->type == b->type && a->cause == b->cause &&
	    strncmp(a->domain, b->domain, sizeof(a->domain)) == 0 &&
	    strncmp(a->name, b->name, sizeof(a->name)) == 0 &&
	    a->has_exit_status == b->has_exit_status &&
	    (!a->has_exit_status || a->exit_status == b->exit_status) &&
	    a->has_signo == b->has_signo &&
	    (!a->has_signo || a->signo == b->signo) && a->size == b->size);
}
