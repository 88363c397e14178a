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

#ifndef SUPD_FRONTEND_H
#define SUPD_FRONTEND_H

#include <stdint.h>

#ifndef __dead
#define __dead		__attribute__((__noreturn__))
#endif

#define FRONTEND_CHAN_FD	3	/* imsg channel to the monitor */
#define FRONTEND_SOCK_FD	4	/* listening control socket */
#define FE_FDQ_TOTAL		1024	/* client fds queued, all clients */

/* What the monitor passes on the frontend's command line. */
struct frontend_args {
	const char	*user;
	const char	*chroot;
	uint32_t	 max_clients;
	uint32_t	 max_request;
	uint32_t	 evqueue;
};

__dead void	 frontend_main(const struct frontend_args *, int, int);

#endif /* SUPD_FRONTEND_H */
