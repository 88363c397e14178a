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

#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <linux/filter.h>
#include <linux/seccomp.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#include "log.h"
#include "config.h"
#include "sandbox.h"

/*
 * In an ASan build the leak check at exit stops the world with clone and
 * ptrace, which the frontend's filter kills: it is run before the filter
 * instead (and, as documented, then not again at exit).  priv_drop()
 * does it already, before the chroot hides /proc; a second call is a
 * no-op.
 */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SB_ASAN	1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(SB_ASAN)
#define SB_ASAN	1
#endif
#ifdef SB_ASAN
#include <sanitizer/lsan_interface.h>
#endif

/*
 * The frontend's default action.  A debug build traps instead, and the
 * SIGSYS handler names the syscall the allowlist is missing.
 */
#ifdef SUPD_SECCOMP_DEBUG
#define SB_FRONTEND_DEFAULT	SCMP_ACT_TRAP
#else
#define SB_FRONTEND_DEFAULT	SCMP_ACT_KILL_PROCESS
#endif
#define SB_EACCES		SCMP_ACT_ERRNO(EACCES)
#define SB_ENOTTY		SCMP_ACT_ERRNO(ENOTTY)
#define SB_EPERM		SCMP_ACT_ERRNO(EPERM)
/* The kernel reads ioctl's command and clone's flags as 32 bits. */
#define SB_LOW32		0xffffffffULL
#define SB_NITEMS(a)		(sizeof(a) / sizeof((a)[0]))

/*
 * A rule on one argument: it matches when (arg & mask) == datum.  Every
 * argument rule here is such a masked compare, with the mask covering
 * exactly the bits the kernel looks at, so bits it ignores (the high
 * half of a 32-bit argument) cannot steer a call past the rule.
 */
struct sandbox_argrule {
	int		 sa_nr;
	uint32_t	 sa_action;
	unsigned int	 sa_arg;
	scmp_datum_t	 sa_mask;
	scmp_datum_t	 sa_datum;
};

/*
 * The frontend: a libevent server on UNIX sockets that owns no file,
 * starts no process and signals no one.  What it may do, a syscall a
 * line.  Anything else kills it.
 */
static const int sb_frontend_allow[] = {
	SCMP_SYS(read),			/* client bytes, imsg */
	SCMP_SYS(readv),		/* libevent evbuffer_read */
	SCMP_SYS(write),		/* responses; stderr log (-d) */
	SCMP_SYS(writev),		/* libevent evbuffer_write */
	SCMP_SYS(recvmsg),		/* requests with SCM_RIGHTS; imsg */
	SCMP_SYS(sendmsg),		/* imsg with a descriptor */
	SCMP_SYS(recvfrom),		/* recv(2) */
	SCMP_SYS(sendto),		/* send(2); syslog(3) on /dev/log */
	SCMP_SYS(accept),		/* accept(2) in glibc */
	SCMP_SYS(accept4),		/* new clients (evconnlistener) */
	SCMP_SYS(shutdown),		/* half-close a client */
	SCMP_SYS(close),		/* client gone, passed fds relayed */
	SCMP_SYS(getsockopt),		/* SO_PEERCRED of a client, SO_ERROR */
	SCMP_SYS(setsockopt),		/* socket buffer sizes of clients */
	SCMP_SYS(epoll_create1),	/* libevent: an event base made late */
	SCMP_SYS(epoll_ctl),		/* libevent: add and delete events */
	SCMP_SYS(epoll_wait),		/* libevent: the loop */
	SCMP_SYS(epoll_pwait),		/* other forms of the wait */
	SCMP_SYS(epoll_pwait2),		/* the same, with a timespec */
	SCMP_SYS(eventfd2),		/* libevent: notify the base */
	SCMP_SYS(pipe2),		/* libevent: signal and notify pipes */
	SCMP_SYS(clock_gettime),	/* libevent timers, when not in vDSO */
	SCMP_SYS(gettimeofday),		/* the same, and log time stamps */
	SCMP_SYS(clock_nanosleep),	/* nanosleep(3) */
	SCMP_SYS(brk),			/* malloc */
	SCMP_SYS(munmap),		/* free of large blocks */
	SCMP_SYS(mremap),		/* realloc of large blocks */
	SCMP_SYS(madvise),		/* malloc returns memory; ASan */
	SCMP_SYS(fstat),		/* stdio buffer sizing */
	SCMP_SYS(lseek),		/* stdio */
	SCMP_SYS(rt_sigaction),		/* libevent signal events */
	SCMP_SYS(rt_sigprocmask),	/* libevent, abort(3) */
	SCMP_SYS(rt_sigreturn),		/* return from any signal handler */
	SCMP_SYS(sigaltstack),		/* ASan's stack overflow handler */
	SCMP_SYS(getpid),		/* log prefixes, libevent */
	SCMP_SYS(gettid),		/* abort(3), ASan reports */
	SCMP_SYS(getuid),		/* identity probes by libc */
	SCMP_SYS(geteuid),		/* identity probes by libc */
	SCMP_SYS(getgid),		/* identity probes by libc */
	SCMP_SYS(getegid),		/* identity probes by libc */
	SCMP_SYS(uname),		/* libc and ASan version probes */
	SCMP_SYS(sched_yield),		/* ASan's spin locks */
	SCMP_SYS(futex),		/* libc locks */
	SCMP_SYS(getrandom),		/* malloc, hash seeds */
	SCMP_SYS(restart_syscall),	/* an interrupted sleep resumes */
	SCMP_SYS(exit),			/* leaving */
	SCMP_SYS(exit_group),		/* leaving */
};

