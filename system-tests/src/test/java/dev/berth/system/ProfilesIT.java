package dev.berth.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.cli.http.LxdClient;
import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Instance;
import dev.berth.contracts.lxd.InstancesPost;

/** Profiles and devices as LXD users rely on them: precedence, in-use protection, live changes, bind mounts. */
@ExtendWith(Stack.class)
class ProfilesIT {
    private final LxdClient api = Stack.client();

    @AfterEach
    void cleanUp() {
        for (String name : List.of("it-prof", "it-dev")) {
            Instances.forceDelete(api, name);
        }
        for (String profile : List.of("it-small", "it-big")) {
            Host.runAny("curl", "-s", "--unix-socket", Stack.SOCKET.toString(), "-X", "DELETE",
                    "http://berth/1.0/profiles/" + profile);
        }
        api.close();
    }

    @Test
    void shouldExpandProfilesInOrderThenLocalKeysAndFollowAProfileChangeLive() throws Exception {
        // Given two profiles that both set limits.memory
        api.sync("POST", "/1.0/profiles", Map.of("name", "it-small", "description", "small",
                "config", Map.of("limits.memory", "64MiB", "limits.processes", "50")));
        api.sync("POST", "/1.0/profiles", Map.of("name", "it-big", "config", Map.of("limits.memory", "96MiB")));

        // When an instance uses default, it-small, it-big and sets limits.processes itself
        api.waitSuccess(api.createInstance(new InstancesPost("it-prof", "container", true,
                Map.of("limits.processes", "30"), Map.of(), List.of("default", "it-small", "it-big"), false, "", "",
                "", new InstancesPost.InstanceSource("image", "busybox", null, null, null, null))), 120);

        // Then the last profile wins over the earlier one, the instance's own key over both, and the root disk
        // comes from the default profile
        Instance instance = api.getInstance("it-prof");
        assertThat(instance.profiles()).containsExactly("default", "it-small", "it-big");
        assertThat(instance.expandedConfig()).containsEntry("limits.memory", "96MiB")
                .containsEntry("limits.processes", "30");
        assertThat(instance.expandedDevices().get("root")).containsEntry("pool", "default");
        assertThat(cgroup("memory", "memory.limit_in_bytes")).isEqualTo(Long.toString(96L << 20));
        assertThat(cgroup("pids", "pids.max")).isEqualTo("30");
        JsonNode profile = api.sync("GET", "/1.0/profiles/it-big", null);
        assertThat(profile.path("used_by").toString()).contains("/1.0/instances/it-prof");

        // When the profile in force changes
        api.sync("PATCH", "/1.0/profiles/it-big", Map.of("config", Map.of("limits.memory", "128MiB")));

        // Then the running instance follows without a restart
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(cgroup("memory",
                "memory.limit_in_bytes")).isEqualTo(Long.toString(128L << 20)));

        // And a profile in use cannot be deleted, nor can the default profile
        JsonNode inUse = Json.MAPPER.readTree(delete("/1.0/profiles/it-small").output());
        assertThat(inUse.path("error_code").asInt()).isEqualTo(400);
        assertThat(inUse.path("error").asText()).contains("in use");
        assertThat(Json.MAPPER.readTree(delete("/1.0/profiles/default").output()).path("error_code").asInt())
                .isEqualTo(403);

        // And an unknown profile is a 400 at once, with nothing made
        Host.Result unknown = Host.runAny("curl", "-s", "--unix-socket", Stack.SOCKET.toString(), "-X", "POST",
                "-d", "{\"name\":\"it-noprof\",\"profiles\":[\"nope\"],\"source\":{\"type\":\"image\","
                        + "\"alias\":\"busybox\"}}",
                "http://berth/1.0/instances");
        assertThat(Json.MAPPER.readTree(unknown.output()).path("error").asText()).contains("nope");
        assertThat(api.listInstanceNames()).doesNotContain("it-noprof");
    }

    @Test
    void shouldBindAHostDirectoryReadOnlyAndAddADeviceNodeWhenDevicesAreGiven() throws Exception {
        // Given a host directory with a file
        Path data = Files.createDirectories(Stack.STATE.resolve("it-dev-data"));
        Files.writeString(data.resolve("hello.txt"), "from the host\n");

        // When an instance gets it read-only at /mnt/data, and /dev/zero again as /dev/berth-zero
        api.waitSuccess(api.createInstance(new InstancesPost("it-dev", "container", true, Map.of(),
                Map.of("data", Map.of("type", "disk", "source", data.toString(), "path", "/mnt/data", "readonly",
                        "true"), "zero",
                        Map.of("type", "unix-char", "source", "/dev/zero", "path",
                                "/dev/berth-zero")),
                null, false, "", "", "", new InstancesPost.InstanceSource("image", "busybox", null, null, null,
                        null))),
                120);

        // Then the file is readable, writing fails, and the device node reads zeros
        assertThat(exec("cat", "/mnt/data/hello.txt").output()).contains("from the host");
        Host.Result write = exec("sh", "-c", "echo x > /mnt/data/new");
        assertThat(write.code()).isNotZero();
        assertThat(write.output()).contains("Read-only");
        assertThat(exec("sh", "-c", "head -c 3 /dev/berth-zero | wc -c").output().strip()).isEqualTo("3");
        assertThat(exec("stat", "-c", "%t:%T", "/dev/berth-zero").output().strip()).isEqualTo("1:5");
        assertThat(data.resolve("new")).doesNotExist();
    }

    private static Host.Result exec(String... argv) {
        String[] command = new String[argv.length + 5];
        System.arraycopy(new String[]{"runc", "--root", Stack.RUNC_ROOT, "exec", "default_it-dev"}, 0, command, 0,
                5);
        System.arraycopy(argv, 0, command, 5, argv.length);
        return Host.runAny(command);
    }

    private static Host.Result delete(String path) {
        return Host.runAny("curl", "-s", "--unix-socket", Stack.SOCKET.toString(), "-X", "DELETE",
                "http://berth" + path);
    }

    private static String cgroup(String controller, String file) throws java.io.IOException {
        return Files.readString(Path.of("/sys/fs/cgroup", controller, "berth", "default_it-prof", file)).strip();
    }
}
