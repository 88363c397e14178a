#!/usr/bin/python3
"""
Domains and processes: start/stop, the worker's namespaces, exec (stdio,
env, args, cwd, user, cgroup, fd inventory, failures), terminate, kill,
exit causes, reaping, events (filter, loss), a killed worker, repeated
cycles, and the supctl commands that drive them (DESIGN.md sections 3 and
4; SECURITY-NOTES.md (c) 20, 28, 29, 35, 38-40, 42, 44, 45, 57).

	SUPD=obj/supd SUPCTL=obj/supctl /usr/bin/python3 \
	    regress/integration/test_domains.py
"""

import fcntl
import os
import select
import shutil
import signal
import stat
import struct
import subprocess
import sys
import tempfile
import termios
import time

sys.dont_write_bytecode = True		# no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from supdtest import (SUPCTL, Daemon, packb, cgroup_subdirs, check, children,
    cmdline, descendants, diag, dom_status, ensure_running, ensure_stopped, ev,
    event_problems, exec_capture, exec_params, fd_count, fd_list, is_int,
    is_loss, is_termination, main, mount_count, now, ns_link, pid_alive,
    proc_entry, proc_stat, proc_status, read_fd, read_file, test, unique,
    wait_until)

RT = "runtime"
LOSS_EVENTS = 10000	# events while a subscriber does not read (issue 3)
NAMESPACES = ("pid", "mnt", "uts", "ipc", "net", "cgroup")


def make_daemon():
	return Daemon(label="domains", events=64)


def subscribe(d, domain=RT):
	"""A new connection subscribed to events (of domain, or all)."""
	w = d.client()
	r = w.call("events", {"domain": domain} if domain else None)
	if not r.ok():
		check(False, "events subscription (set-up)", repr(r))
	return w


def term_event(w, name, timeout=5.0, domain=RT):
	return w.wait_event(lambda e: is_termination(e, domain, name),
	    timeout)


def host_cgroups(pid):
	"""{controller: path} from /proc/PID/cgroup."""
	out = {}
	for line in (read_file("/proc/%d/cgroup" % pid) or "").splitlines():
		f = line.split(":", 2)
		if len(f) == 3:
			for ctrl in f[1].split(","):
				out[ctrl] = f[2]
	return out


def domain_cgroups(d, domain=RT):
	return [s for s in cgroup_subdirs(d.cgroot) if domain in s]


def fd_target(pid, fd):
	try:
		return os.readlink("/proc/%d/fd/%d" % (pid, fd))
	except OSError as e:
		return "? (%s)" % e.strerror


def cause_of(e):
	x = ev(e)
	return (x.get("cause"), x.get("exit_status"), x.get("signo"))


# ---------------------------------------------------------------------------

@test()
def test_start(d):
	with d.client() as c:
		r = c.call("start", {"domain": RT}, timeout=20)
		check(r.ok(), "start runtime", repr(r))
		r = c.call("start", {"domain": RT}, timeout=20)
		check(r.kind() == "invalid_state",
		    "start of a running domain is invalid_state", repr(r))
		r = c.call("start", {"domain": "nosuchdomain"}, timeout=20)
		check(r.kind() == "no_such_entity",
		    "start of an unknown domain is no_such_entity", repr(r))
		dom = dom_status(c, RT) or {}
		check(dom.get("state") == "running" and
		    is_int(dom.get("worker_pid")),
		    "status shows runtime running with a worker_pid", repr(dom))
		op = dom_status(c, "operator") or {}
		check(op.get("state") == "stopped",
		    "status shows operator stopped", repr(op))
		wp = d.worker_pid(RT, timeout=2)
		check(wp is not None and wp == dom.get("worker_pid"),
		    "the worker is the monitor's child titled \"supd: worker "
		    "runtime\"", "found %r, status says %r; children %s" % (
		    wp, dom.get("worker_pid"), ", ".join("%d %r" % (p,
		    cmdline(p)) for p in children(d.pid))))
		if wp is None:
			wp = dom.get("worker_pid")
		if not is_int(wp):
			return
		for ns in NAMESPACES:
			a, b = ns_link(wp, ns), ns_link("self", ns)
			check(a is not None and a != b,
			    "worker has its own %s namespace" % ns,
			    "worker %r host %r" % (a, b))


@test()
def test_exec_echo(d):
	with d.client() as c, subscribe(d) as w:
		if not ensure_running(c):
			return
		name = unique("echo")
		r, out, eof, _ = exec_capture(c, RT, name, "/bin/echo", ["hi"])
		check(r.ok(), "exec /bin/echo hi", repr(r))
		check(out == b"hi\n", "echo's output arrives on the passed pipe",
		    repr(out))
		check(eof, "the pipe reaches EOF once echo is gone (no copy "
		    "of the write end kept)")
		res = r.result if isinstance(r.result, dict) else {}
		pid, hp = res.get("pid"), res.get("host_pid")
		check(is_int(pid) and is_int(hp), "exec result has int pid "
		    "and host_pid", repr(r))
		check(is_int(pid) and pid > 1, "pid in the domain is above 1 "
		    "(the worker is pid 1)", repr(pid))
		e = term_event(w, name)
		check(e is not None or (is_int(hp) and
		    os.path.exists("/proc/%d" % hp)), "host_pid existed or "
		    "the termination event arrived", "host_pid %r" % hp)
		check(e is not None, "process_termination event for echo",
		    "events %r" % w.events)
		if e is not None:
			check(cause_of(e) == ("exited", 0, None),
			    "echo: cause exited, exit_status 0, signo nil",
			    repr(e))
			check(not event_problems(e), "termination event has the "
			    "documented shape", "; ".join(event_problems(e)))


@test()
def test_hostname(d):
	with d.client() as c:
		if not ensure_running(c):
			return
		r, out, _, _ = exec_capture(c, RT, unique("host"),
		    "/bin/hostname")
		check(r.ok() and out == b"rt\n", "hostname inside runtime is "
		    "the configured \"rt\"", "%r %r" % (r, out))


@test(budget=30)
def test_exec_failures(d):
	vt = tempfile.mkdtemp(prefix="supd-it-", dir="/var/tmp")
	try:
		os.chmod(vt, 0o755)
		script = os.path.join(vt, "badinterp")
		with open(script, "w") as f:
			f.write("#!/mmnnttbb\necho hi\n")
		os.chmod(script, 0o755)
		with d.client() as c, subscribe(d) as w:
			if not ensure_running(c):
				return
			cases = [
				("missing path", "/nonexistent/supd-it-binary",
				    None, "No such file or directory"),
				("directory as path", "/etc", None, None),
				("non-executable file", "/etc/passwd", None,
				    None),
				("bad interpreter", script, None, None),
				("missing cwd", "/bin/true",
				    "/nonexistent-supd-it-cwd", None),
				("regular file as cwd", "/bin/true",
				    "/etc/passwd", None),
			]
			names = []
			for desc, path, cwd, text in cases:
				name = unique("fail")
				names.append(name)
				r, out, eof, _ = exec_capture(c, RT, name, path,
				    cwd=cwd)
				check(r.kind() == "failure" and
				    (text is None or text in r.message()),
				    "exec with %s fails with kind failure%s" % (
				    desc, "" if text is None else
				    " and \"%s\"" % text), repr(r))
				check(eof, "the pipe passed to a failed exec "
				    "(%s) is closed" % desc)
			dfd = os.open("/", os.O_RDONLY | os.O_DIRECTORY)
			try:
				name = unique("dirfd")
				r = c.call("exec", exec_params(RT, name,
				    "/bin/true", fds=1, stdout=0), fds=[dfd])
			finally:
				os.close(dfd)
			check(not r.ok(), "a directory fd as stdout is refused",
			    repr(r))
			w.drain(quiet=0.5, timeout=2)
			ph = [e for e in w.events if ev(e).get("name") in names]
			check(not ph, "no termination event for failed execs",
			    repr(ph))
			r = c.call("ping")
			check(r.ok(), "the connection serves after failed "
			    "execs", repr(r))
	finally:
		shutil.rmtree(vt, ignore_errors=True)


