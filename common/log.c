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

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

/*
 * Log state: the only mutable globals besides each role's env struct.
 * log_debug_mode: write to stderr instead of syslog (supd -d).
 * log_verbose: log_debug messages are emitted (supd -v).
 * log_procname: role name prefixed to each line ("monitor", ...).
 */
static int	 log_debug_mode;
static int	 log_verbose;
static char	 log_procname[64] = "supd";
static int	 log_quickexit;	/* fatal: _exit, no atexit handlers */

__dead static void	 log_exit(void);

void
log_init(int debug, int facility)
{
	log_debug_mode = debug;
	if (!debug)
		openlog("supd", LOG_PID | LOG_NDELAY, facility);
	tzset();
}

void
log_procinit(const char *procname)
{
	if (procname != NULL)
		snprintf(log_procname, sizeof(log_procname), "%s", procname);
}

void
log_setverbose(int verbose)
{
	log_verbose = verbose;
}

void
log_set_quickexit(void)
{
	log_quickexit = 1;
}

__dead static void
log_exit(void)
{
	if (log_quickexit)
		_exit(1);
	exit(1);
}

int
log_getverbose(void)
{
	return (log_verbose);
}

void
logit(int pri, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(pri, fmt, ap);
	va_end(ap);
}

void
vlog(int pri, const char *fmt, va_list ap)
{
	char	 buf[2048];
	int	 saved_errno = errno;

	vsnprintf(buf, sizeof(buf), fmt, ap);
	if (log_debug_mode) {
		/* One write per line so lines of processes do not mix. */
		dprintf(STDERR_FILENO, "%s: %s\n", log_procname, buf);
	} else
		syslog(pri, "%s: %s", log_procname, buf);
	errno = saved_errno;
}

static void
vlog_errno(int pri, int saved_errno, const char *emsg, va_list ap)
{
	char	 buf[1536];

	if (emsg == NULL) {
		logit(pri, "%s", strerror(saved_errno));
		return;
	}
	vsnprintf(buf, sizeof(buf), emsg, ap);
	logit(pri, "%s: %s", buf, strerror(saved_errno));
}

void
log_warn(const char *emsg, ...)
{
	va_list	 ap;
	int	 saved_errno = errno;

	va_start(ap, emsg);
	vlog_errno(LOG_ERR, saved_errno, emsg, ap);
	va_end(ap);
	errno = saved_errno;
}

void
log_warnx(const char *emsg, ...)
{
	va_list	 ap;

	va_start(ap, emsg);
	vlog(LOG_ERR, emsg, ap);
	va_end(ap);
}

void
log_info(const char *emsg, ...)
{
	va_list	 ap;

	va_start(ap, emsg);
	vlog(LOG_INFO, emsg, ap);
	va_end(ap);
}

void
log_debug(const char *emsg, ...)
{
	va_list	 ap;

	if (!log_verbose)
		return;
	va_start(ap, emsg);
	vlog(LOG_DEBUG, emsg, ap);
	va_end(ap);
}

void
fatal(const char *emsg, ...)
{
	va_list	 ap;
	int	 saved_errno = errno;

	va_start(ap, emsg);
	vlog_errno(LOG_CRIT, saved_errno, emsg, ap);
	va_end(ap);
	log_exit();
}

void
fatalx(const char *emsg, ...)
{
	va_list	 ap;

	va_start(ap, emsg);
	vlog(LOG_CRIT, emsg, ap);
	va_end(ap);
	log_exit();
}
