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
 * configure: the largest schema.  Arrays of structs are allocated at
 * their (already bounded) length and their count raised before each
 * element is decoded, so that proto_configure_free() releases whatever
 * a failing element had allocated.
 */

static const char *const cfg_keys[] = {
	"domain", "mounts", "capabilities", "seccomp_filters",
	"cgroup_profiles", "exec_user", "additional_start_hooks",
};
enum { CF_DOMAIN, CF_MOUNTS, CF_CAPS, CF_SECCOMP, CF_CGPROFILES,
	CF_EXEC_USER, CF_HOOKS, CF_NKEYS };
static const char *const mount_keys[] = {
	"type", "source", "destination", "fs_type", "options", "chowner",
	"chmode",
};
enum { MT_TYPE, MT_SOURCE, MT_DEST, MT_FSTYPE, MT_OPTIONS, MT_CHOWNER,
	MT_CHMODE, MT_NKEYS };
static const char *const cgprofile_keys[] = { "name", "cpu_pct", "mem_max" };
static const char *const user_keys[] = { "uid", "gid" };
static const char *const hook_keys[] = {
	"name", "path", "args", "envs", "timeout_millis",
};

static int	 dec_chowner(struct proto_dctx *, const msgpack_object *,
		    struct proto_mount *);
static int	 dec_mount(struct proto_dctx *, const msgpack_object *,
		    struct proto_mount *);
static int	 dec_mounts(struct proto_dctx *, const msgpack_object *,
		    struct proto_configure *);
static int	 dec_capset(struct proto_dctx *, const msgpack_object *,
		    uint64_t *);
static int	 dec_caps(struct proto_dctx *, const msgpack_object *,
		    struct proto_caps *);
static int	 dec_cgprofile(struct proto_dctx *, const msgpack_object *,
		    struct proto_cgprofile *);
static int	 dec_cgprofiles(struct proto_dctx *, const msgpack_object *,
		    struct proto_configure *);
static int	 dec_exec_user(struct proto_dctx *, const msgpack_object *,
		    struct proto_configure *);
static int	 dec_hook(struct proto_dctx *, const msgpack_object *,
		    struct proto_hook *);
static int	 dec_hooks(struct proto_dctx *, const msgpack_object *,
		    struct proto_configure *);
static int	 dup_name(struct proto_dctx *, const char *, const char *);

/* The same profile or hook name twice would be ambiguous. */
static int
dup_name(struct proto_dctx *c, const char *a, const char *b)
{
	if (strcmp(a, b) == 0)
		return (proto_dec_err(c, "duplicate name \"%s\"", b));
	return (0);
}

/* [uid, gid] */
static int
dec_chowner(struct proto_dctx *c, const msgpack_object *o,
    struct proto_mount *m)
{
	uint64_t	 uid, gid;
	size_t		 mark, m2;
	int		 r = 0;

	if (o == NULL)
		return (0);
	mark = proto_dec_push(c, "chowner");
	if (o->type != MSGPACK_OBJECT_ARRAY || o->via.array.size != 2) {
		r = proto_dec_err(c, "expected [uid, gid]");
		goto done;
	}
	m2 = proto_dec_pushi(c, 0);
	r = proto_dec_uint(c, NULL, &o->via.array.ptr[0], PD_REQ, 0,
	    PROTO_UID_MAX, &uid);
	proto_dec_pop(c, m2);
	if (r == -1)
		goto done;
	m2 = proto_dec_pushi(c, 1);
	r = proto_dec_uint(c, NULL, &o->via.array.ptr[1], PD_REQ, 0,
	    PROTO_UID_MAX, &gid);
	proto_dec_pop(c, m2);
	if (r == -1)
		goto done;
	m->has_chowner = 1;
	m->chown_uid = (uint32_t)uid;
	m->chown_gid = (uint32_t)gid;
 done:
	proto_dec_pop(c, mark);
	return (r);
}

static int
dec_mount(struct proto_dctx *c, const msgpack_object *o,
    struct proto_mount *m)
{
	const msgpack_object	*v[MT_NKEYS];
	uint64_t		 mode;
	int			 type, r;