@test()
def test_duplicate_and_state(d):
	with d.client() as c:
		if not ensure_running(c):
			return
		name = unique("dup")
		r1 = c.call("exec", exec_params(RT, name, "/bin/sleep",
		    ["100"]))
		check(r1.ok(), "exec sleep 100", repr(r1))
		r2 = c.call("exec", exec_params(RT, name, "/bin/true"))
		check(r2.kind() == "invalid_state", "exec with a live "
		    "process's name is invalid_state", repr(r2))
		hp = (r1.result or {}).get("host_pid") if \
		    isinstance(r1.result, dict) else None
		check(is_int(hp) and pid_alive(hp), "the first process is "
		    "untouched by the duplicate", repr(hp))
		r = c.call("exec", exec_params("operator", unique("op"),
		    "/bin/true"))
		check(r.kind() == "invalid_state", "exec into a stopped "
		    "domain is invalid_state", repr(r))
		r = c.call("exec", exec_params("nosuchdomain", unique("x"),
		    "/bin/true"))
		check(r.kind() == "no_such_entity", "exec into an unknown "
		    "domain is no_such_entity", repr(r))
		r = c.call("kill", {"domain": RT, "name": name,
		    "timeout": 5000})
		check(r.ok(), "kill the sleep", repr(r))


@test()
def test_env(d):
	with d.client() as c:
		if not ensure_running(c):
			return
		r, out, _, _ = exec_capture(c, RT, unique("env"),
		    "/usr/bin/env")
		check(r.ok() and out == b"", "no env given: the process sees "
		    "an empty environment", "%r %r" % (r, out))
		env = {"A": "1", "B": "two words", "EMPTY": "",
		    "PATH": "/nowhere"}
		r, out, _, _ = exec_capture(c, RT, unique("env"),
		    "/usr/bin/env", env=env)
		got = sorted(out.decode("utf-8", "replace").splitlines())
		want = sorted("%s=%s" % kv for kv in env.items())
		check(r.ok() and got == want, "env given: exactly those "
		    "variables", "%r got %r" % (r, got))


@test()
def test_args(d):
	with d.client() as c:
		if not ensure_running(c):
			return
		r, out, _, _ = exec_capture(c, RT, unique("args"),
		    "/bin/echo", [";id>/tmp/pwn"])
		check(r.ok() and out == b";id>/tmp/pwn\n", "an argument "
		    "with shell syntax arrives as one argument",
		    "%r %r" % (r, out))
		args = [";id>/tmp/pwn", "a b", "$HOME", "*", "", "x\ty"]
		r, out, _, _ = exec_capture(c, RT, unique("args"), "/bin/sh",
		    ["-c", 'for a in "$@"; do printf "[%s]\\n" "$a"; done',
		    "sh"] + args)
		want = "".join("[%s]\n" % a for a in args).encode()
		check(r.ok() and out == want, "args are passed verbatim, "
		    "empty ones included", "%r %r" % (r, out))


@test()
def test_cwd(d):
	with d.client() as c:
		if not ensure_running(c):
			return
		r, out, _, _ = exec_capture(c, RT, unique("pwd"), "/bin/pwd",
		    cwd="/usr")
		check(r.ok() and out == b"/usr\n", "cwd is honoured",
		    "%r %r" % (r, out))
		r, out, _, _ = exec_capture(c, RT, unique("pwd"), "/bin/pwd")
		check(r.ok() and out == b"/\n", "default cwd is the domain "
		    "root", "%r %r" % (r, out))


@test()
def test_user(d):
	with d.client() as c:
		if not ensure_running(c):
			return
		r, out, _, _ = exec_capture(c, RT, unique("id"), "/bin/sh",
		    ["-c", "/usr/bin/id -u; /usr/bin/id -g; /usr/bin/id -G"])
		lines = out.decode("utf-8", "replace").splitlines()
		check(r.ok() and lines[:1] == ["65534"], "exec user: id -u "
		    "prints 65534", "%r %r" % (r, out))
		check(lines[1:2] == ["65534"], "exec user: id -g prints 65534",
		    repr(lines))
		check(len(lines) > 2 and "0" not in lines[2].split(),
		    "no supplementary group 0", repr(lines))


@test(budget=30)
def test_process_introspection(d):
	with d.client() as c, subscribe(d) as w:
		if not ensure_running(c):
			return
		wp = (dom_status(c, RT) or {}).get("worker_pid")
		name = unique("intro")
		out_r, out_w = os.pipe()
		try:
			r = c.call("exec", exec_params(RT, name, "/bin/sleep",
			    ["100"], fds=1, stdout=0), fds=[out_w])
		finally:
			os.close(out_w)
		try:
			res = r.result if isinstance(r.result, dict) else {}
			hp, pid = res.get("host_pid"), res.get("pid")
			if not check(r.ok() and is_int(hp) and pid_alive(hp),
			    "exec sleep 100 is running", repr(r)):
				return
			s = proc_status(hp) or {}
			nspid = s.get("NSpid", "").split()
			check(len(nspid) >= 2 and nspid[0] == str(hp) and
			    nspid[-1] == str(pid), "pid and host_pid are the "
			    "process's pids in the domain and on the host",
			    "NSpid %r, result %r" % (nspid, res))
			uids = s.get("Uid", "").split()
			check(uids == ["65534"] * 4, "the process runs as 65534 "
			    "(all four uids)", repr(uids))
			st = proc_stat(hp) or {}
			check(st.get("pgrp") == hp, "the process leads its own "
			    "process group", repr(st))
			if is_int(wp):
				# The cgroup namespace may be the process's own
				# (made once it is in the domain cgroup), so
				# only "not the host's" is asked of it.
				for ns in NAMESPACES:
					a, b = ns_link(hp, ns), ns_link(wp, ns)
					same = ns == "cgroup" or a == b
					check(a is not None and same and
					    a != ns_link("self", ns),
					    "process is in the domain's %s "
					    "namespace, not the host's" % ns,
					    "proc %r worker %r" % (a, b))
			cg = host_cgroups(hp)
			for ctrl in ("pids", "memory"):
				check(d.cgroot in cg.get(ctrl, ""), "process's "
				    "%s cgroup is the domain's (under %s)" % (
				    ctrl, d.cgroot), repr(cg.get(ctrl)))
			miss = [k for k in ("cpu", "cpuacct", "freezer")
			    if d.cgroot not in cg.get(k, "")]
			check(not miss, "process is in the domain cgroup of "
			    "cpu, cpuacct and freezer too", "not in %r: %r" % (
			    miss, cg))
			if is_int(wp):
				wcg = host_cgroups(wp)
				check(wcg.get("pids") != cg.get("pids") and
				    wcg.get("memory") != cg.get("memory"),
				    "the worker is not in the domain cgroup",
				    "worker %r process %r" % (wcg, cg))
			# ld.so opens and closes a file or two right after
			# execve: give it a moment before counting.
			wait_until(lambda: set(fd_list(hp) or []) <= {0, 1, 2},
			    1.0)
			fds = fd_list(hp) or []
			check(set(fds) <= {0, 1, 2} and 1 in fds,
			    "the process holds only fds 0-2", ", ".join(
			    "%d -> %s" % (fd, fd_target(hp, fd)) for fd in fds))
			dirs = []
			for fd in fds:
				try:
					if stat.S_ISDIR(os.stat("/proc/%d/fd/%d"
					    % (hp, fd)).st_mode):
						dirs.append(fd)
				except OSError:
					pass
			check(not dirs, "no fd of the process is a directory",
			    repr(dirs))
			r = c.call("terminate", {"domain": RT, "name": name})
			check(r.ok(), "terminate sleep 100", repr(r))
			e = term_event(w, name)
			check(e is not None and cause_of(e) ==
			    ("signaled", None, 15), "terminate: event cause "
			    "signaled, signo 15", repr(e))
			p = proc_entry(c, RT, name) or {}
			check(p.get("state") == "exited" and p.get("cause") ==
			    "signaled" and p.get("signo") == 15,
			    "status shows the process exited, signaled 15",
			    repr(p))
			_, eof = read_fd(out_r, 3)
			check(eof, "the stdout pipe is closed once the process "
			    "is gone")
			r = c.call("terminate", {"domain": RT, "name": name})
			check(r.ok(), "terminate of an exited process succeeds",
			    repr(r))
		finally:
			os.close(out_r)


