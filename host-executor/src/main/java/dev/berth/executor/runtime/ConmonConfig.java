package dev.berth.executor.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** conmon's binary and the shared directories every conmon writes to. */
public record ConmonConfig(Path binary, Path exitDir, Path socketDir, long logSizeMax) {
    /** conmon's own complaints (it has no log file of its own), kept in the bundle dir. */
    public static final String ERRORS = "conmon.err";

    /**
     * The argv that runs conmon with a sync pipe on fd 3, over which its monitor prints one line {@code {"data": pid}}
     * that the process relays to its stdout. ProcessBuilder cannot pass extra fds, and our stdout pipe must not be
     * that fd 3 itself: conmon's first process exits as soon as it has forked the monitor, and when a process exits
     * the JDK drains what its stdout pipe holds and closes our end. A monitor that wrote its line after that died of
     * SIGPIPE (a container left without conmon, or with a terminal no container at all; about once in 20 to 200
     * launches under load). So a shell gives conmon a pipe of its own on fd 3 and stays until the line has gone
     * through (or the pipe closed without one); fds 0 and 1 of conmon are /dev/null and stderr goes to
     * {@link #ERRORS} in the bundle, its working directory.
     */
    public List<String> argv(RuncGlobal runc, OciRuntime.CreateRequest req) {
        List<String> args = new ArrayList<>(List.of("/bin/sh", "-c",
                "exec 2>>" + ERRORS + " </dev/null; _OCI_SYNCPIPE=3 \"$@\" 3>&1 >/dev/null"
                        + " | { IFS= read -r line && printf '%s\\n' \"$line\"; }",
                "sh",
                binary.toString(),
                "--api-version", "1", "-c", req.id(), "-u", req.id(), "-n", req.id(),
                "-r", runc.binary().toString(), "-b", req.bundle().toString(),
                "-p", req.pidFile().toString(), "-P", req.conmonPidFile().toString(),
                "-l", "k8s-file:" + req.logFile(), "--log-size-max", Long.toString(logSizeMax),
                "--exit-dir", exitDir.toString(), "--socket-dir-path", socketDir.toString(),
                // A session keyring per container counts against the kernel's per-uid key quota (maxkeys 200),
                // which every unprivileged container's root (host uid 1000000) shares; the seccomp filter denies
                // keyctl anyway.
                "--no-new-keyring"));
        if (req.terminal()) {
            // stdin open across attaches: a client leaving must not hang up the console
            args.addAll(List.of("--terminal", "--stdin", "--leave-stdin-open"));
        }
        args.addAll(runc.asConmonRuntimeArgs());
        return args;
    }
}
