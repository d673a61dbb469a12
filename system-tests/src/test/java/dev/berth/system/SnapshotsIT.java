package dev.berth.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.cli.http.LxdClient;

/** Stateless snapshots, restore and copy on the default (overlay) pool, as an LXD user drives them. */
@ExtendWith(Stack.class)
class SnapshotsIT {
    private final LxdClient api = Stack.client();

    @AfterEach
    void cleanUp() {
        for (String name : List.of("it-snap", "it-snap-copy", "it-snap-pub", "it-snap-only")) {
            Instances.forceDelete(api, name);
        }
        try {
            String target = api.sync("GET", "/1.0/images/aliases/it-snap-img", null).path("target").asText();
            api.sync("DELETE", "/1.0/images/aliases/it-snap-img", null);
            api.waitSuccess(api.async("DELETE", "/1.0/images/" + target, null), 60);
        } catch (RuntimeException e) {
            // nothing was published
        }
        api.close();
    }

    @Test
    void shouldBringAFileBackWhenRestoredAndCarryItIntoACopyOfTheSnapshot() throws Exception {
        // Given a running instance with a file, and a snapshot taken while it runs
        Instances.launch(api, "it-snap", Map.of("limits.processes", "40"));
        exec("it-snap", "sh", "-c", "echo one > /root/state");
        api.waitSuccess(api.async("POST", "/1.0/instances/it-snap/snapshots", Map.of("name", "before")), 60);

        // When the file changes, a key changes, and the snapshot is restored
        exec("it-snap", "sh", "-c", "echo two > /root/state; echo extra > /root/added");
        api.waitSuccess(api.async("PATCH", "/1.0/instances/it-snap", Map.of("config",
                Map.of("limits.processes", "80"))), 60);
        long pidBefore = api.getState("it-snap").pid();
        api.waitSuccess(api.async("PUT", "/1.0/instances/it-snap", Map.of("restore", "before")), 120);

        // Then the file is back, the later file is gone, the settings are the snapshot's, and it runs again
        assertThat(exec("it-snap", "cat", "/root/state").output().strip()).isEqualTo("one");
        assertThat(exec("it-snap", "ls", "/root").output()).doesNotContain("added");
        assertThat(api.getInstance("it-snap").config()).containsEntry("limits.processes", "40");
        assertThat(api.getInstance("it-snap").status()).isEqualTo("Running");
        assertThat(api.getState("it-snap").pid()).isNotEqualTo(pidBefore);

        // And the snapshot is listed; an unnamed one is snap0
        api.waitSuccess(api.async("POST", "/1.0/instances/it-snap/snapshots", Map.of()), 60);
        JsonNode listed = api.sync("GET", "/1.0/instances/it-snap/snapshots", null);
        assertThat(listed.toString()).contains("/1.0/instances/it-snap/snapshots/before",
                "/1.0/instances/it-snap/snapshots/snap0");

        // When a new instance is copied from the snapshot and started
        api.waitSuccess(api.async("POST", "/1.0/instances", Map.of("name", "it-snap-copy", "source",
                Map.of("type", "copy", "source", "it-snap/before"))), 120);
        assertThat(api.getInstance("it-snap-copy").status()).isEqualTo("Stopped");
        api.waitSuccess(api.changeState("it-snap-copy", "start", false, 30), 60);

        // Then it has the snapshot's file and settings
        assertThat(exec("it-snap-copy", "cat", "/root/state").output().strip()).isEqualTo("one");
        assertThat(api.getInstance("it-snap-copy").config()).containsEntry("limits.processes", "40");

        // When the snapshot of the running instance is published as an image, and an instance launched from it
        api.waitSuccess(api.async("POST", "/1.0/images", Map.of("source", Map.of("type", "snapshot", "name",
                "it-snap/before"), "aliases", List.of(Map.of("name", "it-snap-img")))), 120);
        api.waitSuccess(api.createInstance(new dev.berth.contracts.lxd.InstancesPost("it-snap-pub", "container",
                true, Map.of(), null, null, false, "", "", "", new dev.berth.contracts.lxd.InstancesPost.InstanceSource(
                        "image", "it-snap-img", null, null, null, null))),
                120);

        // Then it has the snapshot's file, owned by root as the container saw it (the ids were shifted back)
        assertThat(exec("it-snap-pub", "cat", "/root/state").output().strip()).isEqualTo("one");
        assertThat(exec("it-snap-pub", "stat", "-c", "%u", "/root/state").output().strip()).isEqualTo("0");
        assertThat(api.getInstance("it-snap").status()).isEqualTo("Running");

        // And a snapshot can be deleted; an unknown one is a 404, a duplicate a 409
        api.waitSuccess(api.async("DELETE", "/1.0/instances/it-snap/snapshots/snap0", null), 60);
        assertThat(api.sync("GET", "/1.0/instances/it-snap/snapshots", null).toString()).doesNotContain("snap0");
        assertThat(errorCode("DELETE", "/1.0/instances/it-snap/snapshots/nope", null)).isEqualTo(404);
        assertThat(errorCode("POST", "/1.0/instances/it-snap/snapshots", "{\"name\":\"before\"}")).isEqualTo(409);
        assertThat(errorCode("PUT", "/1.0/instances/it-snap", "{\"restore\":\"nope\"}")).isEqualTo(404);
    }

