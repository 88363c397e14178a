"""
supdtest: shared code of the supd integration tests.

Each test file is a plain script run with Debian's /usr/bin/python3 from the
repository top.  It prints one line per check, "ok - <what>" or
"not ok - <what>: <detail>", and exits non-zero when any check failed
(regress/run.sh counts these lines).

Environment:
	SUPD		the daemon binary (default obj/supd under the repo top)
	SUPCTL		the control tool (default obj/supctl under the repo top)
	SUPD_TEST_BUDGET
			seconds within which a test file starts its tests
			(default 95; the daemon's teardown may take 20 more)

Only the standard library and Debian's python3-msgpack are used.
"""

import array
import ctypes
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback

import msgpack

TOP = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
    "..", ".."))


def _binary(var, default):
	v = os.environ.get(var)
	if v:
		return os.path.abspath(v)
	return os.path.join(TOP, default)


SUPD = _binary("SUPD", "obj/supd")
SUPCTL = _binary("SUPCTL", "obj/supctl")
# Tests start only within BUDGET seconds; the daemon's teardown gets
# TEARDOWN more before the watchdog kills everything (< 120 s in all).
BUDGET = float(os.environ.get("SUPD_TEST_BUDGET", "95"))
TEARDOWN = 20
RPC_TIMEOUT = 10.0
V1_CONTROLLERS = ("cpu", "cpuacct", "memory", "freezer", "pids")
ERROR_KINDS = ("no_such_entity", "invalid_state", "serde", "failure")

# ---------------------------------------------------------------------------
# Reporting

NCHECKS = 0
NFAILED = 0
_print_lock = threading.Lock()


def _oneline(s, limit=600):
	s = str(s).replace("\\", "\\\\").replace("\n", "\\n").replace("\r",
	    "\\r")
	if len(s) > limit:
		s = s[:limit] + "...(%d more)" % (len(s) - limit)
	return s


def _emit(line):
	"""Print a line now.  When stdout is gone (piped into head), carry
	on silently: the clean-up must still run."""
	try:
		sys.stdout.write(line + "\n")
		sys.stdout.flush()
	except (OSError, ValueError):
		try:
			sys.stdout = open(os.devnull, "w")
		except OSError:
			pass


def check(cond, desc, detail=""):
	"""Print one ok/not ok line; return the truth of cond."""
	global NCHECKS, NFAILED
	with _print_lock:
		NCHECKS += 1
		if cond:
			_emit("ok - %s" % _oneline(desc, 300))
		else:
			NFAILED += 1
			if detail != "":
				_emit("not ok - %s: %s" % (_oneline(desc, 300),
				    _oneline(detail)))
			else:
				_emit("not ok - %s" % _oneline(desc, 300))
	return bool(cond)


def diag(msg):
	"""A comment line for people ("# ..."), ignored by the runner."""
	with _print_lock:
		for line in str(msg).splitlines() or [""]:
			_emit("# " + line)


# ---------------------------------------------------------------------------
# Small helpers

def now():
	return time.monotonic()


def wait_until(fn, timeout, interval=0.05):
	"""Call fn until it returns something true or timeout seconds pass;
	return the last value."""
	deadline = now() + timeout
	while True:
		v = fn()
		if v or now() >= deadline:
			return v
		time.sleep(interval)


def is_int(x):
	return isinstance(x, int) and not isinstance(x, bool)


def read_file(path, binary=False):
	try:
		with open(path, "rb") as f:
			data = f.read()
	except OSError:
		return None
	return data if binary else data.decode("utf-8", "replace")


def pid_alive(pid):
	"""True when pid exists and is not a zombie."""
	st = proc_stat(pid)
	return st is not None and st["state"] not in ("Z", "X")


def proc_stat(pid):
	"""Fields of /proc/PID/stat we use, or None when the process is
	gone."""
	data = read_file("/proc/%d/stat" % pid)
	if not data:
		return None
	try:
		lp = data.index("(")
		rp = data.rindex(")")
		rest = data[rp + 2:].split()
		return {"pid": pid, "comm": data[lp + 1:rp], "state": rest[0],
		    "ppid": int(rest[1]), "pgrp": int(rest[2]),
		    "starttime": int(rest[19])}
	except (ValueError, IndexError):
		return None


def all_pids():
	out = []
	for n in os.listdir("/proc"):
		if n.isdigit():
			out.append(int(n))
	return out


def all_stats():
	out = []
	for pid in all_pids():
		st = proc_stat(pid)
		if st is not None:
			out.append(st)
	return out


