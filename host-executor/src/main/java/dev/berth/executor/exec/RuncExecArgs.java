package dev.berth.executor.exec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.berth.contracts.exec.ExecStart;
import dev.berth.executor.runtime.RuncGlobal;

/**
 * {@code runc exec} for one LXD exec: the container's own environment (image, {@code environment.*}), then the
 * operation's (runc's init sets them in order, so the last one of a name wins).
 */
public final class RuncExecArgs {
    private RuncExecArgs() {
    }

    /** {@code log} receives runc's own errors as JSON lines, so they never mix with the command's stderr. */
    public static List<String> of(RuncGlobal runc, ExecStart start, Path log) {
        List<String> args = new ArrayList<>(runc.prefix());
        args.add("--log");
        args.add(log.toString());
        args.add("--log-format");
        args.add("json");
        args.add("exec");
        if (start.interactive()) {
            args.add("--tty");
        }
        args.add("--user");
        args.add(start.uid() + ":" + start.gid());
        if (start.cwd() != null && !start.cwd().isEmpty()) {
            args.add("--cwd");
            args.add(start.cwd());
        }
        if (start.environment() != null) {
            start.environment().forEach((k, v) -> {
                args.add("--env");
                args.add(k + "=" + v);
            });
        }
        args.add(start.containerId());
        args.addAll(start.command());
        return args;
    }
}
