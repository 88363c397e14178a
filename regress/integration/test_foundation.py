#!/usr/bin/python3
"""
Foundation: the control socket, the msgpack-RPC framing, hostile bytes, fd
passing, the frontend's sandbox, process titles, config checking, supctl
ping (DESIGN.md sections 1 to 3; SECURITY-NOTES.md (c) 1-5, 11, 17, 21).

	SUPD=obj/supd SUPCTL=obj/supctl /usr/bin/python3 \
	    regress/integration/test_foundation.py
"""

import os
import random
import re
import select
import shutil
import stat
import subprocess
import sys
import tempfile
import threading

sys.dont_write_bytecode = True		# no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from supdtest import (DEFAULT_CONF, SUPD, Daemon, ERROR_KINDS, check,
    children, cmdline, expect_rejected, fd_count, main, now, packb,
    proc_status, raw_request, supctl, test, wait_until)

MIB = 1024 * 1024


def make_daemon():
	# A non-default socket mode, to see that the configured one is used.
	return Daemon(label="foundation", mode="0600")


def domain_state(c, name):
	r = c.call("status", {"domain": name})
	if not r.ok() or not isinstance(r.result, dict):
		return "status failed: %r" % (r,)
	for dom in r.result.get("domains") or []:
		if isinstance(dom, dict) and dom.get("name") == name:
			return dom.get("state")
	return "domain %s missing from %r" % (name, r.result)


def pings_ok(d, desc):
	"""A fresh client still gets its ping answered."""
	try:
		with d.client(timeout=5) as c:
			r = c.call("ping")
			return check(r.ok(), desc, repr(r))
	except OSError as e:
		return check(False, desc, "connect: %s" % e)


def send_in_background(c, data):
	"""Send data from a thread (the server may stop reading or close);
	returns the thread."""
	def run():
		try:
			c.sock.sendall(data)
		except OSError:
			pass
	t = threading.Thread(target=run, daemon=True)
	t.start()
	return t


# ---------------------------------------------------------------------------
# Without a daemon

@test(daemon=False)
def test_supctl_missing_socket():
	tmp = tempfile.mkdtemp(prefix="supd-it-", dir="/tmp")
	try:
		path = os.path.join(tmp, "missing.sock")
		rc, out, err = supctl(["ping"], sock=path, timeout=10)
		check(rc is not None and rc > 0, "supctl -s <missing socket> "
		    "ping exits non-zero", "rc=%r stderr=%r" % (rc, err))
		check(rc is not None and err.strip() != "" and (path in err or
		    "No such file or directory" in err),
		    "supctl on a missing socket says why on stderr",
		    "stderr=%r stdout=%r" % (err, out))
	finally:
		shutil.rmtree(tmp, ignore_errors=True)


def run_supd_n(conf_text):
	tmp = tempfile.mkdtemp(prefix="supd-it-", dir="/tmp")
	try:
		path = os.path.join(tmp, "supd.conf")
		with open(path, "w") as f:
			f.write(conf_text.format(sock=os.path.join(tmp, "s.sock"),
			    cgroot="supd-check", mode="0660", events=64,
			    tmp=tmp))
		try:
			p = subprocess.run([SUPD, "-n", "-f", path],
			    stdin=subprocess.DEVNULL, capture_output=True,
			    timeout=10)
			rc = p.returncode
			out = (p.stdout + p.stderr).decode("utf-8", "replace")
		except subprocess.TimeoutExpired:
			rc, out = None, "[killed after 10s]"
		except OSError as e:
			rc, out = None, "cannot run %s: %s" % (SUPD, e)
		sock_made = os.path.exists(os.path.join(tmp, "s.sock"))
		return path, rc, out, sock_made
	finally:
		shutil.rmtree(tmp, ignore_errors=True)


