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

#ifndef SUPD_PRIV_H
#define SUPD_PRIV_H

#include <sys/types.h>
#include <stddef.h>

/*
 * Where priv_make_chroot() creates the frontend's empty root, as
 * OpenSSH's /var/empty: a directory only root may write.  When it cannot
 * be created, or is not safe, the directory goes under /tmp instead.
 */
#define PRIV_CHROOT_BASE	"/var/lib/supd"
#define PRIV_CHROOT_FALLBACK	"/tmp"

/*
 * priv_resolve_user: look up user, else fallback (either may be NULL).
 * Fills uid, gid and the name that was used (name may be NULL).
 * Returns -1 when neither exists, when the entry found has uid or gid 0
 * (or -1), or when the name does not fit; 0 otherwise.
 */
int	priv_resolve_user(const char *, const char *, uid_t *, gid_t *,
	    char *, size_t);

/*
 * priv_drop: the frontend's privilege drop, as root, once its sockets
 * exist: chroot into an empty root-owned directory, empty the capability
 * bounding and ambient sets, become user (else fallback) with only its
 * primary group, empty every capability set, no_new_privs.  Each step is
 * checked and fatal; the result is read back.
 */
void	priv_drop(const char *, const char *, const char *);

/*
 * priv_make_chroot: create a fresh, empty directory (0755, root) for the
 * frontend's chroot; its path goes into dir.  Fatal on failure.  The
 * monitor removes it with priv_remove_chroot() once the frontend is gone.
 */
void	priv_make_chroot(char *, size_t);
void	priv_remove_chroot(const char *);
void	priv_reset_signals(void);

#endif /* SUPD_PRIV_H */