/*
 * Denied with EACCES, so that probes by libc and the sanitizer fail
 * softly instead of killing the frontend: there is nothing to find in
 * its empty root anyway.  socket and connect are here for syslog(3),
 * which reconnects to /dev/log after an error; that socket is out of
 * reach in the chroot, and the frontend needs no new socket.
 */
static const int sb_frontend_eacces[] = {
	SCMP_SYS(open),
	SCMP_SYS(openat),
	SCMP_SYS(openat2),
	SCMP_SYS(stat),
	SCMP_SYS(lstat),
	SCMP_SYS(statx),
	SCMP_SYS(access),
	SCMP_SYS(faccessat),
	SCMP_SYS(faccessat2),
	SCMP_SYS(readlink),
	SCMP_SYS(readlinkat),
	SCMP_SYS(socket),
	SCMP_SYS(connect),
};

static const struct sandbox_argrule sb_frontend_args[] = {
	/* Memory may be mapped and re-protected, never executable. */
	{ SCMP_SYS(mmap),	SCMP_ACT_ALLOW,	2, PROT_EXEC, 0 },
	{ SCMP_SYS(mprotect),	SCMP_ACT_ALLOW,	2, PROT_EXEC, 0 },
	/* fstat(3) is newfstatat(fd, "", AT_EMPTY_PATH); a path: EACCES. */
	{ SCMP_SYS(newfstatat),	SCMP_ACT_ALLOW,	3, AT_EMPTY_PATH,
	    AT_EMPTY_PATH },
	{ SCMP_SYS(newfstatat),	SB_EACCES,	3, AT_EMPTY_PATH, 0 },
	/*
	 * O_NONBLOCK and FD_CLOEXEC on new descriptors (libevent, imsg).
	 * Not F_SETOWN or F_SETSIG: SIGIO would reach other processes of
	 * the same user, which kill(2) may not.
	 */
	{ SCMP_SYS(fcntl),	SCMP_ACT_ALLOW,	1, SB_LOW32, F_GETFD },
	{ SCMP_SYS(fcntl),	SCMP_ACT_ALLOW,	1, SB_LOW32, F_SETFD },
	{ SCMP_SYS(fcntl),	SCMP_ACT_ALLOW,	1, SB_LOW32, F_GETFL },
	{ SCMP_SYS(fcntl),	SCMP_ACT_ALLOW,	1, SB_LOW32, F_SETFL },
	/* A client's socket, duplicated for the monitor to examine. */
	{ SCMP_SYS(fcntl),	SCMP_ACT_ALLOW,	1, SB_LOW32, F_DUPFD_CLOEXEC },
	/* libevent's evbuffer_read asks how many bytes are waiting. */
	{ SCMP_SYS(ioctl),	SCMP_ACT_ALLOW,	1, SB_LOW32, FIONREAD },
	/* isatty(3), from stdio: not a terminal. */
	{ SCMP_SYS(ioctl),	SB_ENOTTY,	1, SB_LOW32, TCGETS },
	{ SCMP_SYS(ioctl),	SB_ENOTTY,	1, SB_LOW32, TIOCGWINSZ },
};

