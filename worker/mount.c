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

/*
 * The domain filesystem, built once by the worker before it serves.
 *
 * Everything that could race is done on descriptors: the root is opened
 * without following any symlink, cloned as a detached mount tree
 * (open_tree), made nosuid/nodev (and read-only) as a whole with
 * mount_setattr, and every fresh filesystem is created with fsopen/fsmount
 * and attached with move_mount onto a mount point opened by openat2 with
 * RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS.  Nothing is ever created through
 * a path the domain could redirect to the host: the only files we make
 * outside a fresh tmpfs are missing top-level directories of a writable
 * root, made with mkdirat, which never follows a symlink.
 *
 * Order: private propagation, root checks, clone, staging, drop what the
 * clone brought at proc/sys/dev/run/tmp, fresh mounts, hostname,
 * pivot_root.
 */

#include <sys/types.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>

#include <linux/openat2.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "mount.h"

/* Where the clone is attached before pivot_root, inside the staging tmpfs. */
#define MOUNT_STAGE_AT		"/tmp"
#define MOUNT_STAGE_DIR		"supd-newroot"

/* Mounts stacked at one place that we are willing to peel off. */
#define MOUNT_DETACH_MAX	64

struct mount_ctx {
	const struct mount_spec	*mc_spec;
	char			*mc_err;
	size_t			 mc_errlen;
	int			 mc_rootfd;	/* the host root, O_PATH */
	int			 mc_treefd;	/* the clone of the root */
	int			 mc_stagefd;	/* the staging tmpfs */
	int			 mc_staged;	/* ... is attached */
};

struct mount_opt {
	const char	*mo_key;
	const char	*mo_val;	/* NULL: a flag */
};

/* Top-level directories of the root that get a fresh filesystem. */
static const struct mount_dir {
	const char	*md_name;
	mode_t		 md_mode;	/* when we have to create it */
} mount_dirs[] = {
	{ "proc",	0755 },
	{ "sys",	0755 },
	{ "dev",	0755 },
	{ "run",	0755 },
	{ "tmp",	01777 },
};

/* The device nodes of the minimal /dev. */
static const struct mount_node {
	const char	*mn_name;
	unsigned int	 mn_major;
	unsigned int	 mn_minor;
} mount_nodes[] = {
	{ "null",	1, 3 },
	{ "zero",	1, 5 },
	{ "full",	1, 7 },
	{ "random",	1, 8 },
	{ "urandom",	1, 9 },
	{ "tty",	5, 0 },
};

static const struct mount_link {
	const char	*ml_name;
	const char	*ml_target;
} mount_links[] = {
	{ "ptmx",	"pts/ptmx" },
	{ "fd",		"/proc/self/fd" },
	{ "stdin",	"/proc/self/fd/0" },
	{ "stdout",	"/proc/self/fd/1" },
	{ "stderr",	"/proc/self/fd/2" },
};

/*
 * Parts of the fresh /proc that are bound read-only over themselves: a
 * root process of the domain could otherwise set host-wide sysctls (such
 * as kernel.core_pattern, run by the host kernel as host root) or drive
 * the machine through sysrq, since neither needs more than uid 0.
 */
static const char *const mount_proc_ro[] = {
	"bus", "fs", "irq", "sys", "sysrq-trigger",
};

static const struct mount_opt mount_opts_none[] = {
	{ NULL,		NULL },
};
/*
 * Bounded tmpfs sizes: a domain without a memory limit could otherwise
 * fill half of the host's RAM through each of them.
 */
static const struct mount_opt mount_opts_run[] = {
	{ "mode",	"0755" },
	{ "size",	"16m" },
	{ NULL,		NULL },
};
static const struct mount_opt mount_opts_tmp[] = {
	{ "mode",	"01777" },
	{ "size",	"512m" },
	{ NULL,		NULL },
};
static const struct mount_opt mount_opts_dev[] = {
	{ "mode",	"0755" },
	{ "size",	"64k" },
	{ "nr_inodes",	"64" },
	{ NULL,		NULL },
};
static const struct mount_opt mount_opts_pts[] = {
	{ "newinstance", NULL },
	{ "ptmxmode",	"0666" },
	{ "mode",	"0620" },
	{ NULL,		NULL },
};
static const struct mount_opt mount_opts_shm[] = {
	{ "mode",	"01777" },
	{ "size",	"64m" },
	{ NULL,		NULL },
};