@test(daemon=False)
def test_config_check():
	path, rc, out, made = run_supd_n(DEFAULT_CONF)
	check(rc == 0 and "configuration OK" in out,
	    "supd -n -f good.conf prints \"configuration OK\" and exits 0",
	    "rc=%r output=%r" % (rc, out))
	check(rc is not None and not made,
	    "supd -n does not create the socket", "rc=%r" % rc)

	bad = ('socket "{sock}" mode 0660\n'
	    'cgroup root "{cgroot}"\n'
	    'frobnicate "yes"\n'
	    'domain "runtime" {{\n'
	    '\troot "/"\n'
	    '}}\n')
	path, rc, out, _ = run_supd_n(bad)
	check(rc is not None and rc != 0, "supd -n on a config with an "
	    "unknown statement exits non-zero", "rc=%r output=%r" % (rc, out))
	check(re.search(r"(:3\b|line 3\b)", out) is not None,
	    "the config error names line 3", "output=%r" % out)

	dup = ('socket "{sock}" mode 0660\n'
	    'limit events 64\n'
	    '# a comment\n'
	    'limit events 128\n'
	    'domain "runtime" {{\n'
	    '\troot "/"\n'
	    '}}\n')
	path, rc, out, _ = run_supd_n(dup)
	check(rc is not None and rc != 0 and re.search(r"(:4\b|line 4\b)",
	    out) is not None, "a statement given twice is an error naming "
	    "line 4", "rc=%r output=%r" % (rc, out))


# ---------------------------------------------------------------------------
# With a daemon

@test()
def test_titles_and_socket(d):
	check((cmdline(d.pid) or "").startswith("supd: monitor"),
	    "monitor title is \"supd: monitor\"", repr(cmdline(d.pid)))
	fe = d.frontend_pid()
	check(fe is not None, "frontend is a child titled \"supd: frontend\"",
	    "children: %s" % ", ".join("%d %r" % (p, cmdline(p))
	    for p in children(d.pid)))
	try:
		st = os.lstat(d.sock)
		check(stat.S_ISSOCK(st.st_mode), "socket path is a socket",
		    oct(st.st_mode))
		check(stat.S_IMODE(st.st_mode) == 0o600,
		    "socket file has the configured mode 0600",
		    oct(stat.S_IMODE(st.st_mode)))
		check(st.st_uid == 0, "socket file is owned by root",
		    "uid %d" % st.st_uid)
	except OSError as e:
		check(False, "socket file exists", str(e))


@test()
def test_frontend_sandbox(d):
	fe = d.frontend_pid()
	if not check(fe is not None, "frontend found for the sandbox checks"):
		return
	s = proc_status(fe) or {}

	def ids(key):
		try:
			return [int(x) for x in s.get(key, "").split()]
		except ValueError:
			return []
	uids, gids = ids("Uid"), ids("Gid")
	check(len(uids) == 4 and all(u != 0 for u in uids),
	    "frontend Uid is non-zero (real, effective, saved, fs)",
	    repr(s.get("Uid")))
	check(len(gids) == 4 and all(g != 0 for g in gids),
	    "frontend Gid is non-zero (real, effective, saved, fs)",
	    repr(s.get("Gid")))
	check("0" not in s.get("Groups", "").split(),
	    "frontend has no supplementary group 0", repr(s.get("Groups")))
	for key in ("CapEff", "CapPrm", "CapBnd", "CapInh", "CapAmb"):
		v = s.get(key)
		check(v is not None and int(v, 16) == 0,
		    "frontend %s is empty" % key, repr(v))
	check(s.get("NoNewPrivs") == "1", "frontend NoNewPrivs is 1",
	    repr(s.get("NoNewPrivs")))
	check(s.get("Seccomp") == "2", "frontend Seccomp is 2 (filter)",
	    repr(s.get("Seccomp")))
	try:
		root = os.readlink("/proc/%d/root" % fe)
	except OSError as e:
		root = "error: %s" % e
	check(root != "/" and not root.startswith("error"),
	    "frontend is chrooted", "root link %r" % root)
	try:
		entries = os.listdir("/proc/%d/root" % fe)
	except OSError as e:
		entries = "error: %s" % e
	check(entries == [], "frontend's root directory is empty",
	    repr(entries))


@test()
def test_supctl_ping(d):
	rc, out, err = d.supctl(["ping"], timeout=10)
	check(rc == 0, "supctl ping exits 0", "rc=%r stderr=%r" % (rc, err))
	check(re.search(r"\d", out) is not None,
	    "supctl ping prints a round-trip time", "stdout=%r" % out)


@test()
def test_ping(d):
	with d.client() as c:
		r = c.call("ping")
		check(r.transport is None and r.error is None and
		    r.result is None, "ping: error nil, result nil", repr(r))
		check(not c.junk, "no stray message on the connection",
		    repr(c.junk))


