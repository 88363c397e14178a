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
#include <sys/prctl.h>
#include <sys/stat.h>

#include <sys/capability.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "priv.h"

/* ASan builds: see the leak check in priv_drop(). */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PRIV_ASAN	1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(PRIV_ASAN)
#define PRIV_ASAN	1
#endif
#ifdef PRIV_ASAN
#include <sanitizer/lsan_interface.h>
#endif

/* The highest capability number any kernel can have: 64 bits of masks. */
#define PRIV_CAP_LIMIT	63

static void	priv_clean_chroots(const char *);
static int	priv_last_cap(void);
static void	priv_chroot(const char *);
static void	priv_drop_bounding(int);
static void	priv_drop_ids(uid_t, gid_t);
static void	priv_verify_ids(uid_t, gid_t);
static void	priv_clear_caps(int);
static int	priv_safe_dir(const struct stat *);

int
priv_resolve_user(const char *user, const char *fallback, uid_t *uid,
    gid_t *gid, char *name, size_t namelen)
{
	struct passwd	*pw = NULL;

	if (user != NULL)
		pw = getpwnam(user);
	if (pw == NULL && fallback != NULL)
		pw = getpwnam(fallback);
	if (pw == NULL)
		return (-1);
	/*
	 * Dropping to root would be no drop at all, and -1 means "leave
	 * unchanged" to setresuid/setresgid.  Such an entry is refused,
	 * not skipped for the fallback: the configuration is wrong.
	 */
	if (pw->pw_uid == 0 || pw->pw_gid == 0 ||
	    pw->pw_uid == (uid_t)-1 || pw->pw_gid == (gid_t)-1)
		return (-1);
	if (name != NULL && strlcpy(name, pw->pw_name, namelen) >= namelen)
		return (-1);
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	return (0);
}

void
priv_drop(const char *user, const char *fallback, const char *chrootdir)
{
	char	 name[256];
	uid_t	 uid;
	gid_t	 gid;
	int	 lastcap;

	/* The password database is not reachable once chrooted. */
	if (priv_resolve_user(user, fallback, &uid, &gid, name,
	    sizeof(name)) == -1)
		fatalx("no usable unprivileged user (%s, %s)",
		    user != NULL ? user : "-",
		    fallback != NULL ? fallback : "-");
	/* Neither is /proc, which tells how many capabilities exist. */
	lastcap = priv_last_cap();
#ifdef PRIV_ASAN
	/*
	 * LeakSanitizer reads /proc and ptraces a clone of us, none of
	 * which works once dropped and filtered: check for leaks now,
	 * which also cancels the check at exit.
	 */
	__lsan_do_leak_check();
#endif

	priv_chroot(chrootdir);
	priv_drop_bounding(lastcap);
	/*
	 * Ambient capabilities survive execve even for unprivileged
	 * programs; none may be left for anything exec'd later.
	 */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) == -1)
		fatal("clear ambient capabilities");
	priv_drop_ids(uid, gid);
	priv_verify_ids(uid, gid);
	priv_clear_caps(lastcap);
	/*
	 * Other processes of the same user (nobody is shared) must not
	 * ptrace us or read our memory; the kernel's default after a uid
	 * change depends on fs.suid_dumpable, so say it explicitly.
	 */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == -1)
		fatal("clear dumpable");
	/*
	 * No execve from here on may gain privileges (setuid bits, file
	 * capabilities); this is also what lets us load a seccomp filter
	 * without CAP_SYS_ADMIN.
	 */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		fatal("set no_new_privs");
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		fatalx("no_new_privs is not set");
	log_debug("dropped privileges to %s (%u:%u), chroot %s", name,
	    (unsigned int)uid, (unsigned int)gid, chrootdir);
}

/*
 * The number of the kernel's last capability, from
 * /proc/sys/kernel/cap_last_cap.  Without /proc, probe the bounding set:
 * PR_CAPBSET_READ fails with EINVAL beyond the last capability.
 */
static int
priv_last_cap(void)
{
	char		 buf[16];
	const char	*errstr;
	ssize_t		 n;
	int		 fd, last;

	if ((fd = open("/proc/sys/kernel/cap_last_cap",
	    O_RDONLY | O_CLOEXEC)) != -1) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n > 0) {
			buf[n] = '\0';
			buf[strcspn(buf, "\n")] = '\0';
			last = strtonum(buf, 0, PRIV_CAP_LIMIT, &errstr);
			if (errstr == NULL)
				return (last);
		}
		fatalx("cannot parse /proc/sys/kernel/cap_last_cap");
	}
	log_debug("no /proc/sys/kernel/cap_last_cap, probing");
	for (last = 0; last <= PRIV_CAP_LIMIT; last++)
		if (prctl(PR_CAPBSET_READ, last, 0, 0, 0) == -1)
			break;
	if (last == 0)
		fatal("probe capability bounding set");
	return (last - 1);
}