@test()
def test_fd_inventory(d):
	with d.client() as c:
		if not ensure_running(c):
			return
		r, out, _, _ = exec_capture(c, RT, unique("lsfd"), "/bin/sh",
		    ["-c", "ls /proc/self/fd"])
		try:
			fds = sorted(int(x) for x in out.split())
		except ValueError:
			fds = out
		check(r.ok() and isinstance(fds, list) and
		    set(fds) <= {0, 1, 2, 3} and 1 in fds,
		    "ls /proc/self/fd sees only 0 1 2 and its own dir fd 3",
		    "%r %r" % (r, fds))
		r, out, _, xs = exec_capture(c, RT, unique("lsfd"), "/bin/sh",
		    ["-c", "echo extra >&3; ls /proc/self/fd"], extra=1)
		try:
			fds = sorted(int(x) for x in out.split())
		except ValueError:
			fds = out
		check(r.ok() and xs and xs[0][0] == b"extra\n",
		    "extra_files[0] is fd 3 in the process", "%r %r" % (r, xs))
		check(r.ok() and isinstance(fds, list) and
		    set(fds) <= {0, 1, 2, 3, 4} and 3 in fds,
		    "with one extra file: only 0 1 2 3 (and ls's dir fd)",
		    "%r %r" % (r, fds))


@test(budget=30)
def test_kill(d):
	with d.client() as c, subscribe(d) as w:
		if not ensure_running(c):
			return
		name = unique("kill")
		r = c.call("exec", exec_params(RT, name, "/bin/sh", ["-c",
		    "sleep 1001 & sleep 1002; wait"]))
		hp = r.result.get("host_pid") if isinstance(r.result, dict) \
		    else None
		if not check(r.ok() and is_int(hp), "exec a shell with two "
		    "sleeps", repr(r)):
			return
		kids = wait_until(lambda: len(children(hp)) >= 2 and
		    children(hp), 3) or []
		r = c.call("kill", {"domain": RT, "name": name,
		    "timeout": 5000}, timeout=15)
		check(r.ok(), "kill with timeout 5000", repr(r))
		p = proc_entry(c, RT, name) or {}
		check(p.get("state") == "exited", "right after kill returns, "
		    "status shows the process exited", repr(p))
		e = term_event(w, name, 2)
		check(e is not None and cause_of(e) == ("signaled", None, 9),
		    "kill: event cause signaled, signo 9, within 2s", repr(e))
		check(len(kids) >= 2 and wait_until(lambda: not any(
		    pid_alive(k) for k in kids), 3), "kill reaches the "
		    "process's whole group (its background sleep)",
		    "children %r" % kids)
		r = c.call("kill", {"domain": RT, "name": name})
		check(r.ok(), "kill of an exited process succeeds", repr(r))
		for m in ("kill", "terminate"):
			r = c.call(m, {"domain": RT, "name": unique("nosuch")})
			check(r.kind() == "no_such_entity", "%s of an unknown "
			    "name is no_such_entity" % m, repr(r))
			r = c.call(m, {"domain": "nosuchdomain", "name": name})
			check(r.kind() == "no_such_entity", "%s in an unknown "
			    "domain is no_such_entity" % m, repr(r))
		name = unique("kill")
		r = c.call("exec", exec_params(RT, name, "/bin/sleep",
		    ["100"]))
		r = c.call("kill", {"domain": RT, "name": name,
		    "Timeout": 5000}, timeout=15) if r.ok() else r
		check(r.ok(), "kill accepts \"Timeout\"", repr(r))


@test()
def test_exit_status(d):
	with d.client() as c, subscribe(d) as w:
		if not ensure_running(c):
			return
		name = unique("exit")
		r = c.call("exec", exec_params(RT, name, "/bin/sh",
		    ["-c", "exit 3"]))
		check(r.ok(), "exec sh -c 'exit 3'", repr(r))
		e = term_event(w, name)
		check(e is not None and cause_of(e) == ("exited", 3, None),
		    "event cause exited, exit_status 3, signo nil", repr(e))
		p = proc_entry(c, RT, name) or {}
		check(p.get("state") == "exited" and p.get("cause") ==
		    "exited" and p.get("exit_status") == 3,
		    "status shows exit_status 3", repr(p))
		name = unique("exit")
		r = c.call("exec", exec_params(RT, name, "/bin/sh",
		    ["-c", "kill -SEGV $$"]))
		e = term_event(w, name) if r.ok() else None
		check(e is not None and cause_of(e) == ("signaled", None, 11),
		    "a process killing itself with SIGSEGV is signaled 11",
		    "%r %r" % (r, e))


@test(budget=30)
def test_no_zombies(d):
	with d.client() as c, subscribe(d) as w:
		if not ensure_running(c):
			return
		wp = (dom_status(c, RT) or {}).get("worker_pid")
		if not check(is_int(wp), "worker_pid known", repr(wp)):
			return
		name = unique("forker")
		r = c.call("exec", exec_params(RT, name, "/bin/sh", ["-c",
		    "i=0; while [ $i -lt 50 ]; do sleep 0.3 & "
		    "i=$((i+1)); done; exit 0"]))
		check(r.ok(), "exec a shell forking 50 background children",
		    repr(r))
		e = term_event(w, name)
		check(e is not None and cause_of(e) == ("exited", 0, None),
		    "the forking shell exits 0", repr(e))

		def state():
			sts = [s for s in (proc_stat(p) for p in children(wp))
			    if s is not None]
			return ([s["pid"] for s in sts if s["state"] == "Z"],
			    [s["pid"] for s in sts if s["state"] != "Z" and
			    cmdline(s["pid"]) == "sleep 0.3"])
		ok = wait_until(lambda: state() == ([], []), 5)
		z, sl = state()
		check(ok, "orphans are reaped: no zombie child of the worker",
		    "zombies %r, sleeps left %r" % (z, sl))


@test(budget=30)
def test_events_filter(d):
	with d.client() as c:
		if not ensure_running(c) or not ensure_running(c, "operator"):
			return
		with subscribe(d, "operator") as do, subscribe(d, RT) as dr, \
		    subscribe(d, None) as da:
			n_op, n_rt = unique("opx"), unique("rtx")
			r1 = c.call("exec", exec_params("operator", n_op,
			    "/bin/true"))
			r2 = c.call("exec", exec_params(RT, n_rt, "/bin/true"))
			check(r1.ok() and r2.ok(), "exec /bin/true in operator "
			    "and runtime", "%r %r" % (r1, r2))
			check(term_event(do, n_op, 5, "operator") is not None,
			    "operator subscriber gets the operator event")
			check(term_event(dr, n_rt, 5) is not None,
			    "runtime subscriber gets the runtime event")
			check(term_event(da, n_op, 5, "operator") is not None
			    and term_event(da, n_rt, 5) is not None,
			    "unfiltered subscriber gets both")
			do.drain(quiet=0.3)
			dr.drain(quiet=0.3)
			bad = [e for e in do.events if ev(e).get("domain") !=
			    "operator"] + [e for e in dr.events if
			    ev(e).get("domain") != RT]
			check(not bad, "filtered subscribers get no other "
			    "domain's events", repr(bad))
		r = c.call("events", {"domain": "nosuchdomain"})
		check(r.kind() == "no_such_entity", "events for an unknown "
		    "domain is no_such_entity", repr(r))
		r = c.call("stop", {"domain": "operator", "timeout": 1000},
		    timeout=20)
		check(r.ok(), "stop operator", repr(r))


