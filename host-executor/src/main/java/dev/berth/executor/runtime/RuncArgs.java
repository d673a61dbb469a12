package dev.berth.executor.runtime;

import java.util.List;

/** Per-call runc options; each renders its own subcommand arguments. */
public sealed interface RuncArgs {

    List<String> render();

    record Start(String id) implements RuncArgs {
        public List<String> render() {
            return List.of("start", id);
        }
    }

    record State(String id) implements RuncArgs {
        public List<String> render() {
            return List.of("state", id);
        }
    }

    /**
     * @param signal a name runc knows ({@code KILL}, {@code SIGPWR}) or a number ({@code 37} for SIGRTMIN+3, whose
     *            name runc 1.1.5 rejects)
     */
    record Kill(String id, String signal) implements RuncArgs {
        public List<String> render() {
            return List.of("kill", id, signal);
        }
    }

    /** {@code runc update --resources FILE}: new cgroup limits for a running container. */
    record Update(String id, java.nio.file.Path resources) implements RuncArgs {
        public List<String> render() {
            return List.of("update", "--resources", resources.toString(), id);
        }
    }

    record Delete(String id, boolean force) implements RuncArgs {
        public List<String> render() {
            return force ? List.of("delete", "--force", id) : List.of("delete", id);
        }
    }
}
