package dev.berth.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.cli.http.LxdClient;
import dev.berth.contracts.lxd.InstancesPost;

/** dir and btrfs storage pools through {@code /1.0/storage-pools}, with instances, snapshots and restores on them. */
@ExtendWith(Stack.class)
class StoragePoolsIT {
    private static final Path POOLS = Stack.STATE.resolve("executor").resolve("storage-pools");
    private final LxdClient api = Stack.client();

    @AfterEach
    void cleanUp() {
        for (String name : List.of("it-pool-dir", "it-pool-btrfs", "it-pool-copy", "it-pool-dir-copy",
                "it-pool-btrfs-copy", "it-pool-dir-only", "it-pool-btrfs-only")) {
            Instances.forceDelete(api, name);
        }
        for (String pool : List.of("it-dir", "it-btrfs")) {
            Instances.errorCode("DELETE", "/1.0/storage-pools/" + pool, null);
        }
        api.close();
    }

    @Test
    void shouldKeepInstancesOnDirAndBtrfsPoolsAndRestoreTheirSnapshots() throws Exception {
        // Given a dir pool and a 1 GiB btrfs pool
        api.sync("POST", "/1.0/storage-pools", Map.of("name", "it-dir", "driver", "dir"));
        api.sync("POST", "/1.0/storage-pools", Map.of("name", "it-btrfs", "driver", "btrfs", "description",
                "loop file", "config", Map.of("size", "1GiB")));
        JsonNode btrfs = api.sync("GET", "/1.0/storage-pools/it-btrfs", null);
        assertThat(btrfs.path("driver").asText()).isEqualTo("btrfs");
        assertThat(btrfs.path("status").asText()).isEqualTo("Created");
        assertThat(btrfs.path("config").path("size").asText()).isEqualTo("1GiB");
        assertThat(api.sync("GET", "/1.0/storage-pools", null).toString()).contains("/1.0/storage-pools/default",
                "/1.0/storage-pools/it-dir", "/1.0/storage-pools/it-btrfs");

        // When an instance is launched on each (the btrfs root disk limited to 64 MiB)
        launch("it-pool-dir", Map.of("type", "disk", "path", "/", "pool", "it-dir"));
        launch("it-pool-btrfs", Map.of("type", "disk", "path", "/", "pool", "it-btrfs", "size", "64MiB"));

        // Then each runs unprivileged, and what its root writes is stored in the pool as uid 0
        for (String name : List.of("it-pool-dir", "it-pool-btrfs")) {
            assertThat(api.getInstance(name).status()).isEqualTo("Running");
            exec(name, "sh", "-c", "echo one > /root/state");
            assertThat(exec(name, "cat", "/proc/self/uid_map").output()).containsPattern("0\\s+1000000\\s");
        }
        Path dirFile = POOLS.resolve("it-dir/containers/default_it-pool-dir/rootfs/root/state");
        Path btrfsFile = POOLS.resolve("it-btrfs/mnt/containers/default_it-pool-btrfs/rootfs/root/state");
        assertThat(Files.readString(dirFile).strip()).isEqualTo("one");
        assertThat(Files.getAttribute(dirFile, "unix:uid")).isEqualTo(0);
        assertThat(Files.getAttribute(btrfsFile, "unix:uid")).isEqualTo(0);
        // and the btrfs quota holds: 100 MiB do not fit
        assertThat(Instances.execAny("it-pool-btrfs", "dd", "if=/dev/zero", "of=/root/big", "bs=1M", "count=100")
                .code()).isNotZero();
        exec("it-pool-btrfs", "rm", "-f", "/root/big");
        assertThat(api.sync("GET", "/1.0/storage-pools/it-btrfs", null).path("used_by").toString())
                .contains("/1.0/instances/it-pool-btrfs");

        // When each is snapshotted while running, its file changed, and the snapshot restored
        for (String name : List.of("it-pool-dir", "it-pool-btrfs")) {
            api.waitSuccess(api.async("POST", "/1.0/instances/" + name + "/snapshots", Map.of("name", "s1")), 60);
            exec(name, "sh", "-c", "echo two > /root/state");
            api.waitSuccess(api.async("PUT", "/1.0/instances/" + name, Map.of("restore", "s1")), 120);

            // Then the file is back and the instance runs again
            assertThat(exec(name, "cat", "/root/state").output().strip()).isEqualTo("one");
            assertThat(api.getInstance(name).status()).isEqualTo("Running");
        }

        // When a btrfs instance is copied from its snapshot
        api.waitSuccess(api.async("POST", "/1.0/instances", Map.of("name", "it-pool-copy", "source",
                Map.of("type", "copy", "source", "it-pool-btrfs/s1"))), 120);
        api.waitSuccess(api.changeState("it-pool-copy", "start", false, 30), 60);

        // Then the copy lives on the same pool with the snapshot's file
        assertThat(exec("it-pool-copy", "cat", "/root/state").output().strip()).isEqualTo("one");
        assertThat(POOLS.resolve("it-btrfs/mnt/containers/default_it-pool-copy/rootfs/root/state")).exists();

        // And a pool in use cannot be deleted
        assertThat(Instances.errorCode("DELETE", "/1.0/storage-pools/it-btrfs", null)).isEqualTo(400);

        // When the instances and then the pools are deleted
        for (String name : List.of("it-pool-dir", "it-pool-btrfs", "it-pool-copy", "it-pool-dir-copy",
                "it-pool-btrfs-copy", "it-pool-dir-only", "it-pool-btrfs-only")) {
            Instances.forceDelete(api, name);
        }
        api.sync("DELETE", "/1.0/storage-pools/it-dir", null);
        api.sync("DELETE", "/1.0/storage-pools/it-btrfs", null);

        // Then nothing of them is left: no files, mounts or loop devices
        assertThat(POOLS.resolve("it-dir")).doesNotExist();
        assertThat(POOLS.resolve("it-btrfs")).doesNotExist();
        assertThat(Host.mountsUnder(Stack.STATE)).noneMatch(m -> m.contains("storage-pools"));
        assertThat(Host.run("losetup", "-a")).doesNotContain("it-btrfs");
        assertThat(Instances.errorCode("GET", "/1.0/storage-pools/it-btrfs", null)).isEqualTo(404);
    }