static int	mount_verr(struct mount_ctx *, int, const char *, va_list)
		    __attribute__((__format__ (printf, 3, 0)));
static int	mount_fail(struct mount_ctx *, const char *, ...)
		    __attribute__((__format__ (printf, 2, 3)));
static int	mount_failx(struct mount_ctx *, const char *, ...)
		    __attribute__((__format__ (printf, 2, 3)));
static void	mount_close(int *);
static int	mount_openat(int, const char *, int);
static int	mount_open_root(struct mount_ctx *);
static int	mount_check_dir(struct mount_ctx *, const struct mount_dir *);
static int	mount_clone_root(struct mount_ctx *);
static int	mount_stage(struct mount_ctx *);
static int	mount_detach(struct mount_ctx *, const char *);
static int	mount_new(struct mount_ctx *, const char *,
		    const struct mount_opt *, unsigned int, const char *);
static int	mount_attach(struct mount_ctx *, int, int, const char *,
		    const char *);
static int	mount_attach_own(struct mount_ctx *, int, int, const char *,
		    const char *);
static int	mount_fresh(struct mount_ctx *, const char *,
		    const struct mount_opt *, unsigned int, const char *);
static int	mount_proc(struct mount_ctx *);
static int	mount_proc_readonly(struct mount_ctx *, int, const char *);
static int	mount_dev(struct mount_ctx *);
static int	mount_dev_nodes(struct mount_ctx *, int);
static int	mount_dev_bind(struct mount_ctx *, int, int,
		    const struct mount_node *);
static int	mount_dev_sub(struct mount_ctx *, int, const char *,
		    const char *, const struct mount_opt *, unsigned int);
static int	mount_pivot(struct mount_ctx *);

int
mount_build_root(const struct mount_spec *spec, int keepfds[], size_t nkeep,
    char *err, size_t errlen)
{
	struct mount_ctx	 ctx;
	mode_t			 omask;
	size_t			 i;
	int			 rv = -1;

	memset(&ctx, 0, sizeof(ctx));
	ctx.mc_spec = spec;
	ctx.mc_err = err;
	ctx.mc_errlen = errlen;
	ctx.mc_rootfd = ctx.mc_treefd = ctx.mc_stagefd = -1;
	if (errlen > 0)
		err[0] = '\0';

	/* Refused by sethostname at the very end otherwise. */
	if (spec->hostname != NULL && strlen(spec->hostname) > HOST_NAME_MAX)
		return (mount_failx(&ctx, "hostname %s: longer than %d bytes",
		    spec->hostname, HOST_NAME_MAX));

	/*
	 * Modes below are meant exactly (01777 for /tmp, 0666 for the
	 * nodes); the caller's umask is put back before returning.
	 */
	omask = umask(0);

	/*
	 * Cut propagation first: without it every mount below would also
	 * appear in the host's namespace (or receive the host's), and a
	 * detach here would unmount the host's /proc, /dev, /run.
	 */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1) {
		mount_fail(&ctx, "make / private");
		goto fail;
	}
	if (mount_open_root(&ctx) == -1)
		goto fail;
	for (i = 0; i < sizeof(mount_dirs) / sizeof(mount_dirs[0]); i++)
		if (mount_check_dir(&ctx, &mount_dirs[i]) == -1)
			goto fail;
	/* The tree is taken before the staging tmpfs can hide the root. */
	if (mount_clone_root(&ctx) == -1 || mount_stage(&ctx) == -1)
		goto fail;
	/*
	 * What the recursive clone brought at these places is the host's:
	 * its /proc (host pids), /sys with the cgroup hierarchies, /dev,
	 * /run (supd's control socket) and /tmp.  Drop all of it.
	 */
	if (fchdir(ctx.mc_treefd) == -1) {
		mount_fail(&ctx, "chdir to new root");
		goto fail;
	}
	for (i = 0; i < sizeof(mount_dirs) / sizeof(mount_dirs[0]); i++)
		if (mount_detach(&ctx, mount_dirs[i].md_name) == -1)
			goto fail;
	if (mount_proc(&ctx) == -1 ||
	    mount_fresh(&ctx, "sysfs", mount_opts_none, MOUNT_ATTR_RDONLY |
	    MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC,
	    "sys") == -1 ||
	    mount_fresh(&ctx, "tmpfs", mount_opts_run, MOUNT_ATTR_NOSUID |
	    MOUNT_ATTR_NODEV, "run") == -1 ||
	    mount_fresh(&ctx, "tmpfs", mount_opts_tmp, MOUNT_ATTR_NOSUID |
	    MOUNT_ATTR_NODEV, "tmp") == -1 ||
	    mount_dev(&ctx) == -1)
		goto fail;
	if (spec->hostname != NULL &&
	    sethostname(spec->hostname, strlen(spec->hostname)) == -1) {
		mount_fail(&ctx, "sethostname %s", spec->hostname);
		goto fail;
	}
	if (mount_pivot(&ctx) == -1)
		goto fail;
	rv = 0;
 fail:
	/*
	 * A late failure: take the staging tmpfs, and the half-built tree
	 * on it, out of the caller's namespace again.
	 */
	if (ctx.mc_staged) {
		if (chdir("/") == -1)
			log_debug("%s: chdir /: %s", __func__, strerror(errno));
		if (umount2(MOUNT_STAGE_AT, MNT_DETACH | UMOUNT_NOFOLLOW) == -1)
			log_debug("%s: detach staging: %s", __func__,
			    strerror(errno));
	}
	mount_close(&ctx.mc_stagefd);
	mount_close(&ctx.mc_treefd);
	mount_close(&ctx.mc_rootfd);
	umask(omask);
	return (rv);
}