def cmdline(pid):
	"""/proc/PID/cmdline with NULs as spaces, trailing blanks removed."""
	data = read_file("/proc/%d/cmdline" % pid, binary=True)
	if data is None:
		return None
	return data.replace(b"\0", b" ").decode("utf-8", "replace").rstrip()


def children(pid, stats=None):
	if stats is None:
		stats = all_stats()
	return [st["pid"] for st in stats if st["ppid"] == pid]


def descendants(pid):
	"""[(pid, starttime)] of pid and everything below it."""
	stats = all_stats()
	kids = {}
	for st in stats:
		kids.setdefault(st["ppid"], []).append(st)
	out = []
	me = proc_stat(pid)
	if me is not None:
		out.append((pid, me["starttime"]))
	todo = [pid]
	while todo:
		p = todo.pop()
		for st in kids.get(p, []):
			out.append((st["pid"], st["starttime"]))
			todo.append(st["pid"])
	return out


def proc_status(pid):
	"""/proc/PID/status as a dict of strings, or None."""
	data = read_file("/proc/%d/status" % pid)
	if data is None:
		return None
	out = {}
	for line in data.splitlines():
		k, _, v = line.partition(":")
		out[k.strip()] = v.strip()
	return out


def fd_list(pid):
	try:
		return sorted(int(x) for x in os.listdir("/proc/%d/fd" % pid))
	except OSError:
		return None


def fd_count(pid):
	fds = fd_list(pid)
	return None if fds is None else len(fds)


def ns_link(pid, ns):
	try:
		return os.readlink("/proc/%s/ns/%s" % (pid, ns))
	except OSError:
		return None


def mount_points():
	"""Mount points of our mount namespace (the host's)."""
	out = []
	data = read_file("/proc/self/mountinfo") or ""
	for line in data.splitlines():
		f = line.split()
		if len(f) > 4:
			out.append(re.sub(r"\\([0-7]{3})",
			    lambda m: chr(int(m.group(1), 8)), f[4]))
	return out


def mount_count():
	data = read_file("/proc/self/mounts") or ""
	return len(data.splitlines())


def read_fd(fd, timeout, limit=1 << 20):
	"""Read fd until EOF, timeout seconds, or limit bytes.  Returns
	(data, eof)."""
	data = b""
	deadline = now() + timeout
	while len(data) < limit:
		rem = deadline - now()
		if rem <= 0:
			return data, False
		r, _, _ = select.select([fd], [], [], rem)
		if not r:
			return data, False
		try:
			chunk = os.read(fd, 65536)
		except BlockingIOError:
			continue
		if not chunk:
			return data, True
		data += chunk
	return data, False


def close_fds(fds):
	for fd in fds:
		try:
			os.close(fd)
		except OSError:
			pass


_counter = [0]


def unique(prefix):
	"""A process name unique in this test file."""
	_counter[0] += 1
	return "%s-%d" % (prefix, _counter[0])


# ---------------------------------------------------------------------------
# cgroups (v1 controllers only; only the unique test root is touched)

def _self_cgroup(ctrl):
	data = read_file("/proc/self/cgroup") or ""
	for line in data.splitlines():
		f = line.split(":", 2)
		if len(f) == 3 and ctrl in f[1].split(","):
			return f[2]
	return "/"


def cgroup_root_dirs(name):
	"""Existing directories named after the test's cgroup root under
	each v1 controller: at the controller's top, and relative to our
	own cgroup in case the daemon nests there."""
	out = []
	for ctrl in V1_CONTROLLERS:
		base = "/sys/fs/cgroup/" + ctrl
		cands = [os.path.join(base, name)]
		mine = _self_cgroup(ctrl)
		if mine not in ("", "/"):
			cands.append(base + mine.rstrip("/") + "/" + name)
		for c in cands:
			if os.path.isdir(c) and c not in out:
				out.append(c)
	return out


def cgroup_subdirs(name):
	"""Every cgroup below the test root (the domains' cgroups)."""
	out = []
	for root in cgroup_root_dirs(name):
		for dirpath, dirnames, _ in os.walk(root):
			for d in dirnames:
				out.append(os.path.join(dirpath, d))
	return sorted(out)


def _write(path, text):
	try:
		with open(path, "w") as f:
			f.write(text)
		return True
	except OSError:
		return False


