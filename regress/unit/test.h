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

#ifndef SUPD_TEST_H
#define SUPD_TEST_H

/*
 * A minimal TAP-style harness: each CHECK prints "ok - <what>" or
 * "not ok - <what> (file:line)".  regress/run.sh counts those lines and
 * the exit status of the program.  Include it once per test program.
 */

#include <stdio.h>
#include <stdlib.h>

static int test_failed;
static int test_passed;

#define CHECK(cond, ...) do {						\
	int test_ok_ = (cond) ? 1 : 0;					\
									\
	if (test_ok_) {							\
		test_passed++;						\
		printf("ok - ");					\
	} else {							\
		test_failed++;						\
		printf("not ok - ");					\
	}								\
	printf(__VA_ARGS__);						\
	if (!test_ok_)							\
		printf(" (%s:%d: %s)", __FILE__, __LINE__, #cond);	\
	printf("\n");							\
	fflush(stdout);							\
} while (0)

#define TEST_DONE() do {						\
	printf("# %d passed, %d failed\n", test_passed, test_failed);	\
	return (test_failed ? 1 : 0);					\
} while (0)

#endif /* SUPD_TEST_H */