@test(budget=40)
def test_supctl(d):
	with d.client() as c:
		if not ensure_running(c):
			return
		rc, out, err = d.supctl(["exec", RT, "--", "/bin/echo", "hi"])
		check(rc == 0 and "hi" in out.splitlines(), "supctl exec "
		    "runtime -- /bin/echo hi prints hi", "rc=%r out=%r err=%r"
		    % (rc, out, err))
		rc, out, err = d.supctl(["exec", "-w", RT, "--", "/bin/sh",
		    "-c", "exit 7"])
		check(rc == 7, "supctl exec -w ... sh -c 'exit 7' exits 7",
		    "rc=%r out=%r err=%r" % (rc, out, err))
		name = unique("stproc")
		r = c.call("exec", exec_params(RT, name, "/bin/sleep",
		    ["100"]))
		rc, out, err = d.supctl(["status"])
		check(rc == 0 and RT in out and name in out, "supctl status "
		    "shows the domain and the process", "rc=%r out=%r err=%r"
		    % (rc, out, err))
		if r.ok():
			c.call("kill", {"domain": RT, "name": name,
			    "timeout": 5000})
		supctl_events(d, c)


def supctl_events(d, c):
	try:
		p = subprocess.Popen([SUPCTL, "-s", d.sock, "events"],
		    stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
		    stderr=subprocess.PIPE)
	except OSError as e:
		check(False, "supctl events runs", str(e))
		return
	try:
		fe = d.frontend_pid()
		# subscribed once the frontend holds one more connection
		base = fd_count(fe) if fe else None
		if base is not None:
			wait_until(lambda: (fd_count(fe) or 0) > base, 2)
		time.sleep(0.5)
		with subscribe(d) as w:
			names = [unique("sev") for _ in range(3)]
			for n in names:
				c.call("exec", exec_params(RT, n, "/bin/true"))
			for n in names:
				term_event(w, n, 5)
		buf = b""
		deadline = now() + 5
		fd = p.stdout.fileno()
		while now() < deadline:
			lines = buf.decode("utf-8", "replace").splitlines()
			if all(any(n in l for l in lines) for n in names):
				break
			r, _, _ = select.select([fd], [], [], 0.2)
			if r:
				chunk = os.read(fd, 65536)
				if not chunk:
					break
				buf += chunk
		lines = buf.decode("utf-8", "replace").splitlines()
		per = [sum(1 for l in lines if n in l) for n in names]
		check(per == [1, 1, 1], "supctl events prints one line per "
		    "event", "lines %r (exited %r)" % (lines, p.poll()))
	finally:
		if p.poll() is None:
			p.terminate()
			try:
				p.wait(3)
			except subprocess.TimeoutExpired:
				p.kill()
				p.wait()
		p.stdout.close()
		p.stderr.close()


@test(budget=30)
def test_stop(d):
	with d.client() as c, subscribe(d) as w:
		if not ensure_running(c):
			return
		wp = (dom_status(c, RT) or {}).get("worker_pid")
		progs = [("/bin/sleep", ["1000"]), ("/bin/sleep", ["1000"]),
		    ("/bin/sh", ["-c", "trap '' TERM; sleep 1000"])]
		names, hps = [], []
		for path, args in progs:
			n = unique("stop")
			r = c.call("exec", exec_params(RT, n, path, args))
			check(r.ok(), "exec %s %s" % (path, " ".join(args)),
			    repr(r))
			names.append(n)
			if isinstance(r.result, dict):
				hps.append(r.result.get("host_pid"))
		time.sleep(0.5)	# let the shell set its trap
		t0 = now()
		r = c.call("stop", {"domain": RT, "timeout": 500}, timeout=20)
		el = now() - t0
		check(r.ok(), "stop runtime with timeout 500 returns",
		    "%r after %.2fs" % (r, el))
		res = r.result if isinstance(r.result, dict) else {}
		check(all(is_int(res.get(k)) and res.get(k) >= 0 for k in
		    ("cpu_ns", "run_ns", "max_memory_bytes")),
		    "stop result has int cpu_ns, run_ns, max_memory_bytes",
		    repr(res))
		check(is_int(res.get("run_ns")) and res["run_ns"] > 0,
		    "run_ns is positive", repr(res))
		check(r.ok() and 0.4 <= el < 10, "stop waits ~500 ms before "
		    "SIGKILL of a TERM-ignoring process, not longer",
		    "%.2fs" % el)
		evs = [term_event(w, n, 5) for n in names]
		check(all(e is not None for e in evs), "all three termination "
		    "events arrive", repr(evs))
		if evs[2] is not None:
			check(cause_of(evs[2]) == ("signaled", None, 9),
			    "the TERM-ignoring shell is SIGKILLed", repr(evs[2]))
		if evs[0] is not None:
			check(cause_of(evs[0]) == ("signaled", None, 15),
			    "a plain sleep dies of SIGTERM", repr(evs[0]))
		dom = dom_status(c, RT) or {}
		check(dom.get("state") == "stopped", "status shows runtime "
		    "stopped", repr(dom))
		check(len(hps) == 3 and all(is_int(h) and not pid_alive(h)
		    for h in hps),
		    "no process of the domain survives", repr(hps))
		if is_int(wp):
			check(wait_until(lambda: proc_stat(wp) is None, 3),
			    "the worker is gone and reaped", repr(proc_stat(wp)))
		check(wait_until(lambda: not domain_cgroups(d), 3),
		    "the domain cgroup is removed", repr(domain_cgroups(d)))
		r = c.call("exec", exec_params(RT, unique("late"),
		    "/bin/true"))
		check(r.kind() == "invalid_state", "exec into the stopped "
		    "domain is invalid_state", repr(r))
		r = c.call("stop", {"domain": RT, "timeout": 500}, timeout=20)
		check(r.kind() == "invalid_state", "stop of a stopped domain "
		    "is invalid_state", repr(r))


def fionread(sock):
	buf = fcntl.ioctl(sock.fileno(), termios.FIONREAD,
	    struct.pack("i", 0))
	return struct.unpack("i", buf)[0]


def loss_count(w, prefix):
	"""(delivered terminations with prefix, event_loss events, lost)"""
	terms = [e for e in w.events if is_termination(e) and
	    str(ev(e).get("name", "")).startswith(prefix)]
	losses = [e for e in w.events if is_loss(e)]
	lost = sum(ev(e).get("size") or 0 for e in losses
	    if is_int(ev(e).get("size")))
	return terms, losses, lost


def seen(w, prefix, produced):
	"""Pump w a little; true once it accounted for produced events."""
	w.pump(0.05)
	terms, _, lost = loss_count(w, prefix)
	return len(terms) + lost >= produced


@test(budget=200)
def test_event_loss(d):
	with d.client() as c:
		if not ensure_stopped(c) or not ensure_running(c):
			return
	prefix = "loss-"
	slow = subscribe(d)
	obs = subscribe(d)
	p = d.client(timeout=20)
	try:
		produced, failed, n = 0, [], 0
		prev_q, stable, stop_at = -1, 0, None
		deadline = now() + 150
		while n < LOSS_EVENTS and now() < deadline:
			batch = []
			for _ in range(50):
				name = (prefix + "%05d-" % n).ljust(64, "x")
				n += 1
				mid, err = p.request("exec", exec_params(RT, name,
				    "/bin/true"))
				batch.append(mid)
			for mid in batch:
				r = p.wait_response(mid, 20)
				if r.ok():
					produced += 1
				else:
					failed.append(repr(r))
			if failed:
				break

			wait_until(lambda: seen(obs, prefix, produced), 5,
			    interval=0)
			q = fionread(slow.sock)
			if stop_at is None:
				stable = stable + 1 if q == prev_q and \
				    produced >= 200 else 0
				# Beyond the kernel's socket buffer the frontend
				# may hold some encoded events in an output
				# buffer (tens of KiB) besides its queue of 64.
				if stable >= 2:
					stop_at = produced
			prev_q = q
		check(not failed and produced == LOSS_EVENTS, "%d execs of "
		    "/bin/true succeed" % LOSS_EVENTS, "%d ok, failures %r" % (
		    produced, failed[:3]))
		check(stop_at is not None, "the slow subscriber's socket "
		    "buffer filled", "produced %d in time, queued bytes %d" % (
		    produced, prev_q))
		wait_until(lambda: seen(obs, prefix, produced), 10, interval=0)
		slow.drain(quiet=1.0, timeout=20)
		terms, losses, lost = loss_count(slow, prefix)
		diag("event loss: produced %d, slow subscriber got %d and %d "
		    "event_loss (%d lost)" % (produced, len(terms), len(losses),
		    lost))
		check(len(losses) == 1, "the slow subscriber gets exactly one "
		    "event_loss", "%d event_loss events: %r" % (len(losses),
		    losses[:3]))
		check(lost > 0, "events were lost while it did not read",
		    "delivered %d of %d" % (len(terms), produced))
		check(len(terms) + lost == produced, "delivered + lost == "
		    "produced", "%d + %d != %d" % (len(terms), lost, produced))
		if losses:
			check(not event_problems(losses[0]) and
			    ev(losses[0]).get("domain") is None and
			    ev(losses[0]).get("name") is None,
			    "event_loss has the documented shape",
			    "%r %r" % (losses[0], event_problems(losses[0])))
		# Processes exit in any order; the order to keep is the one
		# the reading subscriber saw.
		order = {ev(e)["name"]: i for i, e in
		    enumerate(loss_count(obs, prefix)[0])}
		idx = [order.get(ev(e)["name"], -1) for e in terms]
		check(-1 not in idx and idx == sorted(idx), "delivered events "
		    "are in the order a reading subscriber saw",
		    "positions %r" % idx[:40])
		more = [unique("after") for _ in range(3)]
		for m in more:
			p.call("exec", exec_params(RT, m, "/bin/true"))
		got = [term_event(slow, m, 5) for m in more]
		check(all(e is not None for e in got), "events resume after "
		    "the loss")
		r = slow.call("ping")
		check(r.ok(), "the slow subscriber's connection still works",
		    repr(r))
		oterms, olosses, _ = loss_count(obs, prefix)
		check(len(oterms) == produced and not olosses, "a reading "
		    "subscriber got every event meanwhile", "%d of %d, "
		    "losses %r" % (len(oterms), produced, olosses))
	finally:
		slow.close()
		obs.close()
		p.close()


