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

#ifndef SUPD_SANDBOX_H
#define SUPD_SANDBOX_H

#include <stddef.h>

struct seccomp_profile;
struct sock_filter;

/*
 * sandbox_frontend: load the frontend's seccomp allowlist (default: kill
 * the process; built with -DSUPD_SECCOMP_DEBUG: trap and print the
 * syscall number instead), after RLIMIT_FSIZE and RLIMIT_NPROC are set
 * to 0 (RLIMIT_FSIZE stays when the argument is non-zero: supd -d logs
 * to stderr, which may be a file) and SIGXFSZ is ignored.  Call it
 * after priv_drop(), once every socket and the event base exist.  Fatal
 * on failure.
 */
void	sandbox_frontend(int);

/*
 * sandbox_load_profile: compile a configured seccomp profile and load it
 * into the calling thread, with no_new_privs.  Meant as the last step
 * before execve: nothing is allocated or freed once the filter is in.
 * Syscall names unknown on this architecture are skipped.  The program
 * goes through a memfd, so RLIMIT_FSIZE must not be lowered before this.
 * Returns 0, or -1 with a message in err.
 */
int	sandbox_load_profile(const struct seccomp_profile *, char *, size_t);

/* sandbox_profile_check: the same compilation, without loading. */
int	sandbox_profile_check(const struct seccomp_profile *, char *, size_t);

/*
 * A compiled filter, so that a process that starts many others (the
 * worker) compiles a profile once and each child only installs it:
 * sandbox_install_prog sets no_new_privs and loads, with no allocation.
 */
struct sandbox_prog {
	struct sock_filter	*sp_insns;
	size_t			 sp_ninsns;
};

int	sandbox_compile_profile(const struct seccomp_profile *,
	    struct sandbox_prog *, char *, size_t);
int	sandbox_install_prog(const struct sandbox_prog *, char *, size_t);
void	sandbox_prog_free(struct sandbox_prog *);
#endif /* SUPD_SANDBOX_H */
