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

/*
 * Unit test of supctl's token-table parser: every command and option
 * parses to the expected struct, and unknown words, ambiguous prefixes,
 * missing arguments and bad values fail with a message that lists the
 * valid words.  No daemon is involved.
 *
 * ctl/ is not part of libsupd.a (only supctl links it), so the parser
 * is compiled into this program directly.
 */

#include <stdio.h>
#include <string.h>

#include "test.h"
#include "../../ctl/parser.c"

#define WORDS_MAX	32

static char	 words_buf[1024];
static char	*words[WORDS_MAX];
static char	 errbuf[CTL_ERR_MAX];

static int	 parse_line(const char *, struct parse_result *);
static int	 fails(const char *, const char *);
static void	 test_commands(void);
static void	 test_prefixes(void);
static void	 test_exec(void);
static void	 test_errors(void);

/*
 * Splits line on spaces into words (which the result points into, so
 * they live until the next call) and parses them.
 */
static int
parse_line(const char *line, struct parse_result *res)
{
	char	*p, *w;
	int	 n = 0;

	(void)strlcpy(words_buf, line, sizeof(words_buf));
	p = words_buf;
	while ((w = strsep(&p, " ")) != NULL && n < WORDS_MAX)
		words[n++] = w;
	return (ctl_parse(n, words, res, errbuf, sizeof(errbuf)));
}

/* line must fail, with want somewhere in the message. */
static int
fails(const char *line, const char *want)
{
	struct parse_result	 res;
	int			 r;

	r = parse_line(line, &res);
	if (r == 0) {
		ctl_parse_free(&res);
		return (0);
	}
	if (res.env != NULL)
		return (0);
	return (strstr(errbuf, want) != NULL);
}

static void
test_commands(void)
{
	struct parse_result	 r;

	CHECK(parse_line("ping", &r) == 0 && r.action == CTL_PING &&
	    strcmp(r.cmd, "ping") == 0, "ping");

	CHECK(parse_line("status", &r) == 0 && r.action == CTL_STATUS &&
	    r.domain[0] == '\0', "status");
	CHECK(parse_line("status runtime", &r) == 0 &&
	    r.action == CTL_STATUS && strcmp(r.domain, "runtime") == 0,
	    "status DOMAIN");

	CHECK(parse_line("start runtime", &r) == 0 && r.action == CTL_START &&
	    strcmp(r.domain, "runtime") == 0 && r.profile[0] == '\0',
	    "start DOMAIN");
	CHECK(parse_line("start runtime -p small", &r) == 0 &&
	    r.action == CTL_START && strcmp(r.domain, "runtime") == 0 &&
	    strcmp(r.profile, "small") == 0, "start DOMAIN -p profile");
	CHECK(parse_line("start -p small runtime", &r) == 0 &&
	    strcmp(r.domain, "runtime") == 0 &&
	    strcmp(r.profile, "small") == 0, "start -p profile DOMAIN");
	CHECK(parse_line("start runtime -psmall", &r) == 0 &&
	    strcmp(r.profile, "small") == 0, "start DOMAIN -pprofile");

	CHECK(parse_line("stop runtime", &r) == 0 && r.action == CTL_STOP &&
	    strcmp(r.domain, "runtime") == 0 && !r.has_timeout,
	    "stop DOMAIN");
	CHECK(parse_line("stop runtime -t 500", &r) == 0 &&
	    r.action == CTL_STOP && r.has_timeout && r.timeout == 500,
	    "stop DOMAIN -t ms");
	CHECK(parse_line("stop runtime -t0", &r) == 0 && r.has_timeout &&
	    r.timeout == 0, "stop DOMAIN -t0");

	CHECK(parse_line("freeze runtime", &r) == 0 &&
	    r.action == CTL_FREEZE && strcmp(r.domain, "runtime") == 0,
	    "freeze DOMAIN");
	CHECK(parse_line("thaw runtime", &r) == 0 && r.action == CTL_THAW &&
	    strcmp(r.domain, "runtime") == 0 && r.profile[0] == '\0',
	    "thaw DOMAIN");
	CHECK(parse_line("thaw runtime -p big", &r) == 0 &&
	    r.action == CTL_THAW && strcmp(r.profile, "big") == 0,
	    "thaw DOMAIN -p profile");

	CHECK(parse_line("terminate runtime job.1", &r) == 0 &&
	    r.action == CTL_TERMINATE && strcmp(r.domain, "runtime") == 0 &&
	    strcmp(r.name, "job.1") == 0, "terminate DOMAIN NAME");
	CHECK(parse_line("kill runtime job", &r) == 0 && r.action == CTL_KILL &&
	    strcmp(r.domain, "runtime") == 0 && strcmp(r.name, "job") == 0 &&
	    !r.has_timeout, "kill DOMAIN NAME");
	CHECK(parse_line("kill -t 100 runtime job", &r) == 0 &&
	    r.action == CTL_KILL && r.has_timeout && r.timeout == 100 &&
	    strcmp(r.name, "job") == 0, "kill -t ms DOMAIN NAME");
	CHECK(parse_line("kill runtime job -t 7", &r) == 0 &&
	    r.has_timeout && r.timeout == 7, "kill DOMAIN NAME -t ms");

	CHECK(parse_line("events", &r) == 0 && r.action == CTL_EVENTS &&
	    r.domain[0] == '\0', "events");
	CHECK(parse_line("events operator", &r) == 0 &&
	    r.action == CTL_EVENTS && strcmp(r.domain, "operator") == 0,
	    "events DOMAIN");
}