@test(budget=40)
def test_cycles(d):
	with d.client() as c, subscribe(d) as w:
		if not ensure_stopped(c):
			return

		def cycle():
			r = c.call("start", {"domain": RT}, timeout=20)
			if not r.ok():
				return "start: %r" % (r,)
			name = unique("cyc")
			r = c.call("exec", exec_params(RT, name, "/bin/true"))
			if not r.ok():
				return "exec: %r" % (r,)
			if term_event(w, name, 5) is None:
				return "no event for %s" % name
			r = c.call("stop", {"domain": RT, "timeout": 1000},
			    timeout=20)
			if not r.ok():
				return "stop: %r" % (r,)
			return None
		err = cycle()
		if not check(err is None, "a first start/exec/stop cycle", err):
			return
		fe = d.frontend_pid()
		base = (fd_count(d.pid), fd_count(fe), mount_count(),
		    domain_cgroups(d))
		errs = []
		for _ in range(20):
			err = cycle()
			if err:
				errs.append(err)
				if len(errs) > 2:
					break
		check(not errs, "20 start/exec/stop cycles", repr(errs))
		check(wait_until(lambda: fd_count(d.pid) <= base[0], 3),
		    "monitor fd count back to its baseline", "%r -> %r" % (
		    base[0], fd_count(d.pid)))
		check(wait_until(lambda: (fd_count(fe) or 0) <= base[1], 3),
		    "frontend fd count back to its baseline", "%r -> %r" % (
		    base[1], fd_count(fe)))
		check(mount_count() == base[2], "host mount table unchanged",
		    "%r -> %r" % (base[2], mount_count()))
		check(domain_cgroups(d) == base[3] == [], "no domain cgroup "
		    "left", repr(domain_cgroups(d)))
		check(d.worker_pid(RT) is None, "no worker left")


@test(budget=30)
def test_worker_killed(d):
	with d.client() as c, subscribe(d) as w:
		if not ensure_running(c):
			return
		wp = (dom_status(c, RT) or {}).get("worker_pid")
		names, hps = [unique("wk"), unique("wk")], []
		for n, args in zip(names, (["1000"], None)):
			if args is None:
				r = c.call("exec", exec_params(RT, n, "/bin/sh",
				    ["-c", "trap '' TERM; sleep 1000"]))
			else:
				r = c.call("exec", exec_params(RT, n, "/bin/sleep",
				    args))
			if isinstance(r.result, dict):
				hps.append(r.result.get("host_pid"))
		if not check(is_int(wp) and len(hps) == 2 and all(is_int(h)
		    for h in hps), "a running domain with two processes",
		    "worker %r hosts %r" % (wp, hps)):
			return
		check(domain_cgroups(d) != [], "the domain cgroup exists "
		    "while running", repr(cgroup_subdirs(d.cgroot)))
		os.kill(wp, signal.SIGKILL)
		check(wait_until(lambda: proc_stat(wp) is None, 5),
		    "the monitor reaps its killed worker", repr(proc_stat(wp)))
		check(wait_until(lambda: not any(pid_alive(h) for h in hps),
		    5), "the domain's processes die with the worker",
		    ", ".join("%d %r" % (h, cmdline(h)) for h in hps
		    if pid_alive(h)))
		check(wait_until(lambda: (dom_status(c, RT) or {}).get(
		    "state") == "stopped", 5), "status shows runtime stopped",
		    repr(dom_status(c, RT)))
		evs = [term_event(w, n, 5) for n in names]
		check(all(e is not None for e in evs), "termination events "
		    "for the named processes arrive", repr(evs))
		check(wait_until(lambda: not domain_cgroups(d), 5),
		    "no cgroup left behind", repr(domain_cgroups(d)))
		r = c.call("ping")
		check(r.ok(), "daemon still answers", repr(r))
		r = c.call("start", {"domain": RT}, timeout=20)
		check(r.ok(), "runtime starts again", repr(r))
		r, out, _, _ = exec_capture(c, RT, unique("again"), "/bin/echo",
		    ["again"])
		check(r.ok() and out == b"again\n", "and runs processes",
		    "%r %r" % (r, out))
		r = c.call("stop", {"domain": RT, "timeout": 1000}, timeout=20)
		check(r.ok(), "and stops", repr(r))


@test(budget=30)
def test_frontend_killed(d):
	"""A dead frontend is replaced; domains and processes live on."""
	with d.client() as c:
		if not ensure_running(c):
			return
		name = unique("fk")
		r = c.call("exec", exec_params(RT, name, "/bin/sleep", ["100"]))
		check(r.ok(), "a process runs before the frontend dies", repr(r))
	old = d.frontend_pid(timeout=2)
	if not check(old is not None, "the frontend is found"):
		return
	os.kill(old, signal.SIGKILL)
	new = wait_until(lambda: (lambda p: p if p not in (None, old)
	    else None)(d.frontend_pid()), 10)
	check(new is not None, "the monitor starts a new frontend",
	    "frontend %r" % new)
	ok = wait_until(lambda: d.alive(), 10)
	check(ok, "clients are served again", "")
	with d.client() as c:
		st = dom_status(c, RT) or {}
		pe = [p for p in st.get("processes", []) if p.get("name") == name]
		check(st.get("state") == "running" and pe and
		    pe[0].get("state") == "running", "the domain and its "
		    "process survived", repr(st))
		r = c.call("kill", {"domain": RT, "name": name, "timeout": 5000})
		check(r.ok(), "the process can still be killed", repr(r))
		r = c.call("stop", {"domain": RT, "timeout": 1000}, timeout=20)
		check(r.ok(), "the domain can still be stopped", repr(r))