/*
 * Namespace flags of clone(2) and unshare(2), refused in any profile
 * whose default is allow.  CLONE_NEWTIME only for unshare: in clone's
 * first argument that bit belongs to the exit signal.
 */
static const uint32_t sb_ns_flags[] = {
	CLONE_NEWNS,
	CLONE_NEWUTS,
	CLONE_NEWIPC,
	CLONE_NEWUSER,
	CLONE_NEWPID,
	CLONE_NEWNET,
	CLONE_NEWCGROUP,
	CLONE_NEWTIME,
};

/* Terminal ioctls that inject input or poke the console (CVE-2017-5226). */
static const uint32_t sb_tty_ioctls[] = {
	TIOCSTI,
	TIOCLINUX,
};

static scmp_filter_ctx	 sandbox_frontend_build(char *, size_t);
static scmp_filter_ctx	 sandbox_profile_build(const struct seccomp_profile *,
			    char *, size_t);
static int		 sandbox_harden(scmp_filter_ctx, char *, size_t);
static int		 sandbox_profile_export(const struct seccomp_profile *,
			    struct sock_filter *, size_t *, char *, size_t);
static int		 sandbox_names(scmp_filter_ctx,
			    const struct seccomp_profile *, char **, size_t,
			    uint32_t, uint32_t, char *, size_t);
static int		 sandbox_add(scmp_filter_ctx, uint32_t, int,
			    const struct sandbox_argrule *, char *, size_t);
static int		 sandbox_export(scmp_filter_ctx, struct sock_filter *,
			    size_t, size_t *, char *, size_t);
static int		 sandbox_install(struct sock_filter *, size_t, char *,
			    size_t);
static void		 sandbox_limits(int);
static int		 sandbox_err(char *, size_t, const char *, ...)
			    __attribute__((__format__ (printf, 3, 4)));
#ifdef SUPD_SECCOMP_DEBUG
static void		 sandbox_sigsys(int, siginfo_t *, void *);
static void		 sandbox_debug_init(void);
#endif

void
sandbox_frontend(int logfile)
{
	struct sock_filter	 insns[BPF_MAXINSNS];
	scmp_filter_ctx		 ctx;
	size_t			 ninsns;
	char			 err[256];

	if ((ctx = sandbox_frontend_build(err, sizeof(err))) == NULL)
		fatalx("frontend sandbox: %s", err);
	if (sandbox_export(ctx, insns, BPF_MAXINSNS, &ninsns, err,
	    sizeof(err)) == -1) {
		seccomp_release(ctx);
		fatalx("frontend sandbox: %s", err);
	}
	seccomp_release(ctx);
#ifdef SB_ASAN
	/* Before RLIMIT_NPROC: LSan's tracer is a new task. */
	__lsan_do_leak_check();
#endif
	/* After the export, which writes a memfd that FSIZE would stop. */
	sandbox_limits(logfile);
#ifdef SUPD_SECCOMP_DEBUG
	sandbox_debug_init();
#endif
	if (sandbox_install(insns, ninsns, err, sizeof(err)) == -1)
		fatalx("frontend sandbox: %s", err);
	log_debug("frontend sandbox loaded (%zu instructions)", ninsns);
}