def remove_cgroup_tree(name):
	"""Kill what is left in the test's cgroups and remove them.  Only
	directories carrying the unique test root name are touched."""
	if not re.match(r"^supd-t[0-9]+-[0-9]+$", name):
		return
	roots = cgroup_root_dirs(name)
	for root in roots:
		for dirpath, _, _ in os.walk(root):
			fs = os.path.join(dirpath, "freezer.state")
			if os.path.exists(fs):
				_write(fs, "THAWED")
			procs = read_file(os.path.join(dirpath,
			    "cgroup.procs")) or ""
			for p in procs.split():
				try:
					os.kill(int(p), signal.SIGKILL)
				except (OSError, ValueError):
					pass
	deadline = now() + 3
	for root in roots:
		for dirpath, _, _ in os.walk(root, topdown=False):
			while True:
				try:
					os.rmdir(dirpath)
					break
				except FileNotFoundError:
					break
				except OSError:
					if now() > deadline:
						diag("cannot remove cgroup %s" %
						    dirpath)
						break
					time.sleep(0.05)


# ---------------------------------------------------------------------------
# msgpack-RPC client

def packb(obj):
	return msgpack.packb(obj, use_bin_type=True)


def raw_request(msgid, method, params_bytes):
	"""[0, msgid, method, <params_bytes as is>]: for hostile params."""
	return b"\x94" + packb(0) + packb(msgid) + packb(method) + params_bytes


class Response:
	"""One response, or what went wrong getting it (transport set to
	"timeout", "closed" or "send failed: ...")."""

	__slots__ = ("error", "result", "transport")

	def __init__(self, error=None, result=None, transport=None):
		self.error = error
		self.result = result
		self.transport = transport

	def ok(self):
		return self.transport is None and self.error is None

	def kind(self):
		if self.transport is not None:
			return "<" + self.transport + ">"
		if self.error is None:
			return None
		if isinstance(self.error, dict):
			return self.error.get("error_kind", "<no error_kind>")
		return "<malformed error %r>" % (self.error,)

	def message(self):
		if isinstance(self.error, dict):
			m = self.error.get("message")
			return m if isinstance(m, str) else ""
		return ""

	def __repr__(self):
		if self.transport is not None:
			return "transport %s" % self.transport
		if self.error is not None:
			return "error %r" % (self.error,)
		return "result %r" % (self.result,)


