package dev.berth.contracts.exec;

import java.util.List;
import java.util.Map;

/**
 * The gateway asks a node's executor to run a command in a container, under the LXD operation {@code operationId}
 * whose outcome (with {@code return}) the executor publishes. With {@code websockets} the command starts once the
 * gateway has attached the fds it needs ({@code 0}, {@code 1} and {@code 2}, or {@code 0} alone when
 * {@code interactive}); {@code control} is optional. Without, it runs at once with no stdin, its output recorded when
 * {@code recordOutput} and dropped otherwise. {@code trace} holds the gateway's hops (epoch microseconds), which end
 * up in the operation's {@code berth_trace}.
 */
public record ExecStart(String operationId, String project, String containerId, List<String> command,
        Map<String, String> environment, String cwd, int uid, int gid, boolean interactive, int width, int height,
        boolean websockets, boolean recordOutput, Map<String, Long> trace) {

    public static final String CONTROL = "control";

    /** The fds that must be attached before the command starts. */
    public List<String> requiredFds() {
        if (!websockets) {
            return List.of();
        }
        return interactive ? List.of("0") : List.of("0", "1", "2");
    }

    /** Every fd a client may attach. */
    public List<String> fds() {
        return fds(websockets, interactive);
    }

    public static List<String> fds(boolean websockets, boolean interactive) {
        if (!websockets) {
            return List.of();
        }
        return interactive ? List.of("0", CONTROL) : List.of("0", "1", "2", CONTROL);
    }

    /** LXD's defaults ({@code HOME}, {@code LANG}, {@code USER} for root) under the request's own variables. */
    public static Map<String, String> environment(Map<String, String> requested, int uid) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("HOME", uid == 0 ? "/root" : "/");
        env.put("LANG", "C.UTF-8");
        if (uid == 0) {
            env.put("USER", "root");
        }
        if (requested != null) {
            env.putAll(requested);
        }
        return env;
    }

    /** Where record-output mode keeps a stream, relative to the container's {@code exec-output} directory. */
    public static String outputFile(String operationId, int fd) {
        return "exec_" + operationId + (fd == 1 ? ".stdout" : ".stderr");
    }
}