static scmp_filter_ctx
sandbox_frontend_build(char *err, size_t errlen)
{
	struct sandbox_argrule	 self;
	scmp_filter_ctx		 ctx;
	size_t			 i;
	int			 rc;

	if ((ctx = seccomp_init(SB_FRONTEND_DEFAULT)) == NULL) {
		sandbox_err(err, errlen, "seccomp_init failed");
		return (NULL);
	}
	/*
	 * Only the native ABI: i386 (int 0x80) and x32 (bit 30 of the
	 * number) index other syscall tables, where these rules mean
	 * nothing.  libseccomp's x86_64 filter sends both to the bad-arch
	 * action, which must kill.
	 */
	if ((rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
	    SB_FRONTEND_DEFAULT)) < 0) {
		sandbox_err(err, errlen, "bad-arch action: %s", strerror(-rc));
		goto fail;
	}
	if ((rc = seccomp_arch_exist(ctx, seccomp_arch_native())) != 0) {
		sandbox_err(err, errlen, "native architecture missing: %s",
		    strerror(-rc));
		goto fail;
	}

	for (i = 0; i < SB_NITEMS(sb_frontend_allow); i++)
		if (sandbox_add(ctx, SCMP_ACT_ALLOW, sb_frontend_allow[i],
		    NULL, err, errlen) == -1)
			goto fail;
	for (i = 0; i < SB_NITEMS(sb_frontend_eacces); i++)
		if (sandbox_add(ctx, SB_EACCES, sb_frontend_eacces[i],
		    NULL, err, errlen) == -1)
			goto fail;
	for (i = 0; i < SB_NITEMS(sb_frontend_args); i++)
		if (sandbox_add(ctx, sb_frontend_args[i].sa_action,
		    sb_frontend_args[i].sa_nr, &sb_frontend_args[i], err,
		    errlen) == -1)
			goto fail;

	/*
	 * abort(3) signals its own process; nobody else, even processes
	 * of the same user, may be signalled.
	 */
	self.sa_nr = SCMP_SYS(tgkill);
	self.sa_action = SCMP_ACT_ALLOW;
	self.sa_arg = 0;
	self.sa_mask = SB_LOW32;
	self.sa_datum = (uint32_t)getpid();
	if (sandbox_add(ctx, self.sa_action, self.sa_nr, &self, err,
	    errlen) == -1)
		goto fail;
	return (ctx);

 fail:
	seccomp_release(ctx);
	return (NULL);
}

/*
 * Hardening for profiles whose default is allow (the built-in "default"
 * profile): a deny list cannot know tomorrow's syscalls, so the ways
 * into new namespaces and terminal injection are closed here, whatever
 * the list says.  Added before the profile's own rules: of two
 * unconditional rules libseccomp keeps the first (clone3 stays ENOSYS),
 * and an unconditional rule replaces conditional ones, which the
 * profile can only do with a deny (its allows equal the default and
 * are never added).
 */
static int
sandbox_harden(scmp_filter_ctx ctx, char *err, size_t errlen)
{
	struct sandbox_argrule	 r;
	size_t			 i;

	/*
	 * clone3 takes its flags in memory, which seccomp cannot read:
	 * answer as an old kernel would, so glibc falls back to clone(2),
	 * whose flags are checked below.
	 */
	if (sandbox_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), NULL,
	    err, errlen) == -1)
		return (-1);

	for (i = 0; i < SB_NITEMS(sb_ns_flags); i++) {
		r.sa_action = SB_EPERM;
		r.sa_arg = 0;
		r.sa_mask = sb_ns_flags[i];
		r.sa_datum = sb_ns_flags[i];
		r.sa_nr = SCMP_SYS(unshare);
		if (sandbox_add(ctx, r.sa_action, r.sa_nr, &r, err,
		    errlen) == -1)
			return (-1);
		if (sb_ns_flags[i] == CLONE_NEWTIME)
			continue;
		r.sa_nr = SCMP_SYS(clone);
		if (sandbox_add(ctx, r.sa_action, r.sa_nr, &r, err,
		    errlen) == -1)
			return (-1);
	}

	/*
	 * ioctl's command is 32 bits to the kernel: compare only those, so
	 * that TIOCSTI with bit 32 set is still TIOCSTI (CVE-2019-7303).
	 */
	for (i = 0; i < SB_NITEMS(sb_tty_ioctls); i++) {
		r.sa_nr = SCMP_SYS(ioctl);
		r.sa_action = SB_EPERM;
		r.sa_arg = 1;
		r.sa_mask = SB_LOW32;
		r.sa_datum = sb_tty_ioctls[i];
		if (sandbox_add(ctx, r.sa_action, r.sa_nr, &r, err,
		    errlen) == -1)
			return (-1);
	}
	return (0);
}

