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

#ifndef SUPD_MOUNT_H
#define SUPD_MOUNT_H

#include <stddef.h>

/*
 * What the worker needs to build a domain's filesystem.  The root is a
 * host path; it must be a real directory (no symlink in the path) holding
 * plain directories proc, dev, tmp, sys and run.
 */
struct mount_spec {
	const char	*root;		/* host path of the domain root */
	int		 readonly;	/* root seen read-only */
	const char	*hostname;	/* NULL = leave */
};

/*
 * Called once by the worker (pid 1 of fresh pid, mount, uts, ipc, net
 * and cgroup namespaces, all capabilities): make every mount private,
 * clone the root, give it a fresh /proc, /sys, /dev, /run and /tmp, set
 * the hostname and pivot_root into it.  Returns 0 with "/" and the cwd
 * being the new root, or -1 with a message in err.  A failure leaves no
 * new mount behind (the cwd may have become "/"), but propagation stays
 * private and directories made in a writable root stay; the worker is
 * expected to report the error and exit.  keepfds lists the descriptors
 * the worker keeps across pivot_root; it is informational only.
 */
int	mount_build_root(const struct mount_spec *, int [], size_t, char *,
	    size_t);

#endif /* SUPD_MOUNT_H */