class Client:
	"""A raw msgpack-RPC client on the control socket.  Every read is
	bounded by a timeout; responses are matched by msgid and kept (all
	of them, so duplicates can be seen); notifications "event" are
	collected in self.events."""

	def __init__(self, path, timeout=RPC_TIMEOUT):
		self.path = path
		self.timeout = timeout
		self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
		self.sock.settimeout(timeout)
		try:
			self.sock.connect(path)
		except BaseException:
			self.sock.close()
			raise
		self.unpacker = msgpack.Unpacker(raw=False,
		    strict_map_key=False, unicode_errors="surrogateescape",
		    max_buffer_size=64 << 20)
		self.responses = {}	# msgid -> [Response, ...]
		self.events = []	# EVENT maps in arrival order
		self.junk = []		# anything else the server sent
		self.eof = False
		self.reset = False
		self.nextid = 1

	def __enter__(self):
		return self

	def __exit__(self, *a):
		self.close()

	def close(self):
		try:
			self.sock.close()
		except OSError:
			pass

	def _dispatch(self, msg):
		if isinstance(msg, list) and len(msg) == 4 and msg[0] == 1 \
		    and is_int(msg[1]):
			self.responses.setdefault(msg[1], []).append(
			    Response(msg[2], msg[3]))
		elif isinstance(msg, list) and len(msg) == 3 and \
		    msg[0] == 2 and msg[1] == "event" and \
		    isinstance(msg[2], list) and len(msg[2]) == 1:
			self.events.append(msg[2][0])
		else:
			self.junk.append(msg)

	def pump(self, timeout):
		"""Read what arrives within timeout seconds (one recv).
		Returns True when something happened."""
		if self.eof:
			return False
		try:
			r, _, _ = select.select([self.sock], [], [],
			    max(0.0, timeout))
		except (OSError, ValueError):
			self.eof = True
			return True
		if not r:
			return False
		try:
			data = self.sock.recv(1 << 18)
		except socket.timeout:
			return False
		except OSError:
			self.eof = True
			self.reset = True
			return True
		if not data:
			self.eof = True
			return True
		self.unpacker.feed(data)
		try:
			for msg in self.unpacker:
				self._dispatch(msg)
		except Exception as e:
			self.junk.append("undecodable bytes from server: %r"
			    % (e,))
			self.eof = True
		return True

	def drain(self, quiet=0.0, timeout=5.0):
		"""Read until nothing arrives for `quiet` seconds (or at most
		timeout seconds)."""
		deadline = now() + timeout
		while not self.eof and now() < deadline:
			if not self.pump(min(max(quiet, 0.0),
			    deadline - now())):
				break

	def send(self, data, fds=None):
		"""Send bytes (and fds as SCM_RIGHTS with the first chunk).
		Returns None or the error as a string."""
		try:
			if fds:
				n = self.sock.sendmsg([data], [(
				    socket.SOL_SOCKET, socket.SCM_RIGHTS,
				    array.array("i", fds))])
				data = data[n:]
			if data:
				self.sock.sendall(data)
		except socket.timeout:
			return "send timed out"
		except OSError as e:
			return "send failed: %s" % e
		return None

	def request(self, method, params=None, fds=None, msgid=None):
		"""Send one request; returns (msgid, send error or None).
		params None sends [], a dict sends [dict], a list is sent
		as is."""
		if msgid is None:
			msgid = self.nextid
			self.nextid += 1
		if params is None:
			p = []
		elif isinstance(params, dict):
			p = [params]
		else:
			p = params
		return msgid, self.send(packb([0, msgid, method, p]), fds)

	def wait_response(self, msgid, timeout=None):
		if timeout is None:
			timeout = self.timeout
		deadline = now() + timeout
		while True:
			if msgid in self.responses:
				return self.responses[msgid][0]
			if self.eof:
				return Response(transport="closed%s" %
				    (" (reset)" if self.reset else ""))
			rem = deadline - now()
			if rem <= 0:
				return Response(transport="timeout after "
				    "%.1fs" % timeout)
			self.pump(min(rem, 0.5))

	def call(self, method, params=None, fds=None, timeout=None):
		msgid, err = self.request(method, params, fds)
		if err is not None and msgid not in self.responses:
			# The server may have answered before closing.
			self.pump(0.2)
			if msgid not in self.responses:
				return Response(transport=err)
		return self.wait_response(msgid, timeout)

	def wait_closed(self, timeout):
		deadline = now() + timeout
		while not self.eof and now() < deadline:
			self.pump(min(0.5, deadline - now()))
		return self.eof

	def wait_event(self, pred, timeout, start=0):
		"""The first event at index >= start matching pred, waiting
		up to timeout seconds; None when none came."""
		deadline = now() + timeout
		i = start
		while True:
			while i < len(self.events):
				if pred(self.events[i]):
					return self.events[i]
				i += 1
			if self.eof or now() >= deadline:
				return None
			self.pump(min(0.2, deadline - now()))


def expect_rejected(c, msgid, timeout=10.0):
	"""For hostile input: the server must answer msgid (any msgid when
	None) with a serde error, or close the connection.  Returns (ok,
	detail)."""
	deadline = now() + timeout
	while True:
		if msgid is None:
			got = [r for rs in c.responses.values() for r in rs]
		else:
			got = c.responses.get(msgid, [])
		if got:
			r = got[0]
			return r.kind() == "serde", "got %r" % (r,)
		if c.eof:
			return True, "connection closed"
		if now() >= deadline:
			return False, "neither a serde error nor a close " \
			    "within %.0fs (hung?)" % timeout
		c.pump(min(0.2, deadline - now()))


def ev(e):
	"""The inner "event" map of an EVENT, or {}."""
	if isinstance(e, dict) and isinstance(e.get("event"), dict):
		return e["event"]
	return {}


def is_termination(e, domain=None, name=None):
	x = ev(e)
	return x.get("type") == "process_termination" and \
	    (domain is None or x.get("domain") == domain) and \
	    (name is None or x.get("name") == name)


def is_loss(e):
	return ev(e).get("type") == "event_loss"


