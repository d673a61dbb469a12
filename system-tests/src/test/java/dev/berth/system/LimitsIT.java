package dev.berth.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.cli.http.LxdClient;
import dev.berth.contracts.Json;
import dev.berth.contracts.Topics;

/** Limits as a user changes them on a running instance, and as the kernel enforces them. */
@ExtendWith(Stack.class)
class LimitsIT {
    private final LxdClient api = Stack.client();

    @AfterEach
    void cleanUp() {
        for (String name : List.of("it-live", "it-forkbomb", "it-hog")) {
            Instances.forceDelete(api, name);
        }
        api.close();
    }

    @Test
    void shouldApplyLimitsToARunningInstanceWithoutRestartingItWhenPatchedOrPut() throws Exception {
        // Given a running instance with a memory limit
        Instances.launch(api, "it-live", Map.of("limits.memory", "64MiB"));
        long pid = api.getState("it-live").pid();

        // When its limits are patched
        api.waitSuccess(api.async("PATCH", "/1.0/instances/it-live", Map.of("config", Map.of("limits.memory",
                "128MiB", "limits.processes", "20", "limits.cpu.allowance", "25ms/100ms"))), 60);

        // Then the cgroup has them at once, the instance kept running in the same init, and its config says so
        assertThat(cgroup("memory", "it-live", "memory.limit_in_bytes")).isEqualTo(Long.toString(128L << 20));
        assertThat(cgroup("pids", "it-live", "pids.max")).isEqualTo("20");
        assertThat(cgroup("cpu", "it-live", "cpu.cfs_quota_us")).isEqualTo("25000");
        assertThat(api.getState("it-live").pid()).isEqualTo(pid);
        assertThat(api.getInstance("it-live").config()).containsEntry("limits.processes", "20")
                .containsEntry("limits.memory", "128MiB");

        // When a PUT carries a stale ETag
        Host.Result stale = curl("PUT", "/1.0/instances/it-live", "{\"config\":{}}", "If-Match: \"0000\"");

        // Then it is refused and nothing changes
        assertThat(Json.MAPPER.readTree(stale.output()).path("error_code").asInt()).isEqualTo(412);
        assertThat(cgroup("pids", "it-live", "pids.max")).isEqualTo("20");

        // When a PUT with the current ETag drops limits.processes and the CPU allowance
        String etag = etagOf("it-live");
        Host.Result put = curl("PUT", "/1.0/instances/it-live", "{\"config\":{\"limits.memory\":\"96MiB\"}}",
                "If-Match: " + etag);
        JsonNode accepted = Json.MAPPER.readTree(put.output());
        assertThat(accepted.path("type").asText()).as(put.output()).isEqualTo("async");
        api.waitSuccess(api.getOperation(accepted.path("metadata").path("id").asText()), 60);

        // Then those limits are lifted live, the image keys are kept, and the ETag moved on
        assertThat(cgroup("pids", "it-live", "pids.max")).isEqualTo("max");
        assertThat(cgroup("cpu", "it-live", "cpu.cfs_quota_us")).isEqualTo("-1");
        assertThat(cgroup("memory", "it-live", "memory.limit_in_bytes")).isEqualTo(Long.toString(96L << 20));
        assertThat(api.getInstance("it-live").config()).doesNotContainKey("limits.processes")
                .containsKey("volatile.base_image");
        assertThat(etagOf("it-live")).isNotEqualTo(etag);
        assertThat(api.getState("it-live").pid()).isEqualTo(pid);

        // And a bad value is a 400 naming the key, with nothing applied
        Host.Result bad = curl("PATCH", "/1.0/instances/it-live", "{\"config\":{\"limits.cpu.allowance\":\"lots\"}}");
        assertThat(Json.MAPPER.readTree(bad.output()).path("error_code").asInt()).isEqualTo(400);
        assertThat(bad.output()).contains("limits.cpu.allowance");
        assertThat(cgroup("memory", "it-live", "memory.limit_in_bytes")).isEqualTo(Long.toString(96L << 20));
    }

    @Test
    void shouldStopAForkBombWhenProcessesAreLimited() {
        // Given an instance limited to 20 processes
        Instances.launch(api, "it-forkbomb", Map.of("limits.processes", "20"));

        // When a shell in it tries to start 60 (in a subshell: busybox ash gives up on the first failed fork)
        Host.Result bomb = Host.runAny("runc", "--root", Stack.RUNC_ROOT, "exec", "default_it-forkbomb", "/bin/sh",
                "-c", "(for i in $(seq 1 60); do sleep 30 & done; wait) 2>&1; true");

        // Then the kernel refuses the forks past the limit
        assertThat(bomb.output()).contains("can't fork");
        assertThat(Long.parseLong(cgroup("pids", "it-forkbomb", "pids.current"))).isLessThanOrEqualTo(20);
        assertThat(cgroup("pids", "it-forkbomb", "pids.events")).doesNotContain("max 0");
    }

    @Test
    void shouldKillAMemoryHogAtTheLimitAndPublishAnOomEventWhenItOverruns() throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:19092");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-oom-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> auditor = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            auditor.subscribe(List.of(Topics.LIFECYCLE));
            // Given an instance with 32 MiB and no swap
            Instances.launch(api, "it-hog", Map.of("limits.memory", "32MiB", "limits.memory.swap", "false"));

            // When a process in it wants 64 MiB at once
            Host.Result hog = Host.runAny("runc", "--root", Stack.RUNC_ROOT, "exec", "default_it-hog", "/bin/sh",
                    "-c", "dd if=/dev/zero of=/dev/null bs=64M count=1");

            // Then the kernel kills it, the instance (its init) lives on, and an instance-oom event arrives
            assertThat(hog.code()).as(hog.output()).isEqualTo(137);
            // (conmon drops an "oom" marker in its working directory: the container's bundle, not ours)
            assertThat(Path.of("oom")).doesNotExist();
            assertThat(api.getInstance("it-hog").status()).isEqualTo("Running");
            List<String> actions = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                for (var r : auditor.poll(Duration.ofMillis(200))) {
                    if ("default/it-hog".equals(r.key())) {
                        actions.add(Json.MAPPER.readTree(r.value()).path("data").path("action").asText());
                    }
                }
                assertThat(actions).contains("instance-oom");
            });
        }
    }

    private static String cgroup(String controller, String name, String file) {
        try {
            return Files.readString(Path.of("/sys/fs/cgroup", controller, "berth", "default_" + name, file)).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Host.Result curl(String method, String path, String body, String... headers) {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "--unix-socket", Stack.SOCKET.toString(), "-X",
                method, "-H", "Content-Type: application/json", "-d", body));
        for (String header : headers) {
            command.addAll(List.of("-H", header));
        }
        command.add("http://berth" + path);
        return Host.runAny(command.toArray(String[]::new));
    }

    private static String etagOf(String name) {
        Host.Result head = Host.runAny("curl", "-s", "-D", "-", "-o", "/dev/null", "--unix-socket",
                Stack.SOCKET.toString(), "http://berth/1.0/instances/" + name);
        return head.output().lines().filter(l -> l.toLowerCase().startsWith("etag:"))
                .map(l -> l.substring(5).strip()).findFirst().orElseThrow(() -> new AssertionError(head.output()));
    }
}