@test(budget=60, daemon=False)
def test_monitor_killed():
	"""SIGKILL of the monitor takes the frontend, the workers and every
	domain process with it; the next supd removes the stale cgroups."""
	d = make_daemon()
	d2 = None
	try:
		d.start()
		with d.client() as c:
			if not ensure_running(c):
				return
			hps = []
			for args in (["/bin/sleep", "1000"], ["/bin/sh", "-c",
			    "trap '' TERM HUP; sleep 1000 & wait"]):
				r = c.call("exec", exec_params(RT, unique("mk"),
				    args[0], args[1:]))
				if isinstance(r.result, dict):
					hps.append(r.result.get("host_pid"))
			check(len(hps) == 2 and all(is_int(h) for h in hps),
			    "two processes run", repr(hps))
		fe = d.frontend_pid(timeout=2)
		wk = d.worker_pid(RT, timeout=2)
		tree = [t for t in descendants(d.pid) if t[0] != d.pid]

		def survivors():
			out = []
			for pid, start in tree:
				st = proc_stat(pid)
				if st is not None and st["starttime"] == start and \
				    st.get("state") != "Z":
					out.append(pid)
			return out

		check(fe is not None and wk is not None, "frontend and worker "
		    "found", "%r %r" % (fe, wk))
		os.kill(d.pid, signal.SIGKILL)
		d.proc.wait(timeout=10)
		gone = wait_until(lambda: not survivors(), 10)
		check(gone and len(tree) >= 4, "no process of the dead monitor "
		    "survives (frontend, worker, domain processes)",
		    "%d processes; left: %s" % (len(tree),
		    d.describe(survivors())))
		check(domain_cgroups(d) != [], "its domain cgroup is stale "
		    "after the crash", repr(cgroup_subdirs(d.cgroot)))
		conf = d.conf_template.replace("{cgroot}", d.cgroot)
		d2 = Daemon(label="restart", conf=conf, events=64)
		d2.start()
		check(not domain_cgroups(d), "a new supd on the same cgroup "
		    "root removes the stale cgroup", repr(cgroup_subdirs(
		    d.cgroot)))
		with d2.client() as c:
			r = c.call("start", {"domain": RT}, timeout=20)
			check(r.ok(), "and starts the domain again", repr(r))
			r = c.call("stop", {"domain": RT, "timeout": 1000},
			    timeout=20)
			check(r.ok(), "and stops it", repr(r))
	finally:
		if d2 is not None:
			d2.close()
		d.closed = True
		d._cleanup("teardown(monitor killed)")
		shutil.rmtree(d.tmp, ignore_errors=True)


@test(budget=60)
def test_host_pids(d):
	"""host_pid is known even for a process that ends at once (the
	worker may reap it before the monitor reads anything of it), and a
	kill waiting on a failed exec is answered."""
	with d.client() as c:
		if not ensure_running(c):
			return
		bad = []
		for i in range(200):
			r = c.call("exec", exec_params(RT, unique("hp"), "/bin/true"))
			if not (r.ok() and isinstance(r.result, dict) and
			    is_int(r.result.get("host_pid")) and
			    r.result["host_pid"] > 0):
				bad.append(repr(r))
		check(not bad, "200 short-lived execs all report a host_pid",
		    "%d bad, first %s" % (len(bad), bad[:1]))
		name = unique("race")
		m1, _ = c.request("exec", exec_params(RT, name, "/nonexistent"))
		m2, _ = c.request("kill", {"domain": RT, "name": name})
		r1 = c.wait_response(m1, 10)
		r2 = c.wait_response(m2, 10)
		check(r1.kind() == "failure", "the exec of a missing file fails",
		    repr(r1))
		check(r2.kind() in ("no_such_entity", None) and
		    r2.transport is None, "a kill sent behind it is answered",
		    repr(r2))


ROOT_CONF = """\
socket "{sock}" mode {mode}
cgroup root "{cgroot}"
limit events {events}
domain "runtime" {{
	root "/"
	exec user 0:0
	capabilities {{ CAP_MKNOD CAP_DAC_OVERRIDE CAP_CHOWN }}
}}
"""


@test(budget=40, daemon=False)
def test_root_in_domain():
	"""Root in a domain, with CAP_MKNOD, gets only its ceiling, and the
	device nodes it makes open nothing (/dev is nodev; the real nodes
	are binds)."""
	d = Daemon(label="root", conf=ROOT_CONF, events=64)
	try:
		d.start()
		with d.client() as c:
			if not ensure_running(c):
				return
			r, out, _, _ = exec_capture(c, RT, unique("rt"), "/bin/sh",
			    ["-c", "grep -E '^Cap(Eff|Bnd)' /proc/self/status; "
			    "mknod /dev/xnull c 1 3 && echo made; "
			    "echo x > /dev/xnull && echo opened; "
			    "echo y > /dev/null && echo devnull"])
			text = out.decode(errors="replace")
			check(r.ok(), "root exec runs", repr(r))
			check("CapEff:\t0000000008000003" in text and
			    "CapBnd:\t0000000008000003" in text,
			    "root keeps exactly its ceiling (CHOWN, "
			    "DAC_OVERRIDE, MKNOD)", text)
			check("made" in text and "opened" not in text,
			    "a node made in /dev does not open", text)
			check("devnull" in text, "the bound /dev/null works", text)
	finally:
		d.close()


LOGS_CONF = """\
socket "{sock}" mode {mode}
cgroup root "{cgroot}"
limit events {events}
domain "runtime" {{
	root "/"
	logs directory {{ "/tmp" }}
}}
"""


@test(budget=40, daemon=False)
def test_logs_sock():
	"""logs_sock: stdout and stderr of the process go to a UNIX socket
	under an allowed directory (stream or datagram); anything else is
	refused."""
	import socket as sk
	d = Daemon(label="logs", conf=LOGS_CONF, events=64)
	try:
		d.start()
		with d.client() as c:
			if not ensure_running(c):
				return
			path = os.path.join(d.tmp, "logs.sock")
			ls = sk.socket(sk.AF_UNIX, sk.SOCK_STREAM)
			ls.bind(path)
			ls.listen(4)
			ls.settimeout(10)
			r = c.call("exec", exec_params(RT, unique("lg"), "/bin/sh",
			    ["-c", "echo out; echo err >&2"], logs_sock=path))
			check(r.ok(), "exec with a stream logs_sock", repr(r))
			data = b""
			try:
				conn, _ = ls.accept()
				conn.settimeout(10)
				while True:
					b = conn.recv(4096)
					if not b:
						break
					data += b
				conn.close()
			except OSError as e:
				data += repr(e).encode()
			check(b"out\n" in data and b"err\n" in data,
			    "stdout and stderr arrive on the logs socket",
			    repr(data))
			ls.close()
			os.unlink(path)

			dpath = os.path.join(d.tmp, "logs.dgram")
			ds = sk.socket(sk.AF_UNIX, sk.SOCK_DGRAM)
			ds.bind(dpath)
			ds.settimeout(10)
			r = c.call("exec", exec_params(RT, unique("lg"),
			    "/bin/echo", ["dgram"], logs_sock=dpath))
			check(r.ok(), "exec with a datagram logs_sock", repr(r))
			try:
				got = ds.recv(4096)
			except OSError as e:
				got = repr(e).encode()
			check(got == b"dgram\n", "the datagram arrives", repr(got))
			ds.close()

			r = c.call("exec", exec_params(RT, unique("lg"),
			    "/bin/true", logs_sock="/run/supd-nowhere.sock"))
			check(r.kind() == "failure" and "logs" in r.message(),
			    "a logs_sock outside the allowed directories is "
			    "refused", repr(r))
			link = os.path.join(d.tmp, "link.sock")
			os.symlink(dpath, link)
			r = c.call("exec", exec_params(RT, unique("lg"),
			    "/bin/true", logs_sock=link))
			check(r.kind() == "failure", "a logs_sock that is a "
			    "symlink is refused", repr(r))
			os.unlink(link)
			os.unlink(dpath)
	finally:
		d.close()


V2_CONF = """\
socket "{sock}" mode {mode}
cgroup version v2
cgroup mount "%s"
cgroup root "{cgroot}"
limit events {events}
domain "runtime" {{
	root "/"
}}
"""


def cgroup2_mount():
	"""A cgroup2 mount point of this host, or None."""
	try:
		with open("/proc/self/mounts") as f:
			for line in f:
				parts = line.split()
				if len(parts) > 2 and parts[2] == "cgroup2":
					return parts[1]
	except OSError:
		pass
	return None


