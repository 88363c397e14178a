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

#include <err.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>


#include "config.h"
#include "frontend.h"
#include "log.h"
#include "monitor.h"
#include "sandbox.h"

__dead static void	 usage(void);
static int		 config_check_seccomp(struct supd_conf *);

/*
 * supd runs as several roles from one binary: the monitor (default) and
 * the frontend, which the monitor starts by fork and re-exec with -P so
 * it gets a fresh address space.  Workers are cloned from the monitor.
 */
struct proc_role {
	const char	*title;
	int		 id;
};

enum { ROLE_MONITOR, ROLE_FRONTEND };

static const struct proc_role roles[] = {
	{ "monitor",	ROLE_MONITOR },
	{ "frontend",	ROLE_FRONTEND },
};

__dead static void
usage(void)
{
	fprintf(stderr, "usage: supd [-dnv] [-f file]\n");
	exit(1);
}

/* Every profile a domain uses must compile on this architecture. */
static int
config_check_seccomp(struct supd_conf *conf)
{
	const struct seccomp_profile	*sp;
	struct domain_conf		*dc;
	char				 err[PROTO_ERRMSG_MAX];
	int				 rv = 0;

	TAILQ_FOREACH(dc, &conf->sc_domains, dc_entry) {
		if ((sp = config_domain_seccomp(conf, dc)) == NULL)
			continue;
		if (sandbox_profile_check(sp, err, sizeof(err)) == -1) {
			log_warnx("domain %s: seccomp profile %s: %s",
			    dc->dc_name, sp->sp_name, err);
			rv = -1;
		}
	}
	return (rv);
}

int
main(int argc, char *argv[], char *envp[])
{
	struct supd_conf	*conf;
	struct frontend_args	 fa;
	const char		*conffile = NULL, *errstr;
	const char		*role = "monitor";
	size_t			 i;
	int			 ch, debug = 0, verbose = 0, noaction = 0;
	int			 rid = -1;

	/*
	 * Titles are written over argv[0]'s space: a long one (a full
	 * path) would leave setproctitle's end marker behind the title
	 * ("supd: monitor   .").  Once, start again as plain "supd".
	 */
	if (strcmp(argv[0], "supd") != 0) {
		argv[0] = (char *)"supd";
		execv("/proc/self/exe", argv);
		/* Not fatal: only the title suffers. */
	}
	/* Re-executed through /proc/self/exe: the comm would say "exe". */
	(void)prctl(PR_SET_NAME, "supd", 0, 0, 0);
	setproctitle_init(argc, argv, envp);
	memset(&fa, 0, sizeof(fa));
	while ((ch = getopt(argc, argv, "c:df:m:nP:q:r:u:v")) != -1) {
		switch (ch) {
		case 'd':
			debug = 1;
			break;
		case 'f':
			conffile = optarg;
			break;
		case 'n':
			noaction = 1;
			break;
		case 'v':
			verbose++;
			break;
		case 'P':
			role = optarg;
			break;
		case 'c':
			fa.max_clients = strtonum(optarg, 1, SUPD_CLIENTS_MAX,
			    &errstr);
			if (errstr != NULL)
				errx(1, "-c %s: %s", optarg, errstr);
			break;
		case 'm':
			fa.max_request = strtonum(optarg, SUPD_REQUEST_MIN,
			    PROTO_MSG_MAX, &errstr);
			if (errstr != NULL)
				errx(1, "-m %s: %s", optarg, errstr);
			break;
		case 'q':
			fa.evqueue = strtonum(optarg, 1, SUPD_EVQUEUE_MAX,
			    &errstr);
			if (errstr != NULL)
				errx(1, "-q %s: %s", optarg, errstr);
			break;
		case 'r':
			fa.chroot = optarg;
			break;
		case 'u':
			fa.user = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (strcmp(roles[i].title, role) == 0)
			rid = roles[i].id;
	if (rid == -1)
		errx(1, "unknown role %s", role);

	log_init(debug || noaction, LOG_DAEMON);
	log_setverbose(verbose);

	if (rid == ROLE_FRONTEND)
		frontend_main(&fa, debug, verbose);

	if ((conf = parse_config(conffile)) == NULL)
		exit(1);
	if (noaction) {
		if (config_check_seccomp(conf) == -1) {
			config_free(conf);
			exit(1);
		}
		fprintf(stderr, "configuration OK\n");
		config_free(conf);
		exit(0);
	}
	if (geteuid() != 0)
		errx(1, "need root privileges");
	monitor_main(conf, debug, verbose);
}
