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

#ifndef SUPD_WORKER_H
#define SUPD_WORKER_H

#include <stdint.h>

#include <event.h>

#include "cgroup.h"
#include "config.h"
#include "sandbox.h"

#ifndef __dead
#define __dead		__attribute__((__noreturn__))
#endif

/* What the monitor hands to a freshly cloned worker. */
struct worker_args {
	const struct domain_conf *dc;
	const struct cgroup	 *cg;
	int			  chan;	/* imsg channel to the monitor */
	int			  credfd;	/* each child sends its procid here */
	struct event_base	 *parent_base;	/* the monitor's, to forget */
	const struct sandbox_prog *seccomp;	/* for every exec, or NULL */
};

__dead void	worker_main(const struct worker_args *);

#endif /* SUPD_WORKER_H */