static void
test_prefixes(void)
{
	struct parse_result	 r;

	CHECK(parse_line("p", &r) == 0 && r.action == CTL_PING &&
	    strcmp(r.cmd, "ping") == 0, "p is ping");
	CHECK(parse_line("ev", &r) == 0 && r.action == CTL_EVENTS,
	    "ev is events");
	CHECK(parse_line("ex runtime /bin/true", &r) == 0 &&
	    r.action == CTL_EXEC, "ex is exec");
	CHECK(parse_line("f runtime", &r) == 0 && r.action == CTL_FREEZE,
	    "f is freeze");
	CHECK(parse_line("k runtime job", &r) == 0 && r.action == CTL_KILL,
	    "k is kill");
	CHECK(parse_line("star runtime", &r) == 0 && r.action == CTL_START,
	    "star is start");
	CHECK(parse_line("stat", &r) == 0 && r.action == CTL_STATUS,
	    "stat is status");
	CHECK(parse_line("sto runtime", &r) == 0 && r.action == CTL_STOP,
	    "sto is stop");
	CHECK(parse_line("te runtime job", &r) == 0 &&
	    r.action == CTL_TERMINATE, "te is terminate");
	CHECK(parse_line("th runtime", &r) == 0 && r.action == CTL_THAW &&
	    strcmp(r.cmd, "thaw") == 0, "th is thaw");
	CHECK(parse_line("status status", &r) == 0 &&
	    strcmp(r.domain, "status") == 0, "a keyword as a domain name");
}

static void
test_exec(void)
{
	struct parse_result	 r;
	char			*argv[] = { "exec", "-n", "job", "-C", "/tmp",
	    "-e", "A=1", "-e", "B=x=y", "-e", "A=3", "-w", "runtime", "--",
	    "/bin/sh", "-c", "exit 3", NULL };

	CHECK(parse_line("exec runtime /bin/true", &r) == 0 &&
	    r.action == CTL_EXEC && strcmp(r.domain, "runtime") == 0 &&
	    strcmp(r.path, "/bin/true") == 0 && r.nargs == 0 &&
	    r.name[0] == '\0' && r.cwd == NULL && r.nenv == 0 &&
	    r.env == NULL && !r.wait && !r.verbose,
	    "exec DOMAIN PATH: no options, no env");
	CHECK(parse_line("exec runtime -- /bin/echo hi", &r) == 0 &&
	    strcmp(r.path, "/bin/echo") == 0 && r.nargs == 1 &&
	    strcmp(r.args[0], "hi") == 0, "exec DOMAIN -- PATH ARG");
	CHECK(parse_line("exec runtime /bin/ls -l -n x --", &r) == 0 &&
	    r.nargs == 4 && strcmp(r.args[0], "-l") == 0 &&
	    strcmp(r.args[1], "-n") == 0 && strcmp(r.args[3], "--") == 0 &&
	    r.name[0] == '\0', "words after PATH are arguments, not options");
	CHECK(parse_line("exec runtime -- relative", &r) == 0 &&
	    strcmp(r.path, "relative") == 0, "-- allows any path word");
	CHECK(parse_line("exec runtime -- -dash", &r) == 0 &&
	    strcmp(r.path, "-dash") == 0, "-- ends the options");
	CHECK(parse_line("exec -vw runtime /bin/true", &r) == 0 &&
	    r.verbose && r.wait, "exec -vw: grouped flags");
	CHECK(parse_line("exec runtime -w /bin/true", &r) == 0 && r.wait &&
	    strcmp(r.path, "/bin/true") == 0, "exec option after DOMAIN");

	CHECK(ctl_parse((int)(sizeof(argv) / sizeof(argv[0])) - 1, argv, &r,
	    errbuf, sizeof(errbuf)) == 0 &&
	    r.action == CTL_EXEC && strcmp(r.name, "job") == 0 &&
	    strcmp(r.cwd, "/tmp") == 0 && r.wait && !r.verbose &&
	    strcmp(r.domain, "runtime") == 0 &&
	    strcmp(r.path, "/bin/sh") == 0 && r.nargs == 2 &&
	    strcmp(r.args[0], "-c") == 0 && strcmp(r.args[1], "exit 3") == 0,
	    "exec with every option");
	CHECK(r.nenv == 2 && strcmp(r.env[0], "A=3") == 0 &&
	    strcmp(r.env[1], "B=x=y") == 0,
	    "exec -e: a later KEY replaces an earlier one");
	ctl_parse_free(&r);
	CHECK(r.env == NULL && r.nenv == 0, "ctl_parse_free");
}