static int
mount_verr(struct mount_ctx *ctx, int errnum, const char *fmt, va_list ap)
{
	int	 n;

	if (ctx->mc_errlen == 0)
		return (-1);
	n = vsnprintf(ctx->mc_err, ctx->mc_errlen, fmt, ap);
	if (errnum != 0 && n >= 0 && (size_t)n < ctx->mc_errlen)
		snprintf(ctx->mc_err + n, ctx->mc_errlen - n, ": %s",
		    strerror(errnum));
	return (-1);
}

/* Set err to the message and strerror(errno); returns -1. */
static int
mount_fail(struct mount_ctx *ctx, const char *fmt, ...)
{
	va_list	 ap;
	int	 saved_errno = errno;

	va_start(ap, fmt);
	mount_verr(ctx, saved_errno, fmt, ap);
	va_end(ap);
	errno = saved_errno;
	return (-1);
}

/* Set err to the message alone; returns -1. */
static int
mount_failx(struct mount_ctx *ctx, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	mount_verr(ctx, 0, fmt, ap);
	va_end(ap);
	return (-1);
}

static void
mount_close(int *fd)
{
	int	 saved_errno = errno;

	if (*fd != -1) {
		close(*fd);
		*fd = -1;
	}
	errno = saved_errno;
}

/*
 * An O_PATH descriptor for name under dirfd (or an absolute path of the
 * host with AT_FDCWD).  No symlink is followed, not even the last
 * component, and the result cannot leave dirfd: a domain that swaps a
 * mount point for a symlink gets ELOOP, never a mount on a host path.
 */
static int
mount_openat(int dirfd, const char *name, int flags)
{
	struct open_how	 how;

	memset(&how, 0, sizeof(how));
	how.flags = O_PATH | O_CLOEXEC | flags;
	how.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
	if (dirfd != AT_FDCWD)
		how.resolve |= RESOLVE_BENEATH;
	return (syscall(SYS_openat2, dirfd, name, &how, sizeof(how)));
}

static int
mount_open_root(struct mount_ctx *ctx)
{
	struct open_how	 how;
	struct stat	 st;
	const char	*root = ctx->mc_spec->root;

	if (root == NULL || root[0] != '/')
		return (mount_failx(ctx, "root %s: not an absolute path",
		    root == NULL ? "(null)" : root));
	/*
	 * No symlink anywhere in the path: a root (or a parent of it) that
	 * a domain can replace by a symlink would otherwise let that domain
	 * choose which host directory the next one gets.
	 */
	memset(&how, 0, sizeof(how));
	how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
	how.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
	ctx->mc_rootfd = syscall(SYS_openat2, AT_FDCWD, root, &how,
	    sizeof(how));
	if (ctx->mc_rootfd == -1) {
		if (errno == ELOOP) {
			if (lstat(root, &st) == 0 && S_ISLNK(st.st_mode))
				return (mount_failx(ctx, "root %s: is a "
				    "symlink, must be a plain directory",
				    root));
			return (mount_failx(ctx, "root %s: the path goes "
			    "through a symlink", root));
		}
		if (errno == ENOTDIR)
			return (mount_failx(ctx, "root %s: not a directory",
			    root));
		return (mount_fail(ctx, "root %s", root));
	}
	return (0);
}