/*
 * A chroot is only a wall if nobody else can write inside it: the
 * directory must be root's and not writable by group or others (as
 * ntpd checks).  The check is made on the opened directory and the
 * chroot goes through that descriptor, so what was checked is what we
 * enter even if the path is swapped meanwhile.
 */
static void
priv_chroot(const char *dir)
{
	struct stat	 st;
	int		 fd;

	if (dir == NULL || *dir == '\0')
		fatalx("no chroot directory");
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		fatal("chroot directory %s", dir);
	if (fstat(fd, &st) == -1)
		fatal("stat %s", dir);
	if (!S_ISDIR(st.st_mode))
		fatalx("chroot directory %s: not a directory", dir);
	if (st.st_uid != 0)
		fatalx("chroot directory %s: not owned by root", dir);
	if (!priv_safe_dir(&st))
		fatalx("chroot directory %s: group or world writable", dir);
	/*
	 * From here the frontend sees an empty tree: no configuration,
	 * no devices, no sockets but those it holds.
	 */
	if (fchdir(fd) == -1)
		fatal("chdir %s", dir);
	if (chroot(".") == -1)
		fatal("chroot %s", dir);
	/* A cwd outside the new root would be a way out of it. */
	if (chdir("/") == -1)
		fatal("chdir /");
	close(fd);
}

static int
priv_safe_dir(const struct stat *st)
{
	return (S_ISDIR(st->st_mode) && st->st_uid == 0 &&
	    (st->st_mode & (S_IWGRP | S_IWOTH)) == 0);
}

/*
 * Empty the bounding set, so that no later execve of a file with
 * capabilities can raise one again.  Dropping needs CAP_SETPCAP, which
 * goes away with the uid change: this comes first.
 */
static void
priv_drop_bounding(int lastcap)
{
	int	 cap;

	for (cap = 0; cap <= lastcap; cap++)
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == -1)
			fatal("drop capability %d from the bounding set", cap);
	for (cap = 0; cap <= lastcap; cap++)
		if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) != 0)
			fatalx("capability %d still in the bounding set", cap);
}

static void
priv_drop_ids(uid_t uid, gid_t gid)
{
	/*
	 * Supplementary groups survive a gid change: root's groups must
	 * not come along, only the user's primary group stays.
	 */
	if (setgroups(1, &gid) == -1)
		fatal("setgroups %u", (unsigned int)gid);
	/* Group first: once the uid is not 0 the gid can no longer move. */
	if (setresgid(gid, gid, gid) == -1)
		fatal("setresgid %u", (unsigned int)gid);
	/* All three ids, so no saved uid 0 is left to switch back to. */
	if (setresuid(uid, uid, uid) == -1)
		fatal("setresuid %u", (unsigned int)uid);
}

/*
 * Trust but verify (as OpenSSH's permanently_set_uid): no id may be
 * left at root, and asking for root back must fail.
 */
static void
priv_verify_ids(uid_t uid, gid_t gid)
{
	uid_t	 ruid, euid, suid;
	gid_t	 rgid, egid, sgid, groups[2];
	int	 ngroups;

	if (setuid(0) != -1)
		fatalx("root can be regained");
	if (setgid(0) != -1)
		fatalx("root group can be regained");
	if (getresuid(&ruid, &euid, &suid) == -1)
		fatal("getresuid");
	if (ruid != uid || euid != uid || suid != uid)
		fatalx("uids are %u/%u/%u, not %u", (unsigned int)ruid,
		    (unsigned int)euid, (unsigned int)suid, (unsigned int)uid);
	if (getresgid(&rgid, &egid, &sgid) == -1)
		fatal("getresgid");
	if (rgid != gid || egid != gid || sgid != gid)
		fatalx("gids are %u/%u/%u, not %u", (unsigned int)rgid,
		    (unsigned int)egid, (unsigned int)sgid, (unsigned int)gid);
	if ((ngroups = getgroups(2, groups)) == -1)
		fatal("getgroups");
	if (ngroups != 1 || groups[0] != gid)
		fatalx("supplementary groups are not just %u",
		    (unsigned int)gid);
}

/*
 * Going from uid 0 to another uid clears the permitted and effective
 * sets, unless a securebit we did not set says otherwise; inheritable
 * is never cleared by it.  Empty all three ourselves and read them back.
 */