	if (proto_dec_fields(c, o, mount_keys, MT_NKEYS, v) == -1 ||
	    proto_dec_enum(c, "type", v[MT_TYPE], PD_REQ, proto_mount_names,
	    PROTO_NITEMS(proto_mount_names), &type) == -1)
		return (-1);
	m->type = (enum proto_mount_type)type;
	/* A bind needs a host path; a drive's source is a label. */
	if (m->type == PROTO_MOUNT_BIND)
		r = proto_dec_path(c, "source", v[MT_SOURCE], PD_REQ,
		    &m->source);
	else
		r = proto_dec_str(c, "source", v[MT_SOURCE], PD_NONEMPTY,
		    PROTO_PATH_MAX, &m->source);
	if (r == -1 ||
	    proto_dec_path(c, "destination", v[MT_DEST], PD_REQ,
	    &m->destination) == -1 ||
	    proto_dec_str(c, "fs_type", v[MT_FSTYPE], PD_NONEMPTY,
	    PROTO_OPTION_MAX, &m->fs_type) == -1 ||
	    proto_dec_strv(c, "options", v[MT_OPTIONS], PD_NONEMPTY,
	    PROTO_OPTIONS_MAX, PROTO_OPTION_MAX, &m->options) == -1 ||
	    dec_chowner(c, v[MT_CHOWNER], m) == -1)
		return (-1);
	if ((r = proto_dec_uint(c, "chmode", v[MT_CHMODE], 0, 0,
	    PROTO_CHMODE_MAX, &mode)) == -1)
		return (-1);
	m->has_chmode = r;
	m->chmode = r ? (uint32_t)mode : 0;
	return (0);
}

static int
dec_mounts(struct proto_dctx *c, const msgpack_object *o,
    struct proto_configure *cfg)
{
	const msgpack_object_array	*a = NULL;
	size_t				 mark, m2, i;
	int				 r;

	r = proto_dec_array(c, "mounts", o, 0, PROTO_MOUNTS_MAX, &a);
	if (r != 1)
		return (r);
	cfg->has_mounts = 1;
	if (a->size == 0)
		return (0);
	mark = proto_dec_push(c, "mounts");
	if ((cfg->mounts = calloc(a->size, sizeof(*cfg->mounts))) == NULL)
		r = proto_dec_err(c, "out of memory");
	for (i = 0; r == 1 && i < a->size; i++) {
		m2 = proto_dec_pushi(c, i);
		cfg->nmounts = i + 1;
		if (dec_mount(c, &a->ptr[i], &cfg->mounts[i]) == -1)
			r = -1;
		proto_dec_pop(c, m2);
	}
	proto_dec_pop(c, mark);
	return (r);
}

/* ["CAP_X", ...] to a bit mask; a name twice is refused. */
static int
dec_capset(struct proto_dctx *c, const msgpack_object *o, uint64_t *mask)
{
	const msgpack_object_array	*a = NULL;
	const msgpack_object		*e;
	size_t				 m2, i;
	int				 cap, r;

	*mask = 0;
	if ((r = proto_dec_array(c, NULL, o, PD_REQ, PROTO_CAPNAMES_MAX,
	    &a)) != 1)
		return (-1);
	for (i = 0; r == 1 && i < a->size; i++) {
		e = &a->ptr[i];
		m2 = proto_dec_pushi(c, i);
		r = proto_dec_check_str(c, e, PD_REQ, PROTO_NAME_MAX + 1);
		if (r == 1 && (cap = proto_cap_lookup(e->via.str.ptr,
		    e->via.str.size)) == -1)
			r = proto_dec_err(c, "unknown capability");
		else if (r == 1 && (*mask & (1ULL << cap)))
			r = proto_dec_err(c, "duplicate capability %s",
			    proto_cap_name(cap));
		else if (r == 1)
			*mask |= 1ULL << cap;
		proto_dec_pop(c, m2);
	}
	return (r);
}

static int
dec_caps(struct proto_dctx *c, const msgpack_object *o,
    struct proto_caps *caps)
{
	const msgpack_object	*v[PROTO_CAPS_MAX];
	size_t			 mark, m2, i;
	int			 r = 0;

