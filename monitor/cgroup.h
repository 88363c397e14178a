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

#ifndef SUPD_CGROUP_H
#define SUPD_CGROUP_H

#include <sys/types.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "proto.h"
#include "config.h"

/*
 * The monitor's cgroup layer (DESIGN.md section 4).  The monitor runs as
 * root in the host's cgroup and pid namespaces; it creates one cgroup per
 * started domain under a root cgroup ("supd"), on cgroup v2 (one
 * directory) or v1 (one directory per controller hierarchy).
 *
 * Every path below the configured mount is walked one component at a time
 * with O_NOFOLLOW; every file is opened with openat on a directory
 * descriptor; every read is bounded.
 */

/* cgroup v1 controllers; on v2 everything lives in index 0. */
enum {
	CG_CPU = 0,
	CG_CPUACCT,
	CG_MEMORY,
	CG_FREEZER,
	CG_PIDS,
	CG_NCTRL
};

/* Bits of cgroup_env.v2_ctrls: v2 controllers usable in domain cgroups. */
#define CG2_CPU		0x01
#define CG2_MEMORY	0x02
#define CG2_PIDS	0x04
#define CG2_ALL		(CG2_CPU | CG2_MEMORY | CG2_PIDS)

#define CG_DEPTH_MAX	16	/* nested cgroups we walk below a domain */
#define CG_TIMEOUT_MS	2000	/* internal freeze and empty waits */

struct cgroup_env {
	enum cgroup_version	 version;	/* CGROUP_V1 or CGROUP_V2 */
	char			 mount[PATH_MAX]; /* v2 mount; v1 base dir */
	char			 root[PATH_MAX];  /* relative, "supd" */
	int			 v2_ctrls;	/* CG2_* usable on v2 */
	int			 v1_ctrls;	/* 1 << CG_* usable on v1 */
	/*
	 * v1: index of the first controller sharing the same hierarchy
	 * (cpu and cpuacct are often mounted together), or itself.
	 */
	int			 v1_alias[CG_NCTRL];
	int			 has_kill;	/* v2: cgroup.kill exists */
	int			 rootfd[CG_NCTRL]; /* root dirs; v2 in [0] */
};

struct cgroup {
	char			 name[PROTO_NAME_MAX + 1];
	enum cgroup_version	 version;
	int			 ctrls;		/* v1: 1 << CG_*; v2: CG2_* */
	int			 alias[CG_NCTRL];	/* as v1_alias */
	int			 has_kill;
	/* v1 per controller, v2 in [0]; -1 when absent. */
	int			 dirfd[CG_NCTRL];
	/*
	 * cgroup.procs opened O_WRONLY by the monitor, -1 when absent or
	 * when the controller shares the hierarchy of an earlier one.  A
	 * process in another cgroup namespace can still move itself in by
	 * writing "0" here: v2 checks delegation against the namespace of
	 * the opener, not of the writer.
	 */
	int			 procsfd[CG_NCTRL];
};

/*
 * cgroup_init: resolve the version (want CGROUP_AUTO: v2 when mount is a
 * cgroup2 hierarchy offering cpu, memory and pids; else v1 when
 * mount/freezer is a v1 hierarchy; else a cgroup2 mount without those
 * controllers), create the root cgroup and remove whatever a previous
 * run left below it (what cannot be removed is logged, not fatal).
 * Missing limit controllers are logged and skipped.  The root is
 * relative, without "..", "//" or a trailing "/".  Returns 0, or -1
 * after logging; cgroup_env_cleanup may be called in both cases.
 */
int	 cgroup_init(struct cgroup_env *, enum cgroup_version want,
	    const char *mount, const char *root);
/* Remove the root cgroup(s) when empty, close descriptors. */
void	 cgroup_env_cleanup(struct cgroup_env *);

/* Marks every descriptor of a struct cgroup absent. */
void	 cgroup_zero(struct cgroup *);
/*
 * cgroup_create: make root/name (a stale one is destroyed first), refuse
 * a frozen one, set pids.max (0: unlimited) and open the descriptors.
 * On failure nothing is left behind and err holds a message.
 */
int	 cgroup_create(const struct cgroup_env *, const char *name,
	    uint64_t pids_max, struct cgroup *, char *err, size_t errlen);
/* In a forked child: move the caller in.  Async-signal-safe. */
int	 cgroup_attach_self(const struct cgroup *);
/* Unset fields reset the limit; -1/ENOTSUP when a controller is missing. */
int	 cgroup_set_profile(const struct cgroup *,
	    const struct proto_cgprofile *);
/*
 * Return once the state is reached; timeout_ms <= 0 means CG_TIMEOUT_MS.
 * On timeout -1/ETIMEDOUT, and a freeze is undone.
 */
int	 cgroup_freeze(const struct cgroup *, int timeout_ms);
int	 cgroup_thaw(const struct cgroup *, int timeout_ms);
int	 cgroup_frozen(const struct cgroup *);		/* 1, 0, -1 */
/*
 * Signal every process, nested cgroups included, without racing forks
 * (cgroup.kill, or freeze, signal, thaw).  A frozen cgroup stays frozen,
 * except after SIGKILL, which needs the tasks to run to die on v1.
 */
int	 cgroup_signal_all(const struct cgroup *, int sig);
int	 cgroup_populated(const struct cgroup *);	/* 1, 0, -1 */
/* Kill, wait, remove, close.  Idempotent; -1 when something remains. */
int	 cgroup_destroy(struct cgroup *);
int	 cgroup_stats(const struct cgroup *, uint64_t *cpu_ns,
	    uint64_t *max_mem);
int	 cgroup_oom_kills(const struct cgroup *, uint64_t *);

#endif /* SUPD_CGROUP_H */