    @Test
    void shouldCarryBothSnapshotsIntoACopyUnlessInstanceOnlyWithTheStockLxc() throws Exception {
        // Given a running instance with two snapshots, each holding a different file content, and a third content now
        Instances.launch(api, "it-snap", Map.of());
        for (String content : List.of("one", "two")) {
            exec("it-snap", "sh", "-c", "echo " + content + " > /root/state");
            api.waitSuccess(api.async("POST", "/1.0/instances/it-snap/snapshots", Map.of("name", "s-" + content)), 60);
        }
        exec("it-snap", "sh", "-c", "echo three > /root/state");

        // When the stock lxc copies it, once whole and once with --instance-only
        StockClient.lxcOk("copy", "it-snap", "it-snap-copy");
        StockClient.lxcOk("copy", "it-snap", "it-snap-only", "--instance-only");

        // Then the copy lists both snapshots, and the instance-only copy none, through the API and in lxc's own
        // listing (lxc info and the S column of lxc list read them from the full instance)
        assertThat(snapshotNames("it-snap-copy")).containsExactly("s-one", "s-two");
        assertThat(snapshotNames("it-snap-only")).isEmpty();
        assertThat(StockClient.lxcOk("info", "it-snap-copy")).contains("Snapshots:").contains("s-one")
                .contains("s-two");
        assertThat(StockClient.lxcOk("list", "it-snap-", "--format", "csv", "-c", "nS")).contains("it-snap-copy,2")
                .contains("it-snap-only,0");

        // When the source is deleted, so nothing can be shared with it, and the copy is started
        Instances.forceDelete(api, "it-snap");
        api.waitSuccess(api.changeState("it-snap-copy", "start", false, 30), 60);

        // Then the copy holds the content of the moment it was copied, and each restored snapshot its own
        assertThat(exec("it-snap-copy", "cat", "/root/state").output().strip()).isEqualTo("three");
        for (String content : List.of("one", "two")) {
            api.waitSuccess(api.async("PUT", "/1.0/instances/it-snap-copy", Map.of("restore", "s-" + content)), 120);
            assertThat(exec("it-snap-copy", "cat", "/root/state").output().strip()).isEqualTo(content);
        }

        // And the instance-only copy starts with the content of the moment it was copied
        api.waitSuccess(api.changeState("it-snap-only", "start", false, 30), 60);
        assertThat(exec("it-snap-only", "cat", "/root/state").output().strip()).isEqualTo("three");
        assertThat(errorCode("PUT", "/1.0/instances/it-snap-only", "{\"restore\":\"s-one\"}")).isEqualTo(404);
    }

    private List<String> snapshotNames(String instance) {
        List<String> names = new java.util.ArrayList<>();
        api.sync("GET", "/1.0/instances/" + instance + "/snapshots", null)
                .forEach(url -> names.add(url.asText().substring(url.asText().lastIndexOf('/') + 1)));
        return names;
    }

    private static Host.Result exec(String name, String... argv) {
        Host.Result r = Instances.execAny(name, argv);
        assertThat(r.code()).as(r.output()).isZero();
        return r;
    }

    private static int errorCode(String method, String path, String body) {
        return Instances.errorCode(method, path, body);
    }
}