def event_problems(e):
	"""What is wrong with the shape of one EVENT (list of strings)."""
	p = []
	if not isinstance(e, dict):
		return ["not a map: %r" % (e,)]
	ts = e.get("timestamp_millis")
	if not is_int(ts) or abs(ts - time.time() * 1000) > 300000:
		p.append("timestamp_millis %r is not now in ms" % (ts,))
	x = e.get("event")
	if not isinstance(x, dict):
		return p + ["no event map"]
	t = x.get("type")
	if t == "process_termination":
		for k in ("domain", "name"):
			if not isinstance(x.get(k), str):
				p.append("%s is %r" % (k, x.get(k)))
		if x.get("cause") not in ("exited", "signaled", "oom_killed"):
			p.append("cause %r" % (x.get("cause"),))
		es, sg = x.get("exit_status"), x.get("signo")
		if (es is None) == (sg is None):
			p.append("exactly one of exit_status (%r) and signo "
			    "(%r) must be set" % (es, sg))
		if es is not None and not is_int(es):
			p.append("exit_status %r" % (es,))
		if sg is not None and not is_int(sg):
			p.append("signo %r" % (sg,))
		if x.get("size") is not None:
			p.append("size %r on a termination" % (x.get("size"),))
	elif t == "event_loss":
		if not is_int(x.get("size")) or x.get("size") <= 0:
			p.append("size %r" % (x.get("size"),))
	else:
		p.append("type %r" % (t,))
	return p


# ---------------------------------------------------------------------------
# supctl

def supctl(args, sock=None, timeout=20.0, stdin=subprocess.DEVNULL):
	"""Run supctl [-s sock] args...; returns (rc, stdout, stderr) with
	rc None when it had to be killed after timeout seconds."""
	argv = [SUPCTL]
	if sock is not None:
		argv += ["-s", sock]
	argv += list(args)
	try:
		p = subprocess.Popen(argv, stdin=stdin, stdout=subprocess.PIPE,
		    stderr=subprocess.PIPE)
	except OSError as e:
		return None, "", "cannot run %s: %s" % (SUPCTL, e)
	try:
		out, err = p.communicate(timeout=timeout)
	except subprocess.TimeoutExpired:
		p.kill()
		out, err = p.communicate()
		return None, out.decode("utf-8", "replace"), \
		    err.decode("utf-8", "replace") + " [killed after %.0fs]" % \
		    timeout
	return p.returncode, out.decode("utf-8", "replace"), \
	    err.decode("utf-8", "replace")


# ---------------------------------------------------------------------------
# The daemon

DEFAULT_CONF = """\
# supd integration test configuration
socket "{sock}" mode {mode}
cgroup root "{cgroot}"
limit events {events}
domain "runtime" {{
	root "/"
	hostname "rt"
	exec user 65534:65534
}}
domain "operator" {{
	root "/"
}}
"""

_libc = ctypes.CDLL(None, use_errno=True)
PR_SET_PDEATHSIG = 1
_daemons = []		# live Daemon objects, for the watchdog
_ndaemons = [0]


def _pdeathsig():
	# If the test dies, the daemon gets SIGTERM and cleans up.
	_libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


class DaemonError(Exception):
	pass