/*
 * proc, sys, dev, run and tmp of the root must be plain directories:
 * a symlink there (proc -> /, dev -> a host directory) is the classic
 * way to have the runtime mount or create device nodes on the host
 * (CVE-2019-19921, CVE-2023-27561).  A writable root may lack them.
 */
static int
mount_check_dir(struct mount_ctx *ctx, const struct mount_dir *md)
{
	struct stat	 st;
	const char	*root = ctx->mc_spec->root;

	if (fstatat(ctx->mc_rootfd, md->md_name, &st,
	    AT_SYMLINK_NOFOLLOW) == -1) {
		if (errno != ENOENT)
			return (mount_fail(ctx, "root %s: %s", root,
			    md->md_name));
		if (ctx->mc_spec->readonly)
			return (mount_failx(ctx, "root %s: %s is missing "
			    "and the root is read-only", root, md->md_name));
		/* mkdirat never follows a symlink in the last component. */
		if (mkdirat(ctx->mc_rootfd, md->md_name, md->md_mode) == -1 &&
		    errno != EEXIST)
			return (mount_fail(ctx, "root %s: cannot create %s",
			    root, md->md_name));
		/* Created by us or by a racing start: check what is there. */
		if (fstatat(ctx->mc_rootfd, md->md_name, &st,
		    AT_SYMLINK_NOFOLLOW) == -1)
			return (mount_fail(ctx, "root %s: %s", root,
			    md->md_name));
	}
	if (S_ISLNK(st.st_mode))
		return (mount_failx(ctx, "root %s: %s is a symlink, must be "
		    "a plain directory", root, md->md_name));
	if (!S_ISDIR(st.st_mode))
		return (mount_failx(ctx, "root %s: %s is not a directory",
		    root, md->md_name));
	return (0);
}

static int
mount_clone_root(struct mount_ctx *ctx)
{
	struct mount_attr	 attr;

	ctx->mc_treefd = open_tree(ctx->mc_rootfd, "", OPEN_TREE_CLONE |
	    OPEN_TREE_CLOEXEC | AT_RECURSIVE | AT_EMPTY_PATH);
	if (ctx->mc_treefd == -1)
		return (mount_fail(ctx, "root %s: clone", ctx->mc_spec->root));

	/*
	 * nosuid: a setuid binary in the root must not raise a domain
	 * process to root.  nodev: device nodes on the root's filesystem
	 * (a block device in an image) must not open; the domain's only
	 * devices are the fresh /dev below.  Private: nothing mounted here
	 * or in the host later propagates across.
	 */
	memset(&attr, 0, sizeof(attr));
	attr.attr_set = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
	if (ctx->mc_spec->readonly)
		attr.attr_set |= MOUNT_ATTR_RDONLY;
	attr.propagation = MS_PRIVATE;
	if (mount_setattr(ctx->mc_treefd, "", AT_EMPTY_PATH | AT_RECURSIVE,
	    &attr, sizeof(attr)) == -1)
		return (mount_fail(ctx, "root %s: set mount attributes",
		    ctx->mc_spec->root));
	return (0);
}

/*
 * pivot_root wants the new root attached in our namespace.  It goes in a
 * directory of a private tmpfs so that no host directory is created or
 * written for it; the tmpfs goes away with the old root.  Nothing but
 * that one directory is ever put in it, so it needs no size limit, and
 * no other process can reach it: our namespace is private.
 */
static int
mount_stage(struct mount_ctx *ctx)
{
	int	 atfd = -1;

	ctx->mc_stagefd = mount_new(ctx, "tmpfs", mount_opts_none,
	    MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC,
	    "staging tmpfs");
	if (ctx->mc_stagefd == -1)
		goto fail;
	if (mkdirat(ctx->mc_stagefd, MOUNT_STAGE_DIR, 0700) == -1) {
		mount_fail(ctx, "staging tmpfs: mkdir");
		goto fail;
	}
	if ((atfd = mount_openat(AT_FDCWD, MOUNT_STAGE_AT,
	    O_DIRECTORY)) == -1) {
		mount_fail(ctx, "staging tmpfs: open %s", MOUNT_STAGE_AT);
		goto fail;
	}
	if (move_mount(ctx->mc_stagefd, "", atfd, "",
	    MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) == -1) {
		mount_fail(ctx, "staging tmpfs: attach at %s", MOUNT_STAGE_AT);
		goto fail;
	}
	ctx->mc_staged = 1;
	if (mount_attach_own(ctx, ctx->mc_treefd, ctx->mc_stagefd,
	    MOUNT_STAGE_DIR, "new root") == -1)
		goto fail;
	mount_close(&atfd);
	return (0);
 fail:
	mount_close(&atfd);
	return (-1);
}