    @Test
    void shouldAnswerBadPoolRequestsWithAClearErrorAndCreateNothing() throws Exception {
        // When / Then: bad names, drivers and config are 400s naming what is wrong
        assertThat(Instances.errorCode("POST", "/1.0/storage-pools", "{\"name\":\"it-x\",\"driver\":\"zfs\"}"))
                .isEqualTo(400);
        assertThat(Instances.errorCode("POST", "/1.0/storage-pools", "{\"name\":\"it-x\",\"driver\":\"overlay\"}"))
                .isEqualTo(400);
        assertThat(Instances.errorCode("POST", "/1.0/storage-pools",
                "{\"name\":\"it-x\",\"driver\":\"btrfs\",\"config\":{\"size\":\"1MiB\"}}")).isEqualTo(400);
        assertThat(Instances.errorCode("POST", "/1.0/storage-pools",
                "{\"name\":\"it-x\",\"driver\":\"dir\",\"config\":{\"size\":\"1GiB\"}}")).isEqualTo(400);
        assertThat(Instances.errorCode("POST", "/1.0/storage-pools", "{\"name\":\"../x\",\"driver\":\"dir\"}"))
                .isEqualTo(400);
        assertThat(Instances.errorCode("DELETE", "/1.0/storage-pools/default", null)).isEqualTo(400);
        assertThat(Instances.errorCode("DELETE", "/1.0/storage-pools/nope", null)).isEqualTo(404);
        assertThat(api.sync("GET", "/1.0/storage-pools", null).toString()).doesNotContain("it-x");

        // Given a dir pool
        api.sync("POST", "/1.0/storage-pools", Map.of("name", "it-dir", "driver", "dir"));

        // When / Then: a duplicate is a 409, a size on a pool that cannot enforce it or an unknown pool a 400
        assertThat(Instances.errorCode("POST", "/1.0/storage-pools", "{\"name\":\"it-dir\",\"driver\":\"dir\"}"))
                .isEqualTo(409);
        String sized = "{\"name\":\"it-pool-dir\",\"source\":{\"type\":\"image\",\"alias\":\"busybox\"},"
                + "\"devices\":{\"root\":{\"type\":\"disk\",\"path\":\"/\",\"pool\":\"it-dir\",\"size\":\"1GiB\"}}}";
        assertThat(Instances.errorCode("POST", "/1.0/instances", sized)).isEqualTo(400);
        assertThat(Instances.errorCode("POST", "/1.0/instances", sized.replace("it-dir", "nope"))).isEqualTo(400);
        assertThat(Instances.errorCode("GET", "/1.0/instances/it-pool-dir", null)).isEqualTo(404);
        assertThat(Files.list(POOLS.resolve("it-dir/containers")).toList()).isEmpty();

        // And only the description of a pool can change
        api.sync("PATCH", "/1.0/storage-pools/it-dir", Map.of("description", "scratch"));
        assertThat(api.sync("GET", "/1.0/storage-pools/it-dir", null).path("description").asText())
                .isEqualTo("scratch");
        assertThat(Instances.errorCode("PATCH", "/1.0/storage-pools/it-dir", "{\"config\":{\"size\":\"2GiB\"}}"))
                .isEqualTo(400);
    }

