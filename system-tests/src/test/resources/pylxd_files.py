"""pylxd 2.2.10 (Debian's python3-pylxd) moves files in and out of a running container over the Unix socket or HTTPS (pylxd_connect.py).

Usage: python3 pylxd_files.py SOCKET CONTAINER; prints one line per step and exits non-zero at the first that fails.
"""
import os
import sys


from pylxd_connect import connect

sock, name = sys.argv[1], sys.argv[2]


def step(what, ok):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        sys.exit(1)


client = connect(sock)
container = client.containers.get(name)

data = os.urandom(1024 * 1024) + b"\x00end\n"
container.files.put("/root/blob.bin", data, mode=0o640, uid=1000, gid=1001)
step("files.put writes a file", True)

back = container.files.get("/root/blob.bin")
step("files.get reads the same %d bytes back" % len(back), back == data)

container.files.put("/root/note.txt", "text from pylxd\n")
step("files.put of a str, read back", container.files.get("/root/note.txt") == b"text from pylxd\n")
print("done", flush=True)