/*
 * Build a profile's filter and generate its BPF program into insns;
 * the libseccomp context is gone before this returns.
 */
static int
sandbox_profile_export(const struct seccomp_profile *sp,
    struct sock_filter *insns, size_t *ninsns, char *err, size_t errlen)
{
	scmp_filter_ctx		 ctx;
	int			 rc;

	if ((ctx = sandbox_profile_build(sp, err, errlen)) == NULL)
		return (-1);
	/* Generating the program also proves it fits the kernel's limit. */
	rc = sandbox_export(ctx, insns, BPF_MAXINSNS, ninsns, err, errlen);
	seccomp_release(ctx);
	return (rc);
}

int
sandbox_load_profile(const struct seccomp_profile *sp, char *err,
    size_t errlen)
{
	struct sock_filter	 insns[BPF_MAXINSNS];
	size_t			 ninsns;

	/* Everything is freed before the filter goes in. */
	if (sandbox_profile_export(sp, insns, &ninsns, err, errlen) == -1)
		return (-1);
	return (sandbox_install(insns, ninsns, err, errlen));
}

int
sandbox_profile_check(const struct seccomp_profile *sp, char *err,
    size_t errlen)
{
	struct sock_filter	 insns[BPF_MAXINSNS];
	size_t			 ninsns;

	return (sandbox_profile_export(sp, insns, &ninsns, err, errlen));
}

int
sandbox_compile_profile(const struct seccomp_profile *sp,
    struct sandbox_prog *prog, char *err, size_t errlen)
{
	struct sock_filter	 insns[BPF_MAXINSNS];
	size_t			 ninsns;

	memset(prog, 0, sizeof(*prog));
	if (sandbox_profile_export(sp, insns, &ninsns, err, errlen) == -1)
		return (-1);
	if ((prog->sp_insns = calloc(ninsns, sizeof(*insns))) == NULL)
		return (sandbox_err(err, errlen, "out of memory"));
	memcpy(prog->sp_insns, insns, ninsns * sizeof(*insns));
	prog->sp_ninsns = ninsns;
	return (0);
}

int
sandbox_install_prog(const struct sandbox_prog *prog, char *err,
    size_t errlen)
{
	if (prog->sp_insns == NULL || prog->sp_ninsns == 0)
		return (sandbox_err(err, errlen, "empty seccomp program"));
	return (sandbox_install(prog->sp_insns, prog->sp_ninsns, err,
	    errlen));
}

void
sandbox_prog_free(struct sandbox_prog *prog)
{
	free(prog->sp_insns);
	prog->sp_insns = NULL;
	prog->sp_ninsns = 0;
}

static scmp_filter_ctx
sandbox_profile_build(const struct seccomp_profile *sp, char *err,
    size_t errlen)
{
	scmp_filter_ctx	 ctx;
	uint32_t	 def;
	int		 rc;

	if (sp == NULL) {
		sandbox_err(err, errlen, "no seccomp profile");
		return (NULL);
	}
	switch (sp->sp_default) {
	case SECCOMP_ACT_ALLOW_DEF:
		def = SCMP_ACT_ALLOW;
		break;
	case SECCOMP_ACT_KILL_DEF:
		def = SCMP_ACT_KILL_PROCESS;
		break;
	case SECCOMP_ACT_ERRNO_DEF:
		def = SB_EPERM;
		break;
	default:
		sandbox_err(err, errlen, "seccomp profile %s: bad default "
		    "action %d", sp->sp_name, (int)sp->sp_default);
		return (NULL);
	}
	if ((sp->sp_nallow > 0 && sp->sp_allow == NULL) ||
	    (sp->sp_ndeny > 0 && sp->sp_deny == NULL)) {
		sandbox_err(err, errlen, "seccomp profile %s: missing list",
		    sp->sp_name);
		return (NULL);
	}
	if ((ctx = seccomp_init(def)) == NULL) {
		sandbox_err(err, errlen, "seccomp_init failed");
		return (NULL);
	}
	/* Other ABIs (i386, x32) would dodge every rule: kill them. */
	if ((rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
	    SCMP_ACT_KILL_PROCESS)) < 0) {
		sandbox_err(err, errlen, "bad-arch action: %s", strerror(-rc));
		goto fail;
	}
	if (def == SCMP_ACT_ALLOW && sandbox_harden(ctx, err, errlen) == -1)
		goto fail;
	/*
	 * Deny before allow: of two unconditional rules for one syscall
	 * libseccomp keeps the first, and a name in both lists is denied.
	 */
	if (sandbox_names(ctx, sp, sp->sp_deny, sp->sp_ndeny, SB_EPERM, def,
	    err, errlen) == -1)
		goto fail;
	if (sandbox_names(ctx, sp, sp->sp_allow, sp->sp_nallow,
	    SCMP_ACT_ALLOW, def, err, errlen) == -1)
		goto fail;
	return (ctx);

 fail:
	seccomp_release(ctx);
	return (NULL);
}

