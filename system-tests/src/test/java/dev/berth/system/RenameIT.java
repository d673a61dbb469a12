package dev.berth.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
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

/**
 * Renaming an instance ({@code POST /1.0/instances/{name}}, what {@code lxc move} sends): everything follows the new
 * name (record, snapshots, runc id, directories, storage volume, addresses, DNS name), and the old name is free.
 */
@ExtendWith(Stack.class)
class RenameIT {
    private static final Path CONTAINERS = Stack.STATE.resolve("executor/containers");
    private final LxdClient api = Stack.client();

    @AfterEach
    void cleanUp() {
        for (String name : List.of("it-ren-a", "it-ren-b", "it-ren-other", "it-ren-lxc1", "it-ren-lxc2",
                "it-ren-lxc3", "it-ren-dir1", "it-ren-dir2")) {
            Instances.forceDelete(api, name);
        }
        try {
            api.sync("DELETE", "/1.0/storage-pools/it-ren-pool", null);
        } catch (RuntimeException e) {
            // not made
        }
        api.close();
    }

    @Test
    void shouldMoveEverythingToTheNewNameWhenAStoppedInstanceIsRenamed() throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:19092");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-rename-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> auditor = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            auditor.subscribe(List.of(Topics.LIFECYCLE));

            // Given a running instance with a NIC on the default network, a file, and a snapshot of it
            Instances.launch(api, "it-ren-a", Map.of());
            String address = address("it-ren-a");
            assertThat(address).isNotEmpty();
            Instances.execAny("it-ren-a", "sh", "-c", "echo one > /root/state");
            api.waitSuccess(api.async("POST", "/1.0/instances/it-ren-a/snapshots", Map.of("name", "before")), 60);
            api.waitSuccess(api.createInstance(Instances.busybox("it-ren-other", Map.of(), false)), 120);

            // When it is renamed while it runs, Then LXD's refusal comes back and nothing changes
            JsonNode running = raw("POST", "/1.0/instances/it-ren-a", "{\"name\":\"it-ren-b\"}");
            assertThat(running.path("error_code").asInt()).isEqualTo(400);
            assertThat(running.path("error").asText()).isEqualTo("Renaming of running instance not allowed");
            assertThat(api.getInstance("it-ren-a").status()).isEqualTo("Running");

            // And bad requests are refused naming what is wrong
            Instances.stop(api, "it-ren-a", true);
            JsonNode invalid = raw("POST", "/1.0/instances/it-ren-a", "{\"name\":\"-bad_name\"}");
            assertThat(invalid.path("error_code").asInt()).isEqualTo(400);
            assertThat(invalid.path("error").asText()).contains("-bad_name");
            JsonNode taken = raw("POST", "/1.0/instances/it-ren-a", "{\"name\":\"it-ren-other\"}");
            assertThat(taken.path("error_code").asInt()).isEqualTo(409);
            assertThat(taken.path("error").asText()).contains("it-ren-other");
            assertThat(raw("POST", "/1.0/instances/it-ren-nope", "{\"name\":\"it-ren-x\"}").path("error_code")
                    .asInt()).isEqualTo(404);
            JsonNode migration = raw("POST", "/1.0/instances/it-ren-a", "{\"name\":\"it-ren-b\",\"migration\":true}");
            assertThat(migration.path("error_code").asInt()).isEqualTo(400);
            assertThat(migration.path("error").asText()).contains("migration");
            assertThat(raw("POST", "/1.0/instances/it-ren-a", "{}").path("error").asText()).contains("name");
            assertThat(api.getInstance("it-ren-a").status()).isEqualTo("Stopped");

            // When the stopped instance is renamed
            String renaming = api.waitSuccess(api.async("POST", "/1.0/instances/it-ren-a", Map.of("name",
                    "it-ren-b")), 60).id();