	mark = proto_dec_push(c, "capabilities");
	if (proto_dec_fields(c, o, proto_capset_names, PROTO_CAPS_MAX,
	    v) == -1)
		r = -1;
	for (i = 0; r == 0 && i < PROTO_CAPS_MAX; i++) {
		if (v[i] == NULL)
			continue;
		m2 = proto_dec_push(c, proto_capset_names[i]);
		if (dec_capset(c, v[i], &caps->set[i]) == -1)
			r = -1;
		proto_dec_pop(c, m2);
		caps->present |= 1U << i;
	}
	proto_dec_pop(c, mark);
	return (r);
}

static int
dec_cgprofile(struct proto_dctx *c, const msgpack_object *o,
    struct proto_cgprofile *p)
{
	const msgpack_object	*v[PROTO_NITEMS(cgprofile_keys)];
	int			 r;

	if (proto_dec_fields(c, o, cgprofile_keys,
	    PROTO_NITEMS(cgprofile_keys), v) == -1 ||
	    proto_dec_name(c, "name", v[0], PD_REQ, p->name) == -1)
		return (-1);
	if ((r = proto_dec_double(c, "cpu_pct", v[1], 0, PROTO_CPU_PCT_MAX,
	    &p->cpu_pct)) == -1)
		return (-1);
	p->has_cpu_pct = r;
	if ((r = proto_dec_uint(c, "mem_max", v[2], 0, 1, UINT64_MAX,
	    &p->mem_max)) == -1)
		return (-1);
	p->has_mem_max = r;
	return (0);
}

static int
dec_cgprofiles(struct proto_dctx *c, const msgpack_object *o,
    struct proto_configure *cfg)
{
	const msgpack_object_array	*a = NULL;
	size_t				 mark, m2, i, j;
	int				 r;

	r = proto_dec_array(c, "cgroup_profiles", o, 0, PROTO_CGPROFILES_MAX,
	    &a);
	if (r != 1)
		return (r);
	cfg->has_cgprofiles = 1;
	if (a->size == 0)
		return (0);
	mark = proto_dec_push(c, "cgroup_profiles");
	if ((cfg->cgprofiles = calloc(a->size,
	    sizeof(*cfg->cgprofiles))) == NULL)
		r = proto_dec_err(c, "out of memory");
	for (i = 0; r == 1 && i < a->size; i++) {
		m2 = proto_dec_pushi(c, i);
		cfg->ncgprofiles = i + 1;
		if (dec_cgprofile(c, &a->ptr[i], &cfg->cgprofiles[i]) == -1)
			r = -1;
		for (j = 0; r == 1 && j < i; j++) {
			if (dup_name(c, cfg->cgprofiles[j].name,
			    cfg->cgprofiles[i].name) == -1)
				r = -1;
		}
		proto_dec_pop(c, m2);
	}
	proto_dec_pop(c, mark);
	return (r);
}

/* {uid, gid}: either may be nil (the domain's default then). */
static int
dec_exec_user(struct proto_dctx *c, const msgpack_object *o,
    struct proto_configure *cfg)
{
	const msgpack_object	*v[PROTO_NITEMS(user_keys)];
	uint64_t		 id;
	size_t			 mark;
	int			 r;

	mark = proto_dec_push(c, "exec_user");
	if ((r = proto_dec_fields(c, o, user_keys, PROTO_NITEMS(user_keys),
	    v)) == -1)
		goto done;
	cfg->has_exec_user = 1;
	if ((r = proto_dec_uint(c, "uid", v[0], 0, 0, PROTO_UID_MAX,
	    &id)) == -1)
		goto done;
	cfg->has_uid = r;
	cfg->uid = r ? (uint32_t)id : 0;
	if ((r = proto_dec_uint(c, "gid", v[1], 0, 0, PROTO_UID_MAX,
	    &id)) == -1)
		goto done;
	cfg->has_gid = r;
	cfg->gid = r ? (uint32_t)id : 0;
	r = 0;
 done:
	proto_dec_pop(c, mark);
	return (r);
}