/*
 * Peel off every mount the clone has at name, topmost first (the host
 * may stack several, as it does on /dev/pts); MNT_DETACH takes their
 * submounts along.  umount2 has no dirfd, so the path is relative to
 * the cwd, the clone's root, and never goes through a symlink.
 */
static int
mount_detach(struct mount_ctx *ctx, const char *name)
{
	int	 n;

	for (n = 0; n < MOUNT_DETACH_MAX; n++) {
		if (umount2(name, MNT_DETACH | UMOUNT_NOFOLLOW) == -1) {
			/* EINVAL: no mount (left) at name. */
			if (errno == EINVAL)
				return (0);
			return (mount_fail(ctx, "detach /%s", name));
		}
	}
	return (mount_failx(ctx, "detach /%s: more than %d mounts stacked",
	    name, MOUNT_DETACH_MAX));
}

/*
 * A new, detached filesystem of type fstype with the given options and
 * mount attributes; returns its mount descriptor or -1.  where names
 * it in messages.
 */
static int
mount_new(struct mount_ctx *ctx, const char *fstype,
    const struct mount_opt *opts, unsigned int attrs, const char *where)
{
	int	 fsfd, mntfd = -1;

	if ((fsfd = fsopen(fstype, FSOPEN_CLOEXEC)) == -1)
		return (mount_fail(ctx, "mount %s: %s", where, fstype));
	for (; opts->mo_key != NULL; opts++) {
		if (fsconfig(fsfd, opts->mo_val == NULL ? FSCONFIG_SET_FLAG :
		    FSCONFIG_SET_STRING, opts->mo_key, opts->mo_val, 0) == -1) {
			mount_fail(ctx, "mount %s: option %s", where,
			    opts->mo_key);
			goto fail;
		}
	}
	if (fsconfig(fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) == -1 ||
	    (mntfd = fsmount(fsfd, FSMOUNT_CLOEXEC, attrs)) == -1)
		mount_fail(ctx, "mount %s", where);
 fail:
	mount_close(&fsfd);
	return (mntfd);
}

/* Move the mount mntfd onto the directory name under dirfd. */
static int
mount_attach(struct mount_ctx *ctx, int mntfd, int dirfd, const char *name,
    const char *where)
{
	int	 tofd;

	if ((tofd = mount_openat(dirfd, name, O_DIRECTORY)) == -1)
		return (mount_fail(ctx, "mount %s: mount point", where));
	if (move_mount(mntfd, "", tofd, "", MOVE_MOUNT_F_EMPTY_PATH |
	    MOVE_MOUNT_T_EMPTY_PATH) == -1) {
		mount_fail(ctx, "mount %s", where);
		mount_close(&tofd);
		return (-1);
	}
	mount_close(&tofd);
	return (0);
}

/*
 * Move the mount mntfd onto name under dirfd, a filesystem of our own
 * (staging, the new /proc and /dev) that no other process can reach or
 * change: the target needs no descriptor of its own (and move_mount
 * would not follow a symlink in the last component anyway).
 */
static int
mount_attach_own(struct mount_ctx *ctx, int mntfd, int dirfd,
    const char *name, const char *where)
{
	if (move_mount(mntfd, "", dirfd, name, MOVE_MOUNT_F_EMPTY_PATH) == -1)
		return (mount_fail(ctx, "mount %s", where));
	return (0);
}

/* A fresh filesystem on the top-level directory name of the new root. */
static int
mount_fresh(struct mount_ctx *ctx, const char *fstype,
    const struct mount_opt *opts, unsigned int attrs, const char *name)
{
	char	 where[16];
	int	 mntfd, rv;

	(void)snprintf(where, sizeof(where), "/%s", name);
	if ((mntfd = mount_new(ctx, fstype, opts, attrs, where)) == -1)
		return (-1);
	rv = mount_attach(ctx, mntfd, ctx->mc_treefd, name, where);
	mount_close(&mntfd);
	return (rv);
}

