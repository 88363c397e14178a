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

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "proto.h"
#include "proto_int.h"

/*
 * Name tables of the wire protocol.  The capability names follow
 * <linux/capability.h>; their index is the capability number.
 */
static const char *const cap_names[PROTO_CAP_LAST + 1] = {
	"CAP_CHOWN",			/* 0 */
	"CAP_DAC_OVERRIDE",
	"CAP_DAC_READ_SEARCH",
	"CAP_FOWNER",
	"CAP_FSETID",
	"CAP_KILL",			/* 5 */
	"CAP_SETGID",
	"CAP_SETUID",
	"CAP_SETPCAP",
	"CAP_LINUX_IMMUTABLE",
	"CAP_NET_BIND_SERVICE",		/* 10 */
	"CAP_NET_BROADCAST",
	"CAP_NET_ADMIN",
	"CAP_NET_RAW",
	"CAP_IPC_LOCK",
	"CAP_IPC_OWNER",		/* 15 */
	"CAP_SYS_MODULE",
	"CAP_SYS_RAWIO",
	"CAP_SYS_CHROOT",
	"CAP_SYS_PTRACE",
	"CAP_SYS_PACCT",		/* 20 */
	"CAP_SYS_ADMIN",
	"CAP_SYS_BOOT",
	"CAP_SYS_NICE",
	"CAP_SYS_RESOURCE",
	"CAP_SYS_TIME",			/* 25 */
	"CAP_SYS_TTY_CONFIG",
	"CAP_MKNOD",
	"CAP_LEASE",
	"CAP_AUDIT_WRITE",
	"CAP_AUDIT_CONTROL",		/* 30 */
	"CAP_SETFCAP",
	"CAP_MAC_OVERRIDE",
	"CAP_MAC_ADMIN",
	"CAP_SYSLOG",
	"CAP_WAKE_ALARM",		/* 35 */
	"CAP_BLOCK_SUSPEND",
	"CAP_AUDIT_READ",
	"CAP_PERFMON",
	"CAP_BPF",
	"CAP_CHECKPOINT_RESTORE",	/* 40 */
};

static const char *const method_names[PROTO_M_MAX] = {
	"ping", "configure", "start", "exec", "terminate", "kill", "stop",
	"freeze", "thaw", "events", "status",
};

const char *const proto_mount_names[2] = { "drive", "bind" };
const char *const proto_capset_names[PROTO_CAPS_MAX] = {
	"ambient", "bounding", "effective", "inheritable", "permitted",
};
const char *const proto_domstate_names[3] = {
	"stopped", "running", "frozen",
};
const char *const proto_procstate_names[2] = { "running", "exited" };
/* PROTO_CAUSE_NONE travels as nil, so it has no wire name. */
const char *const proto_cause_names[4] = {
	NULL, "exited", "signaled", "oom_killed",
};
const char *const proto_evtype_names[2] = {
	"process_termination", "event_loss",
};
/* PROTO_E_NONE is a nil error: never a wire name either. */
const char *const proto_errkind_names[5] = {
	NULL, "no_such_entity", "invalid_state", "serde", "failure",
};

static int	 table_lookup(const char *const *, size_t, const char *,
		    size_t);
static const char *table_name(const char *const *, size_t, int,
		    const char *);

static int
table_lookup(const char *const *tab, size_t n, const char *s, size_t len)
{
	size_t	 i;

	if (s == NULL)
		return (-1);
	for (i = 0; i < n; i++) {
		if (tab[i] != NULL && strlen(tab[i]) == len &&
		    memcmp(tab[i], s, len) == 0)
			return ((int)i);
	}
	return (-1);
}

/* Never NULL, so that a caller may print any value it holds. */
static const char *
table_name(const char *const *tab, size_t n, int v, const char *none)
{
	if (v < 0 || (size_t)v >= n)
		return ("unknown");
	if (tab[v] == NULL)
		return (none);
	return (tab[v]);
}

void
proto_seterr(struct proto_error *err, enum proto_errkind kind,
    const char *fmt, ...)
{
	va_list	 ap;

	if (err == NULL)
		return;
	memset(err, 0, sizeof(*err));
	err->kind = kind;
	va_start(ap, fmt);
	(void)vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
}

/*
 * [A-Za-z0-9._-]{1,64}, minus "." and "..": names become cgroup and
 * file names, where those two would point somewhere else.
 */
int
proto_name_valid(const char *s, size_t len)
{
	size_t	 i;
	char	 c;

	if (s == NULL || len == 0 || len > PROTO_NAME_MAX)
		return (0);
	if ((len == 1 && s[0] == '.') ||
	    (len == 2 && s[0] == '.' && s[1] == '.'))
		return (0);
	for (i = 0; i < len; i++) {
		c = s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')
			continue;
		return (0);
	}
	return (1);
}

int
proto_cap_lookup(const char *s, size_t len)
{
	return (table_lookup(cap_names, PROTO_NITEMS(cap_names), s, len));
}

const char *
proto_cap_name(int cap)
{
	if (cap < 0 || cap > PROTO_CAP_LAST)
		return (NULL);
	return (cap_names[cap]);
}

int
proto_method_lookup(const char *s, size_t len, enum proto_method *m)
{
	int	 i;

	if ((i = table_lookup(method_names, PROTO_M_MAX, s, len)) == -1)
		return (-1);
	*m = (enum proto_method)i;
	return (0);
}

const char *
proto_method_name(enum proto_method m)
{
	return (table_name(method_names, PROTO_M_MAX, (int)m, "unknown"));
}

const char *
proto_errkind_name(enum proto_errkind k)
{
	return (table_name(proto_errkind_names,
	    PROTO_NITEMS(proto_errkind_names), (int)k, "none"));
}

int
proto_errkind_lookup(const char *s, size_t len, enum proto_errkind *k)
{
	int	 i;

	if ((i = table_lookup(proto_errkind_names,
	    PROTO_NITEMS(proto_errkind_names), s, len)) == -1)
		return (-1);
	*k = (enum proto_errkind)i;
	return (0);
}

const char *
proto_cause_name(enum proto_cause c)
{
	return (table_name(proto_cause_names,
	    PROTO_NITEMS(proto_cause_names), (int)c, "none"));
}

const char *
proto_domstate_name(enum proto_domstate s)
{
	return (table_name(proto_domstate_names,
	    PROTO_NITEMS(proto_domstate_names), (int)s, "unknown"));
}

const char *
proto_procstate_name(enum proto_procstate s)
{
	return (table_name(proto_procstate_names,
	    PROTO_NITEMS(proto_procstate_names), (int)s, "unknown"));
}
