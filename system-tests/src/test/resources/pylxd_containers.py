"""pylxd 2.2.10 (Debian's python3-pylxd, what nova-lxd uses) against Berth over the Unix socket or HTTPS (pylxd_connect.py).

It speaks only /1.0/containers; execute() attaches fds 0/1/2 but never the control socket. Usage: python3 pylxd_containers.py SOCKET PREFIX; prints one line per step and
exits non-zero (with a traceback) at the first step that fails.
"""
import sys


from pylxd_connect import connect
from pylxd import exceptions

sock, prefix = sys.argv[1], sys.argv[2]
first, second = prefix + "-a", prefix + "-b"


def step(what, ok):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        sys.exit(1)


client = connect(sock)
step("client connects and is trusted", client.trusted)

created = client.containers.create(
    {"name": first, "source": {"type": "image", "alias": "busybox"}, "profiles": ["default"]}, wait=True)
step("containers.create(wait=True) gives the container", created.name == first)

urls = client.api.containers.get().json()["metadata"]
step("GET /1.0/containers lists /1.0/containers/NAME URLs, as LXD does: %s" % urls, "/1.0/containers/" + first in urls)

names = [c.name for c in client.containers.all()]
step("containers.all() lists it by name: %s" % names, first in names)

container = client.containers.get(first)
step("containers.get() reads it: %s" % container.status, container.status == "Stopped")
step("state() of a stopped container", container.state().status_code == 102)

container.start(wait=True)
state = container.state()
step("start(wait=True) runs it: %s" % state.status, state.status_code == 103 and container.status == "Running")
step("state() has its eth0 address", any(a["family"] == "inet" for a in state.network["eth0"]["addresses"]))

container.stop(wait=True)
step("stop(wait=True) stops it: %s" % container.status, container.state().status_code == 102)

container.rename(second, wait=True)
step("rename(wait=True) renames it",
     client.containers.exists(second) and not client.containers.exists(first) and container.name == second)

renamed = client.containers.get(second)
renamed.start(wait=True)
step("the renamed container starts", renamed.state().status_code == 103)
result = renamed.execute(["sh", "-c", "echo out; echo err >&2; exit 3"], environment={"WHO": "pylxd"})
step("execute() gives exit code, stdout and stderr: %r" % (result,),
     result.exit_code == 3 and result.stdout == "out\n" and result.stderr == "err\n")
result = renamed.execute(["sh", "-c", "echo $WHO; cat"], environment={"WHO": "pylxd"}, stdin_payload="piped\n")
step("execute() passes environment and stdin: %r" % (result,),
     result.exit_code == 0 and result.stdout == "pylxd\npiped\n")
renamed.stop(wait=True)

renamed.delete(wait=True)
step("delete(wait=True) removes it", not client.containers.exists(second))

try:
    client.containers.get(first)
    step("a missing container is NotFound", False)
except exceptions.NotFound:
    step("a missing container is NotFound", True)
print("done", flush=True)