/*
 * procfs shows the pid namespace of the process that creates it: the
 * caller is init of the domain's, so the domain sees only its own pids.
 */
static int
mount_proc(struct mount_ctx *ctx)
{
	size_t	 i;
	int	 procfd, rv = -1;

	procfd = mount_new(ctx, "proc", mount_opts_none, MOUNT_ATTR_NOSUID |
	    MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, "/proc");
	if (procfd == -1)
		return (-1);
	if (mount_attach(ctx, procfd, ctx->mc_treefd, "proc", "/proc") == -1)
		goto fail;
	for (i = 0; i < sizeof(mount_proc_ro) / sizeof(mount_proc_ro[0]); i++)
		if (mount_proc_readonly(ctx, procfd, mount_proc_ro[i]) == -1)
			goto fail;
	rv = 0;
 fail:
	mount_close(&procfd);
	return (rv);
}

/* Bind /proc/name read-only over itself; a name the kernel lacks is fine. */
static int
mount_proc_readonly(struct mount_ctx *ctx, int procfd, const char *name)
{
	struct mount_attr	 attr;
	char			 where[32];
	int			 treefd, rv = -1;

	treefd = open_tree(procfd, name, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
	    AT_SYMLINK_NOFOLLOW);
	if (treefd == -1) {
		if (errno == ENOENT)
			return (0);
		return (mount_fail(ctx, "read-only /proc/%s", name));
	}
	(void)snprintf(where, sizeof(where), "/proc/%s", name);
	memset(&attr, 0, sizeof(attr));
	attr.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
	    MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC;
	if (mount_setattr(treefd, "", AT_EMPTY_PATH, &attr,
	    sizeof(attr)) == -1) {
		mount_fail(ctx, "read-only %s", where);
		goto fail;
	}
	if (mount_attach_own(ctx, treefd, procfd, name, where) == -1)
		goto fail;
	rv = 0;
 fail:
	mount_close(&treefd);
	return (rv);
}

/*
 * A fresh tmpfs, never the root's own dev directory: everything below
 * is created through the tmpfs's own descriptor, so a /dev that is (or
 * becomes) a symlink to a host directory cannot make us create, chmod
 * or delete anything there (CVE-2026-41579 class).  nosuid, noexec and
 * nodev: the nodes are bind mounts of their own.
 */
static int
mount_dev(struct mount_ctx *ctx)
{
	size_t	 i;
	int	 devfd, rv = -1;

	devfd = mount_new(ctx, "tmpfs", mount_opts_dev, MOUNT_ATTR_NOSUID |
	    MOUNT_ATTR_NOEXEC | MOUNT_ATTR_NODEV, "/dev");
	if (devfd == -1)
		return (-1);
	if (mount_attach(ctx, devfd, ctx->mc_treefd, "dev", "/dev") == -1 ||
	    mount_dev_nodes(ctx, devfd) == -1 ||
	    mount_dev_sub(ctx, devfd, "pts", "devpts", mount_opts_pts,
	    MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC) == -1 ||
	    mount_dev_sub(ctx, devfd, "shm", "tmpfs", mount_opts_shm,
	    MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV) == -1)
		goto fail;
	for (i = 0; i < sizeof(mount_links) / sizeof(mount_links[0]); i++) {
		if (symlinkat(mount_links[i].ml_target, devfd,
		    mount_links[i].ml_name) == -1) {
			mount_fail(ctx, "symlink /dev/%s",
			    mount_links[i].ml_name);
			goto fail;
		}
	}
	rv = 0;
 fail:
	mount_close(&devfd);
	return (rv);
}

/*
 * Bind the host's nodes, each checked to be the right device.  Never
 * mknod: the /dev tmpfs is nodev, so a node a domain process creates
 * there (root with CAP_MKNOD) opens no device; only these binds do.
 */
static int
mount_dev_nodes(struct mount_ctx *ctx, int devfd)
{
	size_t	 i;
	int	 hostdevfd, rv = -1;

	/* The staging tmpfs is elsewhere: "/" is still the host root. */
	if ((hostdevfd = mount_openat(AT_FDCWD, "/dev", O_DIRECTORY)) == -1)
		return (mount_fail(ctx, "host /dev"));
	for (i = 0; i < sizeof(mount_nodes) / sizeof(mount_nodes[0]); i++)
		if (mount_dev_bind(ctx, devfd, hostdevfd, &mount_nodes[i]) ==
		    -1)
			goto fail;
	rv = 0;
 fail:
	mount_close(&hostdevfd);
	return (rv);
}