static void
priv_clear_caps(int lastcap)
{
	cap_t		 caps;
	cap_flag_value_t v;
	int		 cap;

	if ((caps = cap_init()) == NULL)
		fatal("cap_init");
	if (cap_clear(caps) == -1)
		fatal("cap_clear");
	if (cap_set_proc(caps) == -1)
		fatal("cap_set_proc");
	cap_free(caps);

	if ((caps = cap_get_proc()) == NULL)
		fatal("cap_get_proc");
	for (cap = 0; cap <= lastcap; cap++) {
		if (cap_get_flag(caps, cap, CAP_EFFECTIVE, &v) == -1 ||
		    v != CAP_CLEAR)
			fatalx("capability %d still effective", cap);
		if (cap_get_flag(caps, cap, CAP_PERMITTED, &v) == -1 ||
		    v != CAP_CLEAR)
			fatalx("capability %d still permitted", cap);
		if (cap_get_flag(caps, cap, CAP_INHERITABLE, &v) == -1 ||
		    v != CAP_CLEAR)
			fatalx("capability %d still inheritable", cap);
	}
	cap_free(caps);
}

void
priv_make_chroot(char *dir, size_t len)
{
	struct stat	 st;
	const char	*base = PRIV_CHROOT_FALLBACK;
	int		 fd, n;

	/*
	 * Prefer a base only root can write; anyone may write /tmp, but
	 * mkdtemp creates our directory exclusively and the sticky bit
	 * keeps others from renaming or removing it.
	 */
	if (mkdir(PRIV_CHROOT_BASE, 0755) == -1 && errno != EEXIST)
		log_debug("mkdir %s: %s", PRIV_CHROOT_BASE, strerror(errno));
	else if (lstat(PRIV_CHROOT_BASE, &st) == 0 && priv_safe_dir(&st))
		base = PRIV_CHROOT_BASE;
	else
		log_warnx("%s is not a root-only directory, using %s",
		    PRIV_CHROOT_BASE, PRIV_CHROOT_FALLBACK);

	/* The monitor's pid in the name tells a stale directory apart. */
	priv_clean_chroots(base);
	n = snprintf(dir, len, "%s/frontend.%d.XXXXXX", base, (int)getpid());
	if (n < 0 || (size_t)n >= len)
		fatalx("chroot path too long");
	if (mkdtemp(dir) == NULL)
		fatal("mkdtemp %s", dir);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		fatal("open %s", dir);
	/*
	 * Root-owned and not writable but by root, so the frontend can
	 * put nothing there; 0755 so that, dropped, it may still look at
	 * its own (empty) root.
	 */
	if (fchown(fd, 0, 0) == -1)
		fatal("chown %s", dir);
	if (fchmod(fd, 0755) == -1)
		fatal("chmod %s", dir);
	close(fd);
}

/*
 * Remove the empty chroot directories of monitors that are gone (a
 * crash leaves them behind): "frontend.<pid>.XXXXXX" with no such pid.
 */
static void
priv_clean_chroots(const char *base)
{
	struct dirent	*de;
	DIR		*dp;
	const char	*errstr;
	char		 num[16], *dot;
	long long	 pid;

	if ((dp = opendir(base)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (strncmp(de->d_name, "frontend.", 9) != 0 ||
		    (dot = strchr(de->d_name + 9, '.')) == NULL ||
		    (size_t)(dot - (de->d_name + 9)) >= sizeof(num))
			continue;
		memcpy(num, de->d_name + 9, dot - (de->d_name + 9));
		num[dot - (de->d_name + 9)] = '\0';
		pid = strtonum(num, 1, INT_MAX, &errstr);
		if (errstr != NULL || kill((pid_t)pid, 0) == 0 ||
		    errno != ESRCH)
			continue;
		/* rmdir: only ever an empty directory goes. */
		if (unlinkat(dirfd(dp), de->d_name, AT_REMOVEDIR) == 0)
			log_debug("removed stale %s/%s", base, de->d_name);
	}
	closedir(dp);
}

void
priv_remove_chroot(const char *dir)
{
	if (dir == NULL || *dir == '\0')
		return;
	/* rmdir, never a recursive removal: the directory must be empty. */
	if (rmdir(dir) == -1)
		log_warn("remove chroot %s", dir);
}

/*
 * A fork of the monitor (a worker, a helper) forgets the monitor's
 * signal handlers, which would feed the monitor's event loop, and its
 * signal mask.
 */
void
priv_reset_signals(void)
{
	struct sigaction	 sa;
	sigset_t		 none;
	int			 i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	for (i = 1; i < NSIG; i++)
		if (i != SIGKILL && i != SIGSTOP)
			(void)sigaction(i, &sa, NULL);
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
}