class Daemon:
	"""Runs "$SUPD -d -v -f CONF" in a private temp dir and checks on
	the way out that it exits cleanly and leaves nothing behind."""

	def __init__(self, label="supd", conf=None, mode="0660", events=64):
		self.label = label
		self.conf_template = conf if conf is not None else DEFAULT_CONF
		self.mode = mode
		self.events = events
		self.proc = None
		self.logger = None
		self.tmp = None
		self.sock = None
		self.cgroot = None
		self.logpath = None
		self.frontend_at_start = None
		self.closed = False
		self.failed_at_start = NFAILED

	# -- life cycle -----------------------------------------------------

	def __enter__(self):
		self.start()
		return self

	def __exit__(self, *a):
		self.close()

	def start(self):
		self.failed_at_start = NFAILED
		_ndaemons[0] += 1
		self.cgroot = "supd-t%d-%d" % (os.getpid(), _ndaemons[0])
		self.tmp = tempfile.mkdtemp(prefix="supd-it-", dir="/tmp")
		self.sock = os.path.join(self.tmp, "supd.sock")
		self.confpath = os.path.join(self.tmp, "supd.conf")
		self.logpath = os.path.join(self.tmp, "supd.log")
		self.conf = self.conf_template.format(sock=self.sock,
		    cgroot=self.cgroot, mode=self.mode, events=self.events,
		    tmp=self.tmp)
		with open(self.confpath, "w") as f:
			f.write(self.conf)
		_daemons.append(self)
		if not os.access(SUPD, os.X_OK):
			raise DaemonError("%s is not an executable file (build "
			    "it with make, or set SUPD)" % SUPD)
		# stdout and stderr go through a pipe that a cat(1) in its
		# own session copies to the log: a process writing a regular
		# file would be subject to its RLIMIT_FSIZE (a pipe is what a
		# service manager gives), and the cat outlives this script if
		# it dies, so the daemon never writes into a broken pipe.
		r, w = os.pipe()
		try:
			with open(self.logpath, "ab") as log:
				self.logger = subprocess.Popen(["cat"], stdin=r,
				    stdout=log, start_new_session=True)
		except OSError as e:
			close_fds([r, w])
			raise DaemonError("cannot run cat for the log: %s" % e)
		os.close(r)
		try:
			self.proc = subprocess.Popen([SUPD, "-d", "-v", "-f",
			    self.confpath], stdin=subprocess.DEVNULL,
			    stdout=w, stderr=w, start_new_session=True,
			    preexec_fn=_pdeathsig)
		except OSError as e:
			raise DaemonError("cannot run %s: %s" % (SUPD, e))
		finally:
			os.close(w)
		deadline = now() + 10
		last = "no answer"
		while True:
			rc = self.proc.poll()
			if rc is not None:
				raise DaemonError("supd exited with status %d "
				    "while starting" % rc)
			if os.path.exists(self.sock):
				try:
					with Client(self.sock, timeout=1) as c:
						r = c.call("ping", timeout=1)
						if r.ok():
							break
						last = repr(r)
				except OSError as e:
					last = str(e)
			if now() >= deadline:
				raise DaemonError("no ping answer within 10s "
				    "(%s)" % last)
			time.sleep(0.05)
		self.frontend_at_start = self.frontend_pid(timeout=2)

	@property
	def pid(self):
		return self.proc.pid if self.proc is not None else None

	def alive(self):
		if self.proc is None or self.proc.poll() is not None:
			return False
		try:
			with Client(self.sock, timeout=3) as c:
				return c.call("ping", timeout=3).ok()
		except OSError:
			return False

	def client(self, timeout=RPC_TIMEOUT):
		return Client(self.sock, timeout=timeout)

	def supctl(self, args, timeout=20.0, stdin=subprocess.DEVNULL):
		return supctl(args, sock=self.sock, timeout=timeout,
		    stdin=stdin)

	# -- the daemon's processes -----------------------------------------

	def child_titled(self, prefix, timeout=0.0):
		"""The monitor's child whose title starts with prefix."""
		def find():
			if self.proc is None:
				return None
			for p in children(self.proc.pid):
				t = cmdline(p)
				if t is not None and (t == prefix or
				    t.startswith(prefix + " ")):
					return p
			return None
		return wait_until(find, timeout) if timeout else find()

	def frontend_pid(self, timeout=0.0):
		return self.child_titled("supd: frontend", timeout)

	def worker_pid(self, domain, timeout=0.0):
		return self.child_titled("supd: worker " + domain, timeout)

	# -- the end --------------------------------------------------------

	def _leftovers(self, tree):
		left = []
		me = os.getpid()
		for st in all_stats():
			p = st["pid"]
			if p == me:
				continue
			if (p, st["starttime"]) in tree:
				left.append(p)
				continue
			t = cmdline(p) or ""
			if self.tmp and (self.tmp in t or self.tmp in
			    st["comm"]):
				left.append(p)
		return left

	def describe(self, pids):
		return ", ".join("%d %s [%s]" % (p, cmdline(p) or "?",
		    (proc_stat(p) or {}).get("state", "?")) for p in pids)

	def close(self):
		"""SIGTERM, then the teardown checks, then clean up whatever
		is left whatever happened."""
		if self.closed:
			return
		self.closed = True
		lab = "teardown(%s)" % self.label
		try:
			if self.proc is not None:
				self._stop_and_check(lab)
		finally:
			self._cleanup(lab)
			if self in _daemons:
				_daemons.remove(self)
			if NFAILED > self.failed_at_start:
				self.dump_log()
			if self.tmp and os.path.isdir(self.tmp) and \
			    not any(m == self.tmp or m.startswith(self.tmp
			    + "/") for m in mount_points()):
				shutil.rmtree(self.tmp, ignore_errors=True)

	def _stop_and_check(self, lab):
		tree = set(descendants(self.proc.pid))
		was_running = self.proc.poll() is None
		check(was_running, "%s: monitor still running before SIGTERM"
		    % lab, "it had exited with status %r" % self.proc.poll())
		rc = self.proc.poll()
		if was_running:
			try:
				os.kill(self.proc.pid, signal.SIGTERM)
			except OSError:
				pass
			try:
				rc = self.proc.wait(timeout=10)
				check(True, "%s: monitor exits within 10s of "
				    "SIGTERM" % lab)
			except subprocess.TimeoutExpired:
				check(False, "%s: monitor exits within 10s of "
				    "SIGTERM" % lab, "still running; killed")
				self._kill_all(tree)
				rc = self.proc.wait()
			check(rc == 0, "%s: monitor exit status 0 on SIGTERM"
			    % lab, "status %r" % rc)
		check(not os.path.exists(self.sock), "%s: socket file removed"
		    % lab, self.sock)
		wait_until(lambda: not self._leftovers(tree), 5)
		left = self._leftovers(tree)
		check(not left, "%s: no process of the daemon left" % lab,
		    self.describe(left))
		self._kill_all(tree)
		wait_until(lambda: not cgroup_subdirs(self.cgroot), 3)
		subs = cgroup_subdirs(self.cgroot)
		check(not subs, "%s: no domain cgroup left" % lab,
		    " ".join(subs))
		mnts = [m for m in mount_points() if m == self.tmp or
		    m.startswith(self.tmp + "/")]
		check(not mnts, "%s: no mount left under the temp dir" % lab,
		    " ".join(mnts))

	def _kill_all(self, tree=()):
		for p in set(self._leftovers(set(tree))):
			try:
				os.kill(p, signal.SIGKILL)
			except OSError:
				pass
		if self.proc is not None and self.proc.poll() is None:
			try:
				os.killpg(self.proc.pid, signal.SIGKILL)
			except OSError:
				pass

	def _cleanup(self, lab):
		if self.proc is not None and self.proc.poll() is None:
			self._kill_all(descendants(self.proc.pid))
			try:
				self.proc.wait(timeout=5)
			except subprocess.TimeoutExpired:
				pass
		if self.cgroot:
			remove_cgroup_tree(self.cgroot)
		if self.logger is not None:
			# cat ends once nothing holds the daemon's stderr; a
			# process that still does (a leak) must not keep it.
			try:
				self.logger.wait(timeout=1)
			except subprocess.TimeoutExpired:
				diag("%s: the daemon's stderr is still held open "
				    "by some process" % lab)
				self.logger.kill()
				self.logger.wait()

	def log_text(self):
		return read_file(self.logpath) if self.logpath else None

	def dump_log(self, lines=200):
		text = self.log_text()
		if text is None:
			return
		ls = text.splitlines()
		diag("--- daemon log (%s) %s, last %d of %d lines ---" % (
		    self.label, self.logpath, min(lines, len(ls)), len(ls)))
		for line in ls[-lines:]:
			diag("    " + line)