    @Test
    void shouldCarrySnapshotsIntoCopiesOnDirAndBtrfsPoolsUnlessInstanceOnly() throws Exception {
        // Given an instance with two snapshots of different content on a dir pool and on a btrfs pool
        api.sync("POST", "/1.0/storage-pools", Map.of("name", "it-dir", "driver", "dir"));
        api.sync("POST", "/1.0/storage-pools", Map.of("name", "it-btrfs", "driver", "btrfs", "config",
                Map.of("size", "1GiB")));
        Map<String, String> pools = Map.of("it-pool-dir", "it-dir", "it-pool-btrfs", "it-btrfs");
        for (var e : pools.entrySet()) {
            String name = e.getKey();
            launch(name, Map.of("type", "disk", "path", "/", "pool", e.getValue()));
            for (String content : List.of("one", "two")) {
                exec(name, "sh", "-c", "echo " + content + " > /root/state");
                api.waitSuccess(api.async("POST", "/1.0/instances/" + name + "/snapshots", Map.of("name",
                        "s-" + content)), 60);
            }
            exec(name, "sh", "-c", "echo three > /root/state");

            // When it is copied whole, and with instance_only
            api.waitSuccess(api.async("POST", "/1.0/instances", Map.of("name", name + "-copy", "source",
                    Map.of("type", "copy", "source", name))), 120);
            api.waitSuccess(api.async("POST", "/1.0/instances", Map.of("name", name + "-only", "source",
                    Map.of("type", "copy", "source", name, "instance_only", true))), 120);

            // Then the copy has both snapshots, stored in the pool beside its own volume, and the other copy none
            assertThat(api.sync("GET", "/1.0/instances/" + name + "-copy/snapshots", null).toString())
                    .contains("/snapshots/s-one", "/snapshots/s-two");
            assertThat(api.sync("GET", "/1.0/instances/" + name + "-only/snapshots", null)).isEmpty();
            String copyId = "default_" + name + "-copy";
            Path snapshots = POOLS.resolve(e.getValue().equals("it-dir") ? "it-dir" : "it-btrfs/mnt")
                    .resolve("snapshots").resolve(copyId);
            assertThat(snapshots.resolve("s-one")).isDirectory();
            assertThat(snapshots.resolve("s-two")).isDirectory();
            assertThat(POOLS.resolve(e.getValue().equals("it-dir") ? "it-dir" : "it-btrfs/mnt").resolve("snapshots")
                    .resolve("default_" + name + "-only")).doesNotExist();

            // When the source is deleted and the copy started
            Instances.forceDelete(api, name);
            api.waitSuccess(api.changeState(name + "-copy", "start", false, 30), 60);

            // Then the copy has the copied content, and each of its snapshots restores its own
            assertThat(exec(name + "-copy", "cat", "/root/state").output().strip()).isEqualTo("three");
            for (String content : List.of("one", "two")) {
                api.waitSuccess(api.async("PUT", "/1.0/instances/" + name + "-copy", Map.of("restore",
                        "s-" + content)), 120);
                assertThat(exec(name + "-copy", "cat", "/root/state").output().strip()).isEqualTo(content);
            }
        }

        // And deleting the copies leaves the pools' snapshot dirs empty, so the pools can go
        for (String name : List.of("it-pool-dir-copy", "it-pool-btrfs-copy", "it-pool-dir-only",
                "it-pool-btrfs-only")) {
            Instances.forceDelete(api, name);
        }
        api.sync("DELETE", "/1.0/storage-pools/it-dir", null);
        api.sync("DELETE", "/1.0/storage-pools/it-btrfs", null);
        assertThat(Host.mountsUnder(Stack.STATE)).noneMatch(m -> m.contains("storage-pools"));
    }

    private void launch(String name, Map<String, String> root) {
        api.waitSuccess(api.createInstance(new InstancesPost(name, "container", true, Map.of(), Map.of("root", root),
                null, false, "", "", "", new InstancesPost.InstanceSource("image", "busybox", null, null, null, null))),
                120);
    }

    private static Host.Result exec(String name, String... argv) {
        Host.Result r = Instances.execAny(name, argv);
        assertThat(r.code()).as(r.output()).isZero();
        return r;
    }
}