@test()
def test_unknown_method(d):
	with d.client() as c:
		r = c.call("frobnicate")
		check(isinstance(r.error, dict) and "error_kind" in r.error,
		    "unknown method gets an error map with error_kind",
		    repr(r))
		check(r.kind() in ERROR_KINDS and isinstance(r.error, dict) and
		    isinstance(r.error.get("message"), str),
		    "the error kind is one of the four, with a message",
		    repr(r))
		r = c.call("ping")
		check(r.ok(), "connection usable after an unknown method",
		    repr(r))


@test()
def test_pipelining(d):
	with d.client() as c:
		ids = [101, 102, 103, 104, 105]
		data = b"".join(packb([0, i, "ping", []]) for i in ids)
		# then a malformed one (wrong type), in the same write
		data += packb([0, 106, "exec", [{"domain": 5, "name": "x",
		    "path": "/bin/true"}]])
		err = c.send(data)
		check(err is None, "five pings and a bad request in one write",
		    str(err))
		deadline = now() + 10
		while now() < deadline and not c.eof and \
		    not all(i in c.responses for i in ids + [106]):
			c.pump(0.2)
		c.drain(quiet=0.3)
		got = {i: c.responses.get(i, []) for i in ids}
		check(all(len(v) == 1 and v[0].ok() for v in got.values()),
		    "each of five pipelined pings is answered once, with "
		    "success", repr(got))
		r = c.responses.get(106, [])
		check(len(r) == 1 and r[0].kind() == "serde",
		    "the malformed request after them gets one serde error",
		    repr(r))
		check(not c.junk and set(c.responses) == set(ids + [106]),
		    "nothing else was answered", "msgids %r junk %r" % (
		    sorted(c.responses), c.junk))


MALFORMED = [
	("wrong type (domain is an int)", "exec",
	    [{"domain": 5, "name": "x", "path": "/bin/true"}]),
	("unknown key", "exec", [{"domain": "runtime", "name": "x",
	    "path": "/bin/true", "bogus": 1}]),
	("missing required name", "exec", [{"domain": "runtime",
	    "path": "/bin/true"}]),
	("name with a slash", "exec", [{"domain": "runtime", "name": "a/b",
	    "path": "/bin/true"}]),
	("65-byte name", "exec", [{"domain": "runtime", "name": "n" * 65,
	    "path": "/bin/true"}]),
	("relative path", "exec", [{"domain": "runtime", "name": "x",
	    "path": "bin/true"}]),
	("NUL in an argument", "exec", [{"domain": "runtime", "name": "x",
	    "path": "/bin/true", "args": ["a\0b"]}]),
	("env key with =", "exec", [{"domain": "runtime", "name": "x",
	    "path": "/bin/true", "env": {"A=B": "c"}}]),
	("args as a map", "exec", [{"domain": "runtime", "name": "x",
	    "path": "/bin/true", "args": {"a": "b"}}]),
	("name as bin", "exec", [{"domain": "runtime", "name": b"x",
	    "path": "/bin/true"}]),
	("params not an array", "start", {"domain": "runtime"}),
	("negative uid", "configure", [{"domain": "runtime",
	    "exec_user": {"uid": -1, "gid": 0}}]),
	("uid 2^32-1", "configure", [{"domain": "runtime",
	    "exec_user": {"uid": 4294967295, "gid": 0}}]),
	("uid as a string", "configure", [{"domain": "runtime",
	    "exec_user": {"uid": "0", "gid": 0}}]),
	("float timeout", "kill", [{"domain": "runtime", "name": "x",
	    "timeout": 1.5}]),
	("non-string map key", "status", [{1: 2}]),
	("method not a string", 7, []),
]


@test()
def test_malformed_requests(d):
	with d.client() as c:
		msgid = 200
		for desc, method, params in MALFORMED:
			msgid += 1
			err = c.send(packb([0, msgid, method, params]))
			r = c.wait_response(msgid, 5) if err is None else \
			    "send: " + err
			check(not isinstance(r, str) and r.kind() == "serde",
			    "malformed request (%s) gets a serde error for its "
			    "msgid" % desc, repr(r))
			if c.eof:
				break
		# duplicate key, built by hand: {"domain": "runtime",
		# "domain": "operator"}
		msgid += 1
		body = b"\x91\x82" + packb("domain") + packb("runtime") + \
		    packb("domain") + packb("operator")
		c.send(raw_request(msgid, "start", body))
		r = c.wait_response(msgid, 5)
		check(r.kind() == "serde", "duplicate map key gets a serde "
		    "error", repr(r))
		r = c.call("ping")
		check(r.ok(), "the connection still serves a ping after "
		    "malformed requests", repr(r))
		check(domain_state(c, "runtime") == "stopped",
		    "no malformed request changed the runtime domain",
		    domain_state(c, "runtime"))