# ---------------------------------------------------------------------------
# Test harness

class TestTimeout(BaseException):
	pass


def test(budget=20, daemon=True):
	"""Decorator: budget in seconds; daemon=False for tests that need
	no running daemon."""
	def deco(f):
		f.budget = budget
		f.needs_daemon = daemon
		return f
	return deco


def _on_alarm(signum, frame):
	raise TestTimeout()


def _watchdog(deadline):
	while True:
		rem = deadline - now()
		if rem <= 0:
			break
		time.sleep(min(rem, 1.0))
	check(False, "test file finished within its time budget",
	    "watchdog fired; killing the daemon")
	for d in list(_daemons):
		try:
			d._kill_all(descendants(d.pid) if d.pid else ())
			if d.cgroot:
				remove_cgroup_tree(d.cgroot)
			if d.logger is not None:
				d.logger.kill()
			d.dump_log()
		except Exception:
			pass
	sys.stdout.flush()
	os._exit(1)


def main(tests, make_daemon, budget=None):
	"""Run each test function in order, with a daemon (restarted if it
	died), a per-test time limit and a whole-file budget.  Exits 1 when
	a check failed."""
	if budget is None:
		budget = BUDGET
	start = now()
	threading.Thread(target=_watchdog, args=(start + budget + TEARDOWN,),
	    daemon=True).start()
	signal.signal(signal.SIGALRM, _on_alarm)
	d = None
	start_failures = 0
	try:
		for fn in tests:
			name = fn.__name__
			left = start + budget - now()
			if left < 3:
				check(False, "%s" % name, "not run: the file's "
				    "%.0fs budget is spent" % budget)
				continue
			if fn.needs_daemon:
				if d is not None and not d.alive():
					check(False, "daemon alive before %s" %
					    name, "it died or stopped answering "
					    "ping; restarting it")
					d.close()
					d = None
				if d is None:
					if start_failures >= 2:
						check(False, name, "not run: the "
						    "daemon does not start")
						continue
					d = make_daemon()
					try:
						d.start()
					except DaemonError as e:
						start_failures += 1
						check(False, "%s: daemon starts" %
						    name, str(e))
						d.close()
						d = None
						continue
			limit = max(1.0, min(fn.budget, left - 1))
			signal.setitimer(signal.ITIMER_REAL, limit)
			try:
				if fn.needs_daemon:
					fn(d)
				else:
					fn()
			except TestTimeout:
				check(False, name, "timed out after %.0fs" %
				    limit)
			except Exception as e:
				tb = traceback.format_exc().strip().splitlines()
				check(False, name, "exception %s: %s" % (
				    type(e).__name__, e))
				for line in tb[-8:]:
					diag("    " + line)
			finally:
				signal.setitimer(signal.ITIMER_REAL, 0)
	finally:
		signal.setitimer(signal.ITIMER_REAL, 0)
		if d is not None:
			d.close()
	diag("%d checks, %d failed, %.1fs" % (NCHECKS, NFAILED,
	    now() - start))
	sys.exit(1 if NFAILED else 0)