/*
 * Add one unconditional rule per syscall name.  A profile may list
 * syscalls of several architectures: a name this one does not have is
 * skipped, and so is a rule that would only repeat the default action.
 */
static int
sandbox_names(scmp_filter_ctx ctx, const struct seccomp_profile *sp,
    char **names, size_t n, uint32_t action, uint32_t def, char *err,
    size_t errlen)
{
	size_t	 i;
	int	 nr;

	if (action == def)
		return (0);
	for (i = 0; i < n; i++) {
		if (names[i] == NULL) {
			sandbox_err(err, errlen, "seccomp profile %s: "
			    "missing name", sp->sp_name);
			return (-1);
		}
		nr = seccomp_syscall_resolve_name(names[i]);
		/* __NR_SCMP_ERROR, or a pseudo number: not a syscall here. */
		if (nr == __NR_SCMP_ERROR || nr < 0) {
			log_debug("seccomp profile %s: no syscall %s on this "
			    "architecture, skipped", sp->sp_name, names[i]);
			continue;
		}
		if (sandbox_add(ctx, action, nr, NULL, err, errlen) == -1)
			return (-1);
	}
	return (0);
}

/* Add a rule, unconditional or with one masked compare. */
static int
sandbox_add(scmp_filter_ctx ctx, uint32_t action, int nr,
    const struct sandbox_argrule *ar, char *err, size_t errlen)
{
	char	*name;
	int	 rc;

	if (ar == NULL)
		rc = seccomp_rule_add(ctx, action, nr, 0);
	else
		rc = seccomp_rule_add(ctx, action, nr, 1,
		    SCMP_CMP64(ar->sa_arg, SCMP_CMP_MASKED_EQ, ar->sa_mask,
		    ar->sa_datum));
	/* The same rule twice is harmless. */
	if (rc == 0 || rc == -EEXIST)
		return (0);
	name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
	sandbox_err(err, errlen, "rule for %s: %s",
	    name != NULL ? name : "?", strerror(-rc));
	free(name);
	return (-1);
}

/*
 * Generate the BPF program into insns, through a memfd: libseccomp
 * (2.5) exports only to a descriptor.  Having the program in our own
 * buffer lets us free the context before loading, so that nothing is
 * allocated or freed once the filter is in.
 */