@test()
def test_garbage(d):
	with d.client() as other:
		check(other.call("ping").ok(), "bystander client pings first")
		with d.client() as g:
			g.send(b"\xc1" * 16)
			ok, detail = expect_rejected(g, None, 5)
			check(ok and g.wait_closed(5), "0xc1 bytes close the "
			    "connection", detail + ("" if g.eof else
			    ", still open"))
		with d.client() as g:
			g.send(random.Random(1).randbytes(4096))
		r = other.call("ping")
		check(r.ok(), "a client connected before the garbage still "
		    "pings", repr(r))
	pings_ok(d, "a new client pings after garbage bytes")


@test()
def test_truncated(d):
	req = packb([0, 7, "start", [{"domain": "runtime"}]])
	with d.client() as t:
		t.send(req[:len(req) // 2])
	pings_ok(d, "daemon serves after a half request then close")
	with d.client() as c:
		check(domain_state(c, "runtime") == "stopped",
		    "a half start request changes nothing",
		    domain_state(c, "runtime"))
	# half a request left idle must not block others
	t = d.client()
	try:
		t.send(req[:len(req) // 2])
		pings_ok(d, "daemon serves others while a half request idles")
	finally:
		t.close()


@test(budget=30)
def test_oversize(d):
	fe_rss0 = frontend_rss(d)
	with d.client() as c:
		data = packb([0, 900, "ping", ["A" * (2 * MIB)]])
		th = send_in_background(c, data)
		ok, detail = expect_rejected(c, 900, 15)
		check(ok, "a 2 MiB request (limit 1 MiB) is rejected: serde "
		    "error or close", detail)
		th.join(12)
	pings_ok(d, "daemon pings after an oversized request")
	with d.client() as c:
		# str32 header claiming 4 GiB, then bytes trickled in
		data = raw_request(901, "ping", b"\x91\xdb\xff\xff\xff\xff")
		c.send(data)
		th = send_in_background(c, b"B" * (MIB + 65536))
		ok, detail = expect_rejected(c, 901, 15)
		check(ok, "a str32 claiming 4 GiB is rejected", detail)
		th.join(12)
	pings_ok(d, "daemon pings after a 4 GiB string header")
	rss = frontend_rss(d)
	check(fe_rss0 is None or rss is None or rss - fe_rss0 < 16 * 1024,
	    "frontend RSS stays bounded after oversized requests",
	    "%r kB -> %r kB" % (fe_rss0, rss))


def frontend_rss(d):
	fe = d.frontend_pid()
	s = proc_status(fe) if fe else None
	try:
		return int(s["VmRSS"].split()[0])
	except (TypeError, KeyError, ValueError, IndexError):
		return None


HOSTILE = [
	("array32 header dd ff ff ff ff", None, b"\xdd\xff\xff\xff\xff"),
	("map32 header df ff ff ff ff", None, b"\xdf\xff\xff\xff\xff"),
	("1000-deep nesting", None, b"\x91" * 1000 + b"\xc0"),
	("params with array32 dd ff ff ff ff", 910,
	    raw_request(910, "ping", b"\x91\xdd\xff\xff\xff\xff")),
	("params with map32 df ff ff ff ff", 911,
	    raw_request(911, "ping", b"\x91\xdf\xff\xff\xff\xff")),
	("params nested 1000 deep", 912,
	    raw_request(912, "ping", b"\x91" * 1000 + b"\xc0")),
	("params with a chain of array16(65535) headers", 913,
	    raw_request(913, "ping", b"\xdc\xff\xff" * 64)),
	("params with an ext type", 914,
	    raw_request(914, "ping", b"\x91\xd4\x01\x00")),
	("params with a timestamp ext", 915,
	    raw_request(915, "ping", b"\x91\xd6\xff\x00\x00\x00\x00")),
]


@test(budget=40)
def test_hostile_headers(d):
	fe_rss0 = frontend_rss(d)
	for desc, msgid, data in HOSTILE:
		with d.client() as c:
			err = c.send(data)
			ok, detail = expect_rejected(c, msgid, 5)
			check(ok, "%s is rejected (serde error%s or close)" % (
			    desc, "" if msgid is None else " for its msgid"),
			    detail + ("" if err is None else "; " + err))
	with d.client() as c:
		th = send_in_background(c, b"\x91" * 1000000 + b"\xc0")
		ok, detail = expect_rejected(c, None, 10)
		check(ok, "1,000,000-deep nesting is rejected", detail)
		th.join(10)
	pings_ok(d, "daemon pings after hostile headers and nesting")
	rss = frontend_rss(d)
	check(fe_rss0 is None or rss is None or rss - fe_rss0 < 16 * 1024,
	    "frontend RSS stays bounded after hostile headers",
	    "%r kB -> %r kB" % (fe_rss0, rss))


@test(budget=30)
def test_concurrent_clients(d):
	fe = d.frontend_pid()
	base = fd_count(fe) if fe else None
	clients = []
	try:
		for i in range(50):
			clients.append(d.client())
		ids = []
		for c in clients:
			ids.append(c.request("ping")[0])
		bad = []
		for c, i in zip(clients, ids):
			r = c.wait_response(i, 10)
			if not r.ok():
				bad.append(repr(r))
		check(len(clients) == 50 and not bad,
		    "50 concurrent clients each get their ping answered",
		    "%d connected; failures: %s" % (len(clients), bad[:5]))
	finally:
		for c in clients:
			c.close()
	if base is not None:
		left = wait_until(lambda: fd_count(fe) <= base, 5)
		check(left, "frontend fd count back to baseline after 50 "
		    "clients", "%r -> %r" % (base, fd_count(fe)))


@test(budget=30)
def test_fd_passing(d):
	fe = d.frontend_pid()
	mon = d.pid
	base_fe, base_mon = fd_count(fe), fd_count(mon)
	pipes = [os.pipe() for _ in range(100)]
	reads = [p[0] for p in pipes]
	writes = [p[1] for p in pipes]
	try:
		with d.client() as c:
			msgid, err = c.request("ping", fds=writes)
			for w in writes:
				os.close(w)
			writes = []
			r = c.wait_response(msgid, 10)
			check(r.ok() or (r.transport or "").startswith("closed"),
			    "a ping carrying 100 fds is answered (or the "
			    "connection closed)", repr(r))
			if not c.eof:
				r = c.call("ping")
				check(r.ok(), "the connection still pings after "
				    "passing fds", repr(r))
		held = []

		def all_eof():
			del held[:]
			for fd in reads:
				r, _, _ = select.select([fd], [], [], 0)
				if not r or os.read(fd, 1) != b"":
					held.append(fd)
			return not held
		check(wait_until(all_eof, 5), "every passed fd is closed by "
		    "the daemon (all 100 pipes see EOF)",
		    "%d pipe write ends still open somewhere" % len(held))
		ok = wait_until(lambda: fd_count(fe) <= base_fe, 5)
		check(ok, "frontend fd count back to baseline after fd "
		    "passing", "%r -> %r" % (base_fe, fd_count(fe)))
		check(fd_count(mon) <= base_mon, "monitor fd count unchanged "
		    "by fd passing", "%r -> %r" % (base_mon, fd_count(mon)))
	finally:
		for fd in reads + writes:
			try:
				os.close(fd)
			except OSError:
				pass


@test()
def test_frontend_survived(d):
	fe = d.frontend_pid()
	check(fe is not None and fe == d.frontend_at_start,
	    "the frontend never crashed or restarted during the hostile "
	    "tests", "pid at start %r, now %r" % (d.frontend_at_start, fe))


TESTS = [
	test_supctl_missing_socket,
	test_config_check,
	test_titles_and_socket,
	test_frontend_sandbox,
	test_supctl_ping,
	test_ping,
	test_unknown_method,
	test_pipelining,
	test_malformed_requests,
	test_garbage,
	test_truncated,
	test_oversize,
	test_hostile_headers,
	test_concurrent_clients,
	test_fd_passing,
	test_frontend_survived,
]

if __name__ == "__main__":
	main(TESTS, make_daemon)