# ---------------------------------------------------------------------------
# Domain and process helpers

def dom_status(c, domain):
	"""The status entry of one domain, or None."""
	r = c.call("status", {"domain": domain})
	if not r.ok() or not isinstance(r.result, dict):
		return None
	for dom in r.result.get("domains") or []:
		if isinstance(dom, dict) and dom.get("name") == domain:
			return dom
	return None


def proc_entry(c, domain, name):
	"""The status entry of one named process, or None."""
	dom = dom_status(c, domain)
	for p in (dom or {}).get("processes") or []:
		if isinstance(p, dict) and p.get("name") == name:
			return p
	return None


def ensure_running(c, domain="runtime"):
	"""Start domain unless it runs; reports only a failure."""
	dom = dom_status(c, domain)
	if dom is not None and dom.get("state") == "running":
		return True
	r = c.call("start", {"domain": domain}, timeout=20)
	return r.ok() or check(False, "start %s (set-up)" % domain, repr(r))


def ensure_stopped(c, domain="runtime"):
	dom = dom_status(c, domain)
	if dom is None or dom.get("state") == "stopped":
		return True
	r = c.call("stop", {"domain": domain, "timeout": 1000}, timeout=20)
	return r.ok() or check(False, "stop %s (set-up)" % domain, repr(r))


def exec_params(domain, name, path, args=None, env=None, cwd=None, **kw):
	p = {"domain": domain, "name": name, "path": path}
	if args is not None:
		p["args"] = list(args)
	if env is not None:
		p["env"] = dict(env)
	if cwd is not None:
		p["cwd"] = cwd
	p.update(kw)
	return p


def exec_capture(c, domain, name, path, args=None, env=None, cwd=None,
    extra=0, timeout=10.0):
	"""Exec with a pipe as stdout (and `extra` more pipes as extra_files,
	fds 3..).  Returns (response, stdout bytes, stdout reached EOF,
	[(extra bytes, eof)])."""
	out_r, out_w = os.pipe()
	extras = [os.pipe() for _ in range(extra)]
	fds = [out_w] + [w for _, w in extras]
	kw = {"fds": len(fds), "stdout": 0}
	if extras:
		kw["extra_files"] = list(range(1, len(fds)))
	try:
		r = c.call("exec", exec_params(domain, name, path, args, env,
		    cwd, **kw), fds=fds)
	finally:
		close_fds(fds)
	hp = r.result.get("host_pid") if r.ok() and \
	    isinstance(r.result, dict) else None
	try:
		out, eof = _read_while_alive(out_r, hp, timeout)
		xs = [_read_while_alive(xr, hp, timeout) for xr, _ in extras]
	finally:
		close_fds([out_r] + [xr for xr, _ in extras])
	return r, out, eof, xs


def _read_while_alive(fd, host_pid, timeout, grace=1.0):
	"""Read fd until EOF, at most timeout seconds, and at most grace
	seconds after host_pid is gone (or at once when there is none), so
	that a leaked write end costs a second, not the whole timeout."""
	data = b""
	deadline = now() + timeout
	gone = None
	while True:
		if gone is None and not (is_int(host_pid) and
		    pid_alive(host_pid)):
			gone = now()
		end = deadline if gone is None else min(deadline, gone + grace)
		chunk, eof = read_fd(fd, max(0.0, min(0.2, end - now())))
		data += chunk
		if eof:
			return data, True
		if now() >= end:
			return data, False
