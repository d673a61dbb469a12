package dev.berth.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.berth.cli.http.LxdClient;
import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.InstancesPost;
import dev.berth.contracts.lxd.Operation;

/** Short-hands for the requests the system tests make over the Unix socket. */
final class Instances {
    private Instances() {
    }

    static InstancesPost busybox(String name, Map<String, String> config, boolean start) {
        return new InstancesPost(name, "container", start, config, Map.of(), null, false, "", "", "",
                new InstancesPost.InstanceSource("image", "busybox", null, null, null, null));
    }

    static Operation launch(LxdClient api, String name, Map<String, String> config) {
        return api.waitSuccess(api.createInstance(busybox(name, config, true)), 120);
    }

    static Operation stop(LxdClient api, String name, boolean force) {
        return api.waitSuccess(api.changeState(name, "stop", force, 10), 120);
    }

    /** Deletes whatever is left of an instance, running or not; ignores a missing one. */
    static void forceDelete(LxdClient api, String name) {
        try {
            if (!"Stopped".equals(api.getInstance(name).status())) {
                stop(api, name, true);
            }
            api.waitSuccess(api.deleteInstance(name), 120);
        } catch (RuntimeException e) {
            // already gone
        }
    }

    /** Runs {@code argv} in the instance with {@code runc exec}; its exit code is not checked. */
    static Host.Result execAny(String name, String... argv) {
        List<String> command = new ArrayList<>(List.of("runc", "--root", Stack.RUNC_ROOT, "exec", "default_" + name));
        command.addAll(List.of(argv));
        return Host.runAny(command.toArray(String[]::new));
    }

    /** The LXD {@code error_code} the API answers a raw request with (0 when it succeeds). */
    static int errorCode(String method, String path, String body) {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "--unix-socket", Stack.SOCKET.toString(), "-X",
                method));
        if (body != null) {
            command.addAll(List.of("-d", body));
        }
        command.add("http://berth" + path);
        String reply = Host.runAny(command.toArray(String[]::new)).output();
        try {
            return Json.MAPPER.readTree(reply).path("error_code").asInt();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("not JSON: " + reply, e);
        }
    }
}