@test(budget=60, daemon=False)
def test_cgroup_v2():
	"""The v2 path for real on this host's cgroup2 mount (here without
	the cpu, memory and pids controllers): processes are born in the
	domain cgroup, signals reach all of it, cleanup removes it."""
	mnt = cgroup2_mount()
	if not check(mnt is not None, "a cgroup2 mount exists"):
		return
	d = Daemon(label="v2", conf=V2_CONF % mnt.replace("{", "{{"), events=64)
	try:
		d.start()
		root = os.path.join(mnt, d.cgroot)
		with d.client() as c, subscribe(d) as w:
			if not ensure_running(c):
				return
			check(os.path.isdir(os.path.join(root, RT)),
			    "the domain cgroup is created on v2", root)
			r, out, _, _ = exec_capture(c, RT, unique("v2"), "/bin/cat",
			    ["/proc/self/cgroup"])
			check(r.ok() and out.decode().strip().endswith("0::/"),
			    "inside, the process sees its cgroup as /", repr(out))
			names, hps = [], []
			for args in (["/bin/sleep", "1000"], ["/bin/sh", "-c",
			    "trap '' TERM; sleep 1000 & sleep 1000"]):
				n = unique("v2")
				r = c.call("exec", exec_params(RT, n, args[0],
				    args[1:]))
				names.append(n)
				if isinstance(r.result, dict):
					hps.append(r.result.get("host_pid"))
			want = "0::/%s/%s" % (d.cgroot, RT)
			check(len(hps) == 2 and all(want in (read_file(
			    "/proc/%d/cgroup" % h) or "") for h in hps),
			    "exec'd processes are in %s on the host" % want,
			    repr([read_file("/proc/%d/cgroup" % h) for h in hps
			    if is_int(h)]))
			wp = (dom_status(c, RT) or {}).get("worker_pid")
			check(is_int(wp) and want not in (read_file(
			    "/proc/%d/cgroup" % wp) or ""), "the worker is not "
			    "in the domain cgroup", repr(wp))
			r = c.call("stop", {"domain": RT, "timeout": 300},
			    timeout=20)
			check(r.ok(), "stop on v2 (SIGTERM, then SIGKILL)", repr(r))
			evs = [term_event(w, n, 5) for n in names]
			check(all(e is not None for e in evs), "both processes "
			    "are reported", repr(evs))
			check(not os.path.exists(os.path.join(root, RT)),
			    "the domain cgroup is removed", root)
			r = c.call("start", {"domain": RT}, timeout=20)
			check(r.ok(), "starts again", repr(r))
			r = c.call("exec", exec_params(RT, unique("v2"), "/bin/sleep",
			    ["1000"]))
			hp = r.result.get("host_pid") if isinstance(r.result,
			    dict) else None
			wp = (dom_status(c, RT) or {}).get("worker_pid")
			if is_int(wp):
				os.kill(wp, signal.SIGKILL)
			check(wait_until(lambda: not os.path.exists(os.path.join(
			    root, RT)) and not (is_int(hp) and pid_alive(hp)), 10),
			    "a killed worker leaves no process and no v2 cgroup",
			    "%r %r" % (hp, os.path.exists(os.path.join(root, RT))))
	finally:
		d.close()
		if mnt is not None and d.cgroot:
			for dirpath, _, _ in sorted(os.walk(os.path.join(mnt,
			    d.cgroot)), key=lambda t: -len(t[0])):
				try:
					os.rmdir(dirpath)
				except OSError:
					pass


@test(budget=60)
def test_hostile_clients(d):
	"""Review findings, kept as regressions: failed execs cannot wedge
	exec; a TCP socket is refused as a descriptor and its close never
	blocks the daemon; cwd is resolved with the exec user's rights; a
	domain that names no seccomp profile still gets the default one."""
	import socket as sk
	with d.client() as c:
		if not ensure_running(c):
			return
		for i in range(400):
			c.call("exec", exec_params(RT, unique("nx"), "/nonexistent"))
		r = c.call("exec", exec_params(RT, unique("ok"), "/bin/true"))
		check(r.ok() and r.result.get("host_pid", 0) > 0,
		    "exec works after 400 failed execs", repr(r))

		ls = sk.socket(sk.AF_INET, sk.SOCK_STREAM)
		ls.bind(("127.0.0.1", 0))
		ls.listen(1)
		t = sk.socket(sk.AF_INET, sk.SOCK_STREAM)
		t.connect(ls.getsockname())
		peer, _ = ls.accept()
		t.setsockopt(sk.SOL_SOCKET, sk.SO_LINGER,
		    struct.pack("ii", 1, 30))
		t.setsockopt(sk.SOL_SOCKET, sk.SO_SNDBUF, 4096)
		peer.setsockopt(sk.SOL_SOCKET, sk.SO_RCVBUF, 4096)
		t.setblocking(False)
		try:
			while True:
				t.send(b"x" * 65536)
		except OSError:
			pass
		mid, _ = c.request("exec", exec_params(RT, unique("tcp"),
		    "/bin/true", fds=1, stdout=0), fds=[t.fileno()])
		t.close()
		r = c.wait_response(mid, 10)
		check(r.kind() == "serde", "a TCP socket is refused as stdout",
		    repr(r))
		start = now()
		r = c.call("ping", timeout=10)
		check(r.ok() and now() - start < 5, "the daemon does not linger "
		    "on the refused socket", "%r after %.1fs" % (r, now() - start))
		peer.close()
		ls.close()

		base = tempfile.mkdtemp(prefix="supd-cwd-", dir="/var/tmp")
		try:
			os.chmod(base, 0o700)
			pub = os.path.join(base, "pub")
			os.mkdir(pub)
			os.chmod(pub, 0o777)
			r = c.call("exec", exec_params(RT, unique("cwd"), "/bin/true",
			    cwd=pub))
			check(r.kind() == "failure" and "chdir" in r.message(),
			    "cwd is resolved as the exec user (a 0700 directory "
			    "on the way is refused)", repr(r))
		finally:
			shutil.rmtree(base, ignore_errors=True)

		for path in ("/proc/self/exe", "/proc/thread-self/exe"):
			r = c.call("exec", exec_params(RT, unique("self"), path,
			    ["-n"]))
			check(r.kind() == "failure", "exec of %s (supd itself "
			    "until execve) is refused" % path, repr(r))
		r, out, _, _ = exec_capture(c, RT, unique("sc"), "/bin/grep",
		    ["Seccomp:", "/proc/self/status"])
		check(b"Seccomp:\t2" in out, "a domain naming no seccomp "
		    "profile still runs under the default filter", repr(out))


IDENT_CONF = LOGS_CONF.replace("mode {mode}", "mode 0666")


@test(budget=40, daemon=False)
def test_logs_identity():
	"""logs_sock is connected with the client's rights: a client that
	may not connect to a socket cannot make supd do it, and the listener
	sees the client's uid, not root's."""
	import socket as sk
	d = Daemon(label="ident", conf=IDENT_CONF, events=64)
	try:
		d.start()
		os.chmod(d.tmp, 0o755)
		with d.client() as c:
			if not ensure_running(c):
				return
		priv = os.path.join(d.tmp, "root-only")
		os.mkdir(priv, 0o700)
		rpath = os.path.join(priv, "root.sock")
		rs = sk.socket(sk.AF_UNIX, sk.SOCK_STREAM)
		rs.bind(rpath)
		rs.listen(4)
		opath = os.path.join(d.tmp, "open.sock")
		os_ = sk.socket(sk.AF_UNIX, sk.SOCK_STREAM)
		os_.bind(opath)
		os.chmod(opath, 0o666)
		os_.listen(4)
		os_.settimeout(10)
		rd, wr = os.pipe()
		pid = os.fork()
		if pid == 0:
			try:
				os.close(rd)
				os.setgroups([])
				os.setgid(65534)
				os.setuid(65534)
				from supdtest import Client
				res = []
				with Client(d.sock) as cc:
					for path in (rpath, opath):
						r = cc.call("exec", exec_params(RT,
						    unique("id"), "/bin/echo", ["hi"],
						    logs_sock=path))
						res.append(r.kind() or "ok")
				os.write(wr, (" ".join(res)).encode())
			finally:
				os._exit(0)
		os.close(wr)
		os.waitpid(pid, 0)
		got = os.read(rd, 256).decode()
		os.close(rd)
		check(got.split()[:1] == ["failure"], "uid 65534 cannot reach a "
		    "root-only socket through logs_sock", got)
		rs.settimeout(0.5)
		try:
			rs.accept()
			reached = True
		except OSError:
			reached = False
		check(not reached, "the root-only listener saw no connection")
		check(got.split()[1:2] == ["ok"], "uid 65534 can use a socket "
		    "it may connect to", got)
		try:
			conn, _ = os_.accept()
			cred = conn.getsockopt(sk.SOL_SOCKET, sk.SO_PEERCRED,
			    struct.calcsize("3i"))
			_, uid, _ = struct.unpack("3i", cred)
			conn.close()
		except OSError as e:
			uid = repr(e)
		check(uid == 65534, "the listener sees the client's uid", repr(uid))
		rs.close()
		os_.close()
	finally:
		d.close()