static void
test_errors(void)
{
	struct parse_result	 r;
	char			 name[PROTO_NAME_MAX + 2], line[128];

	CHECK(fails("foo", "unknown command \"foo\"") &&
	    strstr(errbuf, "valid: events, exec, freeze, kill, ping, start, "
	    "status, stop, terminate, thaw") != NULL,
	    "unknown command lists the commands");
	CHECK(fails("", "unknown command"), "empty word");
	CHECK(fails("-v", "unknown command"), "option before a command");
	CHECK(fails("ping extra", "unexpected argument \"extra\""),
	    "ping takes no argument");
	CHECK(fails("status a b", "unexpected argument \"b\""),
	    "status takes one domain");
	CHECK(fails("terminate a b c", "unexpected argument"),
	    "terminate: one word too many");

	CHECK(fails("st", "ambiguous command \"st\"") &&
	    strstr(errbuf, "start, status, stop") != NULL,
	    "st is ambiguous, valid words listed");
	CHECK(fails("s", "ambiguous"), "s is ambiguous");
	CHECK(fails("e", "ambiguous"), "e is ambiguous");
	CHECK(fails("t runtime", "ambiguous"), "t is ambiguous");
	CHECK(fails("sta runtime", "ambiguous"), "sta is ambiguous");

	CHECK(fails("start", "start: missing argument; valid: <domain>, "
	    "-p profile"), "start: missing domain");
	CHECK(fails("stop", "missing argument"), "stop: missing domain");
	CHECK(fails("freeze", "freeze: missing argument; valid: <domain>"),
	    "freeze: missing domain");
	CHECK(fails("thaw", "missing argument"), "thaw: missing domain");
	CHECK(fails("terminate runtime", "missing argument; valid: <name>"),
	    "terminate: missing name");
	CHECK(fails("kill runtime", "missing argument"), "kill: missing name");
	CHECK(fails("kill", "missing argument"), "kill: missing domain");
	CHECK(fails("exec", "missing argument"), "exec: missing domain");
	CHECK(fails("exec runtime", "missing argument; valid: --, </path>"),
	    "exec: missing path");
	CHECK(fails("exec runtime --", "missing argument; valid: <path>"),
	    "exec: missing path after --");
	CHECK(fails("stop runtime -t", "option -t needs an argument"),
	    "-t without its argument");
	CHECK(fails("exec -n", "option -n needs an argument"),
	    "-n without its argument");

	CHECK(fails("exec runtime bin/true", "invalid argument \"bin/true\""),
	    "relative path without --");
	CHECK(fails("stop runtime -x", "unknown option \"-x\""),
	    "unknown option");
	CHECK(fails("ping -v", "unknown option"), "ping has no options");
	CHECK(fails("exec -wx runtime /bin/true", "unknown option \"-wx\""),
	    "unknown flag in a group");
	CHECK(fails("stop runtime -t 1 -t 2", "option -t given twice"),
	    "-t twice");
	CHECK(fails("start -p a runtime -p b", "option -p given twice"),
	    "-p twice");
	CHECK(fails("exec -C /a -C /b runtime /x", "given twice"), "-C twice");
	CHECK(fails("stop runtime -t -1", "timeout \"-1\" is too small"),
	    "negative timeout");
	CHECK(fails("stop runtime -t 12x", "is invalid"),
	    "timeout not a number");
	CHECK(fails("stop runtime -t 99999999999999999999", "too large"),
	    "timeout too large");
	CHECK(fails("start a/b", "invalid domain name \"a/b\""),
	    "bad domain name");
	CHECK(fails("start ..", "invalid domain name"), "domain ..");
	CHECK(fails("kill runtime a:b", "invalid process name"),
	    "bad process name");
	CHECK(fails("start runtime -p a,b", "invalid cgroup profile"),
	    "bad profile name");
	CHECK(fails("exec -n bad/name runtime /x", "invalid process name"),
	    "bad exec name");
	memset(name, 'a', PROTO_NAME_MAX + 1);
	name[PROTO_NAME_MAX + 1] = '\0';
	(void)snprintf(line, sizeof(line), "status %s", name);
	CHECK(fails(line, "invalid domain name"), "65-byte domain name");
	name[PROTO_NAME_MAX] = '\0';
	(void)snprintf(line, sizeof(line), "status %s", name);
	CHECK(parse_line(line, &r) == 0 && strcmp(r.domain, name) == 0,
	    "64-byte domain name");
	CHECK(fails("exec -e FOO runtime /x", "expected KEY=VALUE"),
	    "-e without =");
	CHECK(fails("exec -e =v runtime /x", "expected KEY=VALUE"),
	    "-e with an empty key");
	CHECK(fails("exec -e A=1 -e B=2 runtime", "missing argument"),
	    "env freed after a failure");
}

int
main(void)
{
	test_commands();
	test_prefixes();
	test_exec();
	test_errors();
	TEST_DONE();
}