            // Then only the new name exists: record, snapshots, directory
            assertThat(raw("GET", "/1.0/instances/it-ren-a", null).path("error_code").asInt()).isEqualTo(404);
            assertThat(api.getInstance("it-ren-b").status()).isEqualTo("Stopped");
            assertThat(api.sync("GET", "/1.0/instances/it-ren-b/snapshots", null).toString())
                    .contains("/1.0/instances/it-ren-b/snapshots/before");
            assertThat(CONTAINERS.resolve("default_it-ren-b")).isDirectory();
            assertThat(CONTAINERS.resolve("default_it-ren-a")).doesNotExist();
            assertThat(api.sync("GET", "/1.0/profiles/default", null).path("used_by").toString())
                    .contains("/1.0/instances/it-ren-b").doesNotContain("/1.0/instances/it-ren-a\"");

            // And the lifecycle topic says so, with the old name
            List<JsonNode> events = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (var r : auditor.poll(Duration.ofMillis(200))) {
                    JsonNode event = Json.MAPPER.readTree(r.value());
                    if (renaming.equals(event.path("berthoperation").asText())) {
                        events.add(event.path("data"));
                    }
                }
                assertThat(events).anySatisfy(e -> {
                    assertThat(e.path("action").asText()).isEqualTo("instance-renamed");
                    assertThat(e.path("source").asText()).isEqualTo("/1.0/instances/it-ren-b");
                    assertThat(e.path("context").path("old_name").asText()).isEqualTo("it-ren-a");
                });
            });

            // When it starts under the new name
            api.waitSuccess(api.changeState("it-ren-b", "start", false, 30), 60);

            // Then it keeps its address, is called it-ren-b, and the network's DNS knows it by the new name only
            assertThat(address("it-ren-b")).isEqualTo(address);
            assertThat(Instances.execAny("it-ren-b", "hostname").output().strip()).isEqualTo("it-ren-b");
            assertThat(Instances.execAny("it-ren-b", "nslookup", "it-ren-b.berth").output()).contains(address);
            List<String> hostnames = api.sync("GET", "/1.0/networks/berthbr0/leases", null)
                    .findValuesAsText("hostname");
            assertThat(hostnames).contains("it-ren-b").doesNotContain("it-ren-a");

            // And the snapshot taken before the rename still restores
            Instances.execAny("it-ren-b", "sh", "-c", "echo two > /root/state");
            api.waitSuccess(api.async("PUT", "/1.0/instances/it-ren-b", Map.of("restore", "before")), 120);
            assertThat(Instances.execAny("it-ren-b", "cat", "/root/state").output().strip()).isEqualTo("one");

            // And on this (overlay) pool a snapshot renames too, and restores under its new name
            api.waitSuccess(api.async("POST", "/1.0/instances/it-ren-b/snapshots/before", Map.of("name", "first")),
                    60);
            assertThat(api.sync("GET", "/1.0/instances/it-ren-b/snapshots", null).toString())
                    .contains("/snapshots/first").doesNotContain("/snapshots/before");
            Instances.execAny("it-ren-b", "sh", "-c", "echo three > /root/state");
            api.waitSuccess(api.async("PUT", "/1.0/instances/it-ren-b", Map.of("restore", "first")), 120);
            assertThat(Instances.execAny("it-ren-b", "cat", "/root/state").output().strip()).isEqualTo("one");

            // And the old name is free for a new instance, with an address of its own
            Instances.launch(api, "it-ren-a", Map.of());
            assertThat(address("it-ren-a")).isNotEmpty().isNotEqualTo(address);

            // And deleting the renamed instance leaves nothing of it behind
            Instances.stop(api, "it-ren-b", true);
            api.waitSuccess(api.deleteInstance("it-ren-b"), 60);
            assertThat(CONTAINERS.resolve("default_it-ren-b")).doesNotExist();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                    api.sync("GET", "/1.0/networks/berthbr0/leases", null).findValuesAsText("address"))
                    .doesNotContain(address));
        }
    }

    @Test
    void shouldRenameAVolumeAndItsSnapshotsInADirPool() throws Exception {
        // Given a stopped instance on a dir pool, with a snapshot
        api.sync("POST", "/1.0/storage-pools", Map.of("name", "it-ren-pool", "driver", "dir"));
        api.waitSuccess(api.createInstance(new dev.berth.contracts.lxd.InstancesPost("it-ren-dir1", "container",
                false, Map.of(), Map.of("root", Map.of("type", "disk", "path", "/", "pool", "it-ren-pool")), null,
                false, "", "", "", new dev.berth.contracts.lxd.InstancesPost.InstanceSource("image", "busybox", null,
                        null, null, null))),
                120);
        api.waitSuccess(api.async("POST", "/1.0/instances/it-ren-dir1/snapshots", Map.of("name", "s1")), 60);

        // When it is renamed, and its snapshot too
        api.waitSuccess(api.async("POST", "/1.0/instances/it-ren-dir1", Map.of("name", "it-ren-dir2")), 60);
        api.waitSuccess(api.async("POST", "/1.0/instances/it-ren-dir2/snapshots/s1", Map.of("name", "s2")), 60);

        // Then the volume and its snapshots carry the new names
        Path pool = Stack.STATE.resolve("executor/storage-pools/it-ren-pool");
        assertThat(pool.resolve("containers/default_it-ren-dir2")).isDirectory();
        assertThat(pool.resolve("snapshots/default_it-ren-dir2/s2")).isDirectory();
        assertThat(pool.resolve("containers/default_it-ren-dir1")).doesNotExist();
        assertThat(pool.resolve("snapshots/default_it-ren-dir1")).doesNotExist();
        assertThat(api.sync("GET", "/1.0/instances/it-ren-dir2/snapshots", null).toString())
                .contains("/1.0/instances/it-ren-dir2/snapshots/s2").doesNotContain("s1");

        // And it starts from the renamed volume, and the renamed snapshot restores
        api.waitSuccess(api.changeState("it-ren-dir2", "start", false, 30), 60);
        Instances.execAny("it-ren-dir2", "touch", "/root/later");
        api.waitSuccess(api.async("PUT", "/1.0/instances/it-ren-dir2", Map.of("restore", "s2")), 120);
        assertThat(Instances.execAny("it-ren-dir2", "ls", "/root").output()).doesNotContain("later");
    }

    /** The stock LXD 5.0 client waits on operations through {@code /1.0/events}: this runs once that is served. */
    @Test
    void shouldRenameWithTheStockLxdClient() throws Exception {
        String events = Host.runAny("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "3",
                "--unix-socket", Stack.SOCKET.toString(), "-H", "Connection: Upgrade", "-H", "Upgrade: websocket",
                "-H", "Sec-WebSocket-Version: 13", "-H", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                "http://berth/1.0/events").output().strip();
        org.junit.jupiter.api.Assumptions.assumeTrue(events.equals("101"),
                "GET /1.0/events is not a websocket yet (HTTP " + events + "); lxc cannot wait on operations");

        // Given a stopped instance
        api.waitSuccess(api.createInstance(Instances.busybox("it-ren-lxc1", Map.of(), false)), 120);

        // When lxc moves it to a new local name, and renames it again
        StockClient.lxcOk("move", "it-ren-lxc1", "it-ren-lxc2");
        assertThat(api.getInstance("it-ren-lxc2").status()).isEqualTo("Stopped");
        StockClient.lxcOk("rename", "it-ren-lxc2", "it-ren-lxc3");

        // Then the instance has the last name, and starts under it
        List<String> names = api.listInstanceNames();
        assertThat(names).contains("it-ren-lxc3").doesNotContain("it-ren-lxc1", "it-ren-lxc2");
        api.waitSuccess(api.changeState("it-ren-lxc3", "start", false, 30), 60);
        assertThat(Instances.execAny("it-ren-lxc3", "hostname").output().strip()).isEqualTo("it-ren-lxc3");
    }

    private String address(String name) {
        return api.sync("GET", "/1.0/instances/" + name + "/state", null).path("network").path("eth0")
                .path("addresses").path(0).path("address").asText();
    }

    /** The raw LXD envelope of a request (errors included). */
    private static JsonNode raw(String method, String path, String body) throws IOException {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "--unix-socket", Stack.SOCKET.toString(), "-X",
                method));
        if (body != null) {
            command.addAll(List.of("-d", body));
        }
        command.add("http://berth" + path);
        return Json.MAPPER.readTree(Host.runAny(command.toArray(String[]::new)).output());
    }

}