@test(budget=60)
def test_limits(d):
	"""Pipelined requests beyond the in-flight cap wait their turn (all
	answered, none refused); a later, shorter stop cuts an earlier long
	one short; the domain's /tmp has a bounded size."""
	with d.client() as c:
		if not ensure_running(c):
			return
		ids = []
		data = b""
		for i in range(300):
			mid = 900000 + i
			ids.append(mid)
			data += packb([0, mid, "ping" if i % 2 else "status", []])
		c.send(data)
		rs = [c.wait_response(m, 30) for m in ids]
		bad = [r for r in rs if not r.ok()]
		check(not bad, "300 pipelined requests are all answered",
		    "%d not ok, first %r" % (len(bad), bad[:1]))
		r, out, _, _ = exec_capture(c, RT, unique("df"), "/bin/df",
		    ["-k", "/tmp"])
		size = None
		for line in out.decode().splitlines()[1:]:
			f = line.split()
			if len(f) > 1 and f[1].isdigit():
				size = int(f[1])
		check(size is not None and size <= 512 * 1024, "the domain's "
		    "/tmp is bounded (512 MiB)", repr(out))
		n = unique("stub")
		rfd, wfd = os.pipe()
		try:
			r = c.call("exec", exec_params(RT, n, "/bin/sh", ["-c",
			    "trap '' TERM; echo ready; exec sleep 1000"], fds=1,
			    stdout=0), fds=[wfd])
		finally:
			os.close(wfd)
		ready = b""
		deadline = now() + 10
		while b"ready" not in ready and now() < deadline:
			if select.select([rfd], [], [], 0.2)[0]:
				chunk = os.read(rfd, 64)
				if not chunk:
					break
				ready += chunk
		os.close(rfd)
		check(r.ok() and b"ready" in ready, "a process that ignores "
		    "SIGTERM", "%r %r" % (r, ready))
	with d.client() as c1, d.client() as c2:
		m1, _ = c1.request("stop", {"domain": RT, "timeout": 3600000})
		time.sleep(0.3)
		r2 = c2.call("stop", {"domain": RT, "timeout": 0}, timeout=10)
		r1 = c1.wait_response(m1, 10)
		check(r2.ok() and r1.ok(), "a stop with timeout 0 ends a stop "
		    "waiting an hour, and both are answered", "%r %r" % (r1, r2))


PROFILE_CONF = """\
socket "{sock}" mode {mode}
cgroup root "{cgroot}"
limit events {events}
domain "runtime" {{
	root "/"
	cgroup profile "small" {{ memory 32M cpu 50 }}
}}
"""


@test(budget=60, daemon=False)
def test_cgroup_profile_oom():
	"""start with a cgroup profile: its limits are in the domain cgroup,
	status names it, an unknown one is no_such_entity, and a process the
	OOM killer ends inside the limit is reported oom_killed."""
	d = Daemon(label="profile", conf=PROFILE_CONF, events=64)
	try:
		d.start()
		with d.client() as c, subscribe(d) as w:
			r = c.call("start", {"domain": RT, "cgroup_profile": "nope"})
			check(r.kind() == "no_such_entity", "an unknown cgroup "
			    "profile is no_such_entity", repr(r))
			r = c.call("start", {"domain": RT, "cgroup_profile": "small"},
			    timeout=20)
			check(r.ok(), "start with a cgroup profile", repr(r))
			st = dom_status(c, RT) or {}
			check(st.get("cgroup_profile") == "small", "status names the "
			    "profile", repr(st))
			mem = "/sys/fs/cgroup/memory/%s/%s/memory.limit_in_bytes" % (
			    d.cgroot, RT)
			cpu = "/sys/fs/cgroup/cpu/%s/%s/cpu.cfs_quota_us" % (
			    d.cgroot, RT)
			if os.path.exists(mem):
				check((read_file(mem) or "").strip() == "33554432",
				    "memory limit 32M in the cgroup", read_file(mem))
				check((read_file(cpu) or "").strip() == "50000",
				    "cpu 50% is a quota of 50000/100000",
				    read_file(cpu))
				name = unique("hog")
				r = c.call("exec", exec_params(RT, name,
				    "/usr/bin/python3", ["-c",
				    "a = bytearray(200 << 20)"]))
				check(r.ok(), "a memory hog runs", repr(r))
				e = term_event(w, name, 20)
				check(e is not None and ev(e).get("cause") ==
				    "oom_killed" and ev(e).get("signo") == 9,
				    "it is reported oom_killed", repr(e))
			r = c.call("stop", {"domain": RT, "timeout": 1000},
			    timeout=20)
			check(r.ok(), "stop", repr(r))
	finally:
		d.close()


@test(budget=60, daemon=False)
def test_unprivileged_flood():
	"""A non-root client flooding supd with long requests (stops that
	wait an hour) locks no one out: root's requests are answered, and a
	root stop with timeout 0 ends it all."""
	d = Daemon(label="flood", conf=IDENT_CONF, events=64)
	kids = []
	try:
		d.start()
		with d.client() as c:
			if not ensure_running(c):
				return
			r = c.call("exec", exec_params(RT, unique("stub"), "/bin/sh",
			    ["-c", "trap '' TERM; while :; do sleep 1; done"]))
			check(r.ok(), "a process that ignores SIGTERM", repr(r))
			time.sleep(0.3)
		for k in range(8):
			pid = os.fork()
			if pid == 0:
				try:
					os.setgroups([])
					os.setgid(65534)
					os.setuid(65534)
					import socket as sk
					s = sk.socket(sk.AF_UNIX, sk.SOCK_STREAM)
					s.connect(d.sock)
					data = b"".join(packb([0, 1000 * k + i, "stop",
					    [{"domain": RT, "timeout": 10 ** 12}]])
					    for i in range(64))
					s.sendall(data)
					time.sleep(30)
				finally:
					os._exit(0)
			kids.append(pid)
		time.sleep(1)
		with d.client() as c:
			r = c.call("ping", timeout=10)
			check(r.ok(), "root's ping is answered during the flood",
			    repr(r))
			r = c.call("exec", exec_params(RT, unique("root"),
			    "/bin/true"), timeout=10)
			check(r.ok(), "root's exec is answered during the flood",
			    repr(r))
			r = c.call("stop", {"domain": RT, "timeout": 0}, timeout=20)
			check(r.ok(), "root's stop with timeout 0 ends the long "
			    "stops", repr(r))
	finally:
		for pid in kids:
			try:
				os.kill(pid, signal.SIGKILL)
				os.waitpid(pid, 0)
			except OSError:
				pass
		d.close()


TESTS = [
	test_start,
	test_exec_echo,
	test_host_pids,
	test_hostname,
	test_exec_failures,
	test_duplicate_and_state,
	test_env,
	test_args,
	test_cwd,
	test_user,
	test_process_introspection,
	test_fd_inventory,
	test_kill,
	test_exit_status,
	test_no_zombies,
	test_events_filter,
	test_supctl,
	test_stop,
	test_event_loss,
	test_cycles,
	test_worker_killed,
	test_frontend_killed,
	test_monitor_killed,
	test_root_in_domain,
	test_logs_sock,
	test_cgroup_v2,
	test_hostile_clients,
	test_logs_identity,
	test_limits,
	test_cgroup_profile_oom,
	test_unprivileged_flood,
]

if __name__ == "__main__":
	main(TESTS, make_daemon, budget=400)