static int
sandbox_export(scmp_filter_ctx ctx, struct sock_filter *insns,
    size_t maxinsns, size_t *ninsns, char *err, size_t errlen)
{
	struct stat	 st;
	ssize_t		 n;
	int		 fd, rc;

	if ((fd = memfd_create("supd-seccomp", MFD_CLOEXEC)) == -1)
		return (sandbox_err(err, errlen, "memfd_create: %s",
		    strerror(errno)));
	if ((rc = seccomp_export_bpf(ctx, fd)) < 0) {
		sandbox_err(err, errlen, "seccomp_export_bpf: %s",
		    strerror(-rc));
		goto fail;
	}
	if (fstat(fd, &st) == -1) {
		sandbox_err(err, errlen, "fstat: %s", strerror(errno));
		goto fail;
	}
	if (st.st_size <= 0 || st.st_size % sizeof(*insns) != 0) {
		sandbox_err(err, errlen, "filter of %lld bytes",
		    (long long)st.st_size);
		goto fail;
	}
	if ((size_t)st.st_size / sizeof(*insns) > maxinsns) {
		sandbox_err(err, errlen, "filter of %lld instructions, "
		    "more than %zu", (long long)st.st_size /
		    (long long)sizeof(*insns), maxinsns);
		goto fail;
	}
	if ((n = pread(fd, insns, st.st_size, 0)) != st.st_size) {
		sandbox_err(err, errlen, "read filter: %s",
		    n == -1 ? strerror(errno) : "short read");
		goto fail;
	}
	*ninsns = (size_t)st.st_size / sizeof(*insns);
	close(fd);
	return (0);

 fail:
	close(fd);
	return (-1);
}

static int
sandbox_install(struct sock_filter *insns, size_t ninsns, char *err,
    size_t errlen)
{
	struct sock_fprog	 prog;

	/*
	 * The kernel takes a filter from a process without CAP_SYS_ADMIN
	 * only under no_new_privs, so that a setuid program cannot be run
	 * under a filter that fools it.  We want it set in any case.
	 */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		return (sandbox_err(err, errlen, "no_new_privs: %s",
		    strerror(errno)));
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		return (sandbox_err(err, errlen, "no_new_privs not set"));
	memset(&prog, 0, sizeof(prog));
	prog.len = (unsigned short)ninsns;
	prog.filter = insns;
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) == -1)
		return (sandbox_err(err, errlen, "load seccomp filter: %s",
		    strerror(errno)));
	return (0);
}

static void
sandbox_limits(int logfile)
{
	struct rlimit	 zero = { 0, 0 };

	/*
	 * The frontend writes no file; the descriptors clients pass are
	 * only relayed.  A write to a regular file fails with EFBIG (not
	 * SIGXFSZ, so a log line on a redirected stderr cannot kill it).
	 * Under supd -d stderr is the operator's log, maybe a file: it
	 * keeps working there.
	 */
	if (signal(SIGXFSZ, SIG_IGN) == SIG_ERR)
		fatal("ignore SIGXFSZ");
	if (!logfile && setrlimit(RLIMIT_FSIZE, &zero) == -1)
		fatal("setrlimit RLIMIT_FSIZE");
	/*
	 * It starts no process either; this holds even without the
	 * filter.  RLIMIT_NOFILE stays: it serves many clients.
	 */
	if (setrlimit(RLIMIT_NPROC, &zero) == -1)
		fatal("setrlimit RLIMIT_NPROC");
}

static int
sandbox_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list	 ap;

	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return (-1);
}

#ifdef SUPD_SECCOMP_DEBUG
/*
 * Debug builds: print the syscall the filter refused and make it fail
 * with ENOSYS, so that one run lists everything the allowlist misses.
 * Only async-signal-safe calls here: the number is formatted by hand.
 */
static void
sandbox_sigsys(int sig, siginfo_t *si, void *uctx)
{
	static const char	 pre[] = "sandbox: refused syscall ";
	char			 msg[64], num[24];
	size_t			 len, i;
	unsigned int		 nr;

	nr = (unsigned int)si->si_syscall;
	i = sizeof(num);
	do {
		num[--i] = '0' + nr % 10;
		nr /= 10;
	} while (nr != 0 && i > 0);
	len = sizeof(pre) - 1;
	memcpy(msg, pre, len);
	memcpy(msg + len, num + i, sizeof(num) - i);
	len += sizeof(num) - i;
	msg[len++] = '\n';
	if (write(STDERR_FILENO, msg, len) == -1)
		return;
#ifdef __x86_64__
	((ucontext_t *)uctx)->uc_mcontext.gregs[REG_RAX] = -ENOSYS;
#endif
}

static void
sandbox_debug_init(void)
{
	struct sigaction	 sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = sandbox_sigsys;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSYS, &sa, NULL) == -1)
		fatal("sigaction SIGSYS");
	log_warnx("seccomp debug build: refused syscalls are only logged");
}
#endif