static int
mount_dev_bind(struct mount_ctx *ctx, int devfd, int hostdevfd,
    const struct mount_node *mn)
{
	struct mount_attr	 attr;
	struct stat		 st;
	int			 hostfd = -1, treefd = -1, tofd = -1;
	int			 rv = -1;

	/*
	 * Open the host node without following anything and check it is
	 * the device we mean before binding that very inode; a path would
	 * be resolved again by the bind (CVE-2025-31133).
	 */
	if ((hostfd = mount_openat(hostdevfd, mn->mn_name, 0)) == -1) {
		mount_fail(ctx, "bind /dev/%s: host node", mn->mn_name);
		goto fail;
	}
	if (fstat(hostfd, &st) == -1) {
		mount_fail(ctx, "bind /dev/%s: host node", mn->mn_name);
		goto fail;
	}
	if (!S_ISCHR(st.st_mode) || major(st.st_rdev) != mn->mn_major ||
	    minor(st.st_rdev) != mn->mn_minor) {
		mount_failx(ctx, "bind /dev/%s: host node is not the "
		    "character device %u:%u", mn->mn_name, mn->mn_major,
		    mn->mn_minor);
		goto fail;
	}
	/* The mount point: a new empty file in our own tmpfs. */
	if ((tofd = openat(devfd, mn->mn_name, O_WRONLY | O_CREAT | O_EXCL |
	    O_NOFOLLOW | O_CLOEXEC, 0666)) == -1) {
		mount_fail(ctx, "bind /dev/%s: mount point", mn->mn_name);
		goto fail;
	}
	memset(&attr, 0, sizeof(attr));
	attr.attr_set = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC;
	attr.propagation = MS_PRIVATE;
	if ((treefd = open_tree(hostfd, "", OPEN_TREE_CLONE |
	    OPEN_TREE_CLOEXEC | AT_EMPTY_PATH)) == -1 ||
	    mount_setattr(treefd, "", AT_EMPTY_PATH, &attr,
	    sizeof(attr)) == -1 ||
	    move_mount(treefd, "", tofd, "", MOVE_MOUNT_F_EMPTY_PATH |
	    MOVE_MOUNT_T_EMPTY_PATH) == -1) {
		mount_fail(ctx, "bind /dev/%s", mn->mn_name);
		goto fail;
	}
	rv = 0;
 fail:
	mount_close(&tofd);
	mount_close(&treefd);
	mount_close(&hostfd);
	return (rv);
}

/* A fresh filesystem on a new directory name of the new /dev. */
static int
mount_dev_sub(struct mount_ctx *ctx, int devfd, const char *name,
    const char *fstype, const struct mount_opt *opts, unsigned int attrs)
{
	char	 where[16];
	int	 mntfd, rv;

	(void)snprintf(where, sizeof(where), "/dev/%s", name);
	if (mkdirat(devfd, name, 0755) == -1)
		return (mount_fail(ctx, "mkdir %s", where));
	if ((mntfd = mount_new(ctx, fstype, opts, attrs, where)) == -1)
		return (-1);
	rv = mount_attach_own(ctx, mntfd, devfd, name, where);
	mount_close(&mntfd);
	return (rv);
}

/*
 * Swap roots: with the new root as cwd, pivot_root(".", ".") stacks the
 * old root on top of it, and the lazy detach takes the old root away
 * together with everything under it (the host's mounts, the staging
 * tmpfs).  Afterwards no host path can be named from this namespace.
 */
static int
mount_pivot(struct mount_ctx *ctx)
{
	if (fchdir(ctx->mc_treefd) == -1)
		return (mount_fail(ctx, "chdir to new root"));
	if (syscall(SYS_pivot_root, ".", ".") == -1)
		return (mount_fail(ctx, "pivot_root"));
	/* The staging tmpfs now sits under the old root, not at /tmp. */
	ctx->mc_staged = 0;
	if (umount2(".", MNT_DETACH) == -1)
		return (mount_fail(ctx, "detach old root"));
	if (chdir("/") == -1)
		return (mount_fail(ctx, "chdir /"));
	return (0);
}