static int
dec_hook(struct proto_dctx *c, const msgpack_object *o, struct proto_hook *h)
{
	const msgpack_object	*v[PROTO_NITEMS(hook_keys)];

	h->timeout_millis = PROTO_HOOK_TIMEOUT_DEF;
	if (proto_dec_fields(c, o, hook_keys, PROTO_NITEMS(hook_keys),
	    v) == -1 ||
	    proto_dec_name(c, "name", v[0], PD_REQ, h->name) == -1 ||
	    proto_dec_path(c, "path", v[1], PD_REQ, &h->path) == -1 ||
	    proto_dec_strv(c, "args", v[2], 0, PROTO_ARGS_MAX, PROTO_ARG_MAX,
	    &h->args) == -1 ||
	    proto_dec_env(c, "envs", v[3], 0, &h->envs) == -1 ||
	    proto_dec_uint(c, "timeout_millis", v[4], 0, 1,
	    PROTO_HOOK_TIMEOUT_MAX, &h->timeout_millis) == -1)
		return (-1);
	return (0);
}

static int
dec_hooks(struct proto_dctx *c, const msgpack_object *o,
    struct proto_configure *cfg)
{
	const msgpack_object_array	*a = NULL;
	size_t				 mark, m2, i, j;
	int				 r;

	r = proto_dec_array(c, "additional_start_hooks", o, 0,
	    PROTO_HOOKS_MAX, &a);
	if (r != 1)
		return (r);
	cfg->has_hooks = 1;
	if (a->size == 0)
		return (0);
	mark = proto_dec_push(c, "additional_start_hooks");
	if ((cfg->hooks = calloc(a->size, sizeof(*cfg->hooks))) == NULL)
		r = proto_dec_err(c, "out of memory");
	for (i = 0; r == 1 && i < a->size; i++) {
		m2 = proto_dec_pushi(c, i);
		cfg->nhooks = i + 1;
		if (dec_hook(c, &a->ptr[i], &cfg->hooks[i]) == -1)
			r = -1;
		for (j = 0; r == 1 && j < i; j++) {
			if (dup_name(c, cfg->hooks[j].name,
			    cfg->hooks[i].name) == -1)
				r = -1;
		}
		proto_dec_pop(c, m2);
	}
	proto_dec_pop(c, mark);
	return (r);
}

int
proto_dec_configure(struct proto_dctx *c, const msgpack_object *o,
    struct proto_configure *cfg)
{
	const msgpack_object	*v[CF_NKEYS];
	int			 r;

	if (proto_dec_fields(c, o, cfg_keys, CF_NKEYS, v) == -1 ||
	    proto_dec_name(c, "domain", v[CF_DOMAIN], PD_REQ,
	    cfg->domain) == -1 ||
	    dec_mounts(c, v[CF_MOUNTS], cfg) == -1)
		return (-1);
	if (v[CF_CAPS] != NULL) {
		cfg->has_caps = 1;
		if (dec_caps(c, v[CF_CAPS], &cfg->caps) == -1)
			return (-1);
	}
	if ((r = proto_dec_strv(c, "seccomp_filters", v[CF_SECCOMP], PD_NAME,
	    PROTO_SECCOMP_MAX, PROTO_NAME_MAX + 1, &cfg->seccomp)) == -1)
		return (-1);
	cfg->has_seccomp = r;
	if (dec_cgprofiles(c, v[CF_CGPROFILES], cfg) == -1)
		return (-1);
	if (v[CF_EXEC_USER] != NULL &&
	    dec_exec_user(c, v[CF_EXEC_USER], cfg) == -1)
		return (-1);
	return (dec_hooks(c, v[CF_HOOKS], cfg) == -1 ? -1 : 0);
}

void
proto_configure_free(struct proto_configure *cfg)
{
	struct proto_mount	*m;
	size_t			 i;

	for (i = 0; i < cfg->nmounts; i++) {
		m = &cfg->mounts[i];
		free(m->source);
		free(m->destination);
		free(m->fs_type);
		proto_strv_free(&m->options);
	}
	free(cfg->mounts);
	proto_strv_free(&cfg->seccomp);
	free(cfg->cgprofiles);
	for (i = 0; i < cfg->nhooks; i++) {
		free(cfg->hooks[i].path);
		proto_strv_free(&cfg->hooks[i].args);
		proto_env_free(&cfg->hooks[i].envs);
	}
	free(cfg->hooks);
	memset(cfg, 0, sizeof(*cfg));
}
