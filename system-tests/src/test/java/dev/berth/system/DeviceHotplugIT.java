package dev.berth.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.berth.cli.http.LxdClient;
import dev.berth.cli.http.LxdException;
import dev.berth.contracts.lxd.InstancesPost;

/**
 * {@code disk} and {@code unix-char} devices added to and removed from a running instance take effect at once, as in
 * LXD: the bind mount appears (read-only when asked), the device node appears and its cgroup rule lets the instance
 * open it, and both go again on removal, leaving no mount on the host; bad input changes nothing.
 */
@ExtendWith(Stack.class)
class DeviceHotplugIT {
    private static final String NAME = "it-hp";
    private static final String PROFILE = "it-hp-prof";

    private final LxdClient api = Stack.client();

    @AfterEach
    void cleanUp() {
        Instances.forceDelete(api, NAME);
        Instances.forceDelete(api, "it-hp-owned");
        Instances.errorCode("DELETE", "/1.0/profiles/" + PROFILE, null);
        api.close();
    }

    @Test
    void shouldPlugADiskAndADeviceNodeIntoARunningInstanceAndUnplugThem() throws Exception {
        // Given a running instance, a host directory with a file, and a host node for /dev/fuse open to all
        Path data = Files.createDirectories(Stack.STATE.resolve("it-hp-data"));
        Files.writeString(data.resolve("hello.txt"), "from the host\n");
        Path fuse = Stack.STATE.resolve("it-hp-fuse");
        Files.deleteIfExists(fuse);
        Host.run("mknod", "-m", "0666", fuse.toString(), "c", "10", "229");
        Instances.launch(api, NAME, Map.of());
        long pid = api.getState(NAME).pid();
        int hostMounts = Host.run("findmnt", "-rn").split("\n").length;
        assertThat(Instances.execAny(NAME, "sh", "-c", "exec 3</dev/berth-fuse").code()).isNotZero();

        // When the directory (read-only, at a path that does not exist yet) and the node are added while it runs
        Map<String, Map<String, String>> devices = new TreeMap<>(api.getInstance(NAME).devices());
        devices.put("data", Map.of("type", "disk", "source", data.toString(), "path", "/mnt/hp/data", "readonly",
                "true"));
        devices.put("fuse", Map.of("type", "unix-char", "source", fuse.toString(), "path", "/dev/berth-fuse"));
        devices.put("null", Map.of("type", "unix-char", "source", "/dev/null", "path", "/dev/berth-null"));
        patch(devices);

        // Then, without a restart, the file is readable and writing fails, and the nodes open (the cgroup allows)
        assertThat(api.getState(NAME).pid()).isEqualTo(pid);
        assertThat(Instances.execAny(NAME, "cat", "/mnt/hp/data/hello.txt").output()).contains("from the host");
        Host.Result write = Instances.execAny(NAME, "sh", "-c", "echo x > /mnt/hp/data/new");
        assertThat(write.code()).isNotZero();
        assertThat(write.output()).contains("Read-only");
        assertThat(data.resolve("new")).doesNotExist();
        assertThat(Instances.execAny(NAME, "stat", "-c", "%a %t:%T", "/dev/berth-fuse").output().strip())
                .isEqualTo("666 a:e5");
        assertThat(Instances.execAny(NAME, "sh", "-c", "exec 3</dev/berth-fuse && echo opened").output())
                .contains("opened");
        assertThat(Instances.execAny(NAME, "sh", "-c", "echo x > /dev/berth-null && wc -c < /dev/berth-null")
                .output().strip()).isEqualTo("0");

        // And a limits change (runc update resets the device rules to the start's) keeps the node usable
        api.waitSuccess(api.async("PATCH", "/1.0/instances/" + NAME, Map.of("config", Map.of("limits.memory",
                "96MiB"))), 120);
        assertThat(Instances.execAny(NAME, "sh", "-c", "exec 3</dev/berth-fuse && echo opened").output())
                .contains("opened");

        // When they are removed again (PUT without them, as lxc config device remove does; PATCH merges devices)
        var current = api.getInstance(NAME);
        devices = new TreeMap<>(current.devices());
        devices.remove("data");
        devices.remove("fuse");
        devices.remove("null");
        api.waitSuccess(api.async("PUT", "/1.0/instances/" + NAME, Map.of("config", current.config(), "devices",
                devices, "profiles", current.profiles())), 120);

        // Then the mount, the nodes and the mountpoint Berth made are gone, the rule too, /dev/null still works,
        // and the host has no mount more than before
        assertThat(api.getState(NAME).pid()).isEqualTo(pid);
        assertThat(Instances.execAny(NAME, "ls", "/mnt/hp").code()).isNotZero();
        assertThat(Instances.execAny(NAME, "ls", "/dev/berth-fuse").code()).isNotZero();
        assertThat(Instances.execAny(NAME, "ls", "/dev/berth-null").code()).isNotZero();
        assertThat(Host.read(Host.cgroup("devices", "default_" + NAME).resolve("devices.list")))
                .doesNotContain("c 10:229");
        assertThat(Instances.execAny(NAME, "sh", "-c", "echo x > /dev/null && echo ok").output()).contains("ok");
        assertThat(Host.run("findmnt", "-rn").split("\n").length).isEqualTo(hostMounts);
        assertThat(Host.run("findmnt", "-rn")).doesNotContain("it-hp-data");
    }

    @Test
    void shouldKeepANodeTheInstanceStartedWithDeniedOnceRemovedEvenAfterALimitsChange() throws Exception {
        // Given an instance started with a node for /dev/fuse open to all
        Path fuse = Stack.STATE.resolve("it-hp-fuse2");
        Files.deleteIfExists(fuse);
        Host.run("mknod", "-m", "0666", fuse.toString(), "c", "10", "229");
        api.waitSuccess(api.createInstance(new InstancesPost(NAME, "container", true, Map.of(), Map.of("fuse",
                Map.of("type", "unix-char", "source", fuse.toString(), "path", "/dev/berth-fuse")), null, false, "",
                "", "", new InstancesPost.InstanceSource("image", "busybox", null, null, null, null))), 120);
        assertThat(Instances.execAny(NAME, "sh", "-c", "exec 3</dev/berth-fuse && echo opened").output())
                .contains("opened");
        Path rules = Host.cgroup("devices", "default_" + NAME).resolve("devices.list");

        // When it is removed while the instance runs, and then a limit changes (runc update restores the start's rules)
        var current = api.getInstance(NAME);
        Map<String, Map<String, String>> without = new TreeMap<>(current.devices());
        without.remove("fuse");
        api.waitSuccess(api.async("PUT", "/1.0/instances/" + NAME, Map.of("config", current.config(), "devices",
                without, "profiles", current.profiles())), 120);
        assertThat(Host.read(rules)).doesNotContain("c 10:229");
        api.waitSuccess(api.async("PATCH", "/1.0/instances/" + NAME, Map.of("config", Map.of("limits.memory",
                "96MiB"))), 120);

        // Then the node is gone and its rule stays denied
        assertThat(Instances.execAny(NAME, "ls", "/dev/berth-fuse").code()).isNotZero();
        assertThat(Host.read(rules)).doesNotContain("c 10:229");
    }

    @Test
    void shouldRefuseADiskWithoutSourceOrOutsideTheInstanceAndChangeNothing() {
        // Given a running instance
        Instances.launch(api, NAME, Map.of());
        Map<String, Map<String, String>> before = api.getInstance(NAME).devices();

        // When a disk whose source does not exist, or whose path climbs out of the instance, is added
        Map<String, Map<String, String>> missing = new TreeMap<>(before);
        missing.put("gone", Map.of("type", "disk", "source", "/nonexistent/berth-it", "path", "/mnt/gone"));
        Throwable noSource = catchThrowable(() -> patch(missing));
        Map<String, Map<String, String>> outside = new TreeMap<>(before);
        outside.put("out", Map.of("type", "disk", "source", Stack.STATE.toString(), "path", "/../../../tmp/out"));
        Throwable escape = catchThrowable(() -> patch(outside));

        // Then each is refused naming the device and field, and the instance and its record are unchanged
        assertThat(noSource).isInstanceOf(LxdException.class).hasMessageContaining("\"gone\"")
                .hasMessageContaining("source");
        assertThat(escape).isInstanceOf(LxdException.class).hasMessageContaining("\"out\"")
                .hasMessageContaining("path");
        assertThat(api.getInstance(NAME).devices()).isEqualTo(before);
        assertThat(Instances.execAny(NAME, "ls", "/mnt/gone").code()).isNotZero();
        assertThat(Host.runAny("ls", "/tmp/out").code()).isNotZero();
        assertThat(Host.run("findmnt", "-rn")).doesNotContain("berth-it");
    }

    @Test
    void shouldRefuseTheOwnerOrModeOfADeviceNodeAtLaunchAndOnHotPlugAndChangeNothing() {
        // Given a running instance
        Instances.launch(api, NAME, Map.of());
        Map<String, Map<String, String>> before = api.getInstance(NAME).devices();

        // When a node is hot-plugged with a mode, or an instance is launched with a node with an owner
        Map<String, Map<String, String>> moded = new TreeMap<>(before);
        moded.put("null", Map.of("type", "unix-char", "source", "/dev/null", "path", "/dev/berth-null", "mode",
                "0640"));
        Throwable plug = catchThrowable(() -> patch(moded));
        String owned = "{\"name\":\"it-hp-owned\",\"source\":{\"type\":\"image\",\"alias\":\"busybox\"},"
                + "\"devices\":{\"null\":{\"type\":\"unix-char\",\"source\":\"/dev/null\",\"uid\":\"1000\"}}}";
        int launch = Instances.errorCode("POST", "/1.0/instances", owned);

        // Then both are refused naming the device and key, rather than silently showing the host node's owner/mode
        assertThat(plug).isInstanceOf(LxdException.class).hasMessageContaining("\"null\"")
                .hasMessageContaining("\"mode\" is not supported yet");
        assertThat(launch).isEqualTo(400);
        assertThat(Instances.errorCode("GET", "/1.0/instances/it-hp-owned", null)).isEqualTo(404);
        assertThat(api.getInstance(NAME).devices()).isEqualTo(before);
        assertThat(Instances.execAny(NAME, "ls", "/dev/berth-null").code()).isNotZero();
    }

    @Test
    void shouldPlugADiskAddedWithTheStockIncusClient() throws Exception {
        // Given a running instance and a host directory
        Path data = Files.createDirectories(Stack.STATE.resolve("it-hp-stock"));
        Files.writeString(data.resolve("stock.txt"), "stock\n");
        Instances.launch(api, NAME, Map.of());
        Path conf = Files.createDirectories(Stack.STATE.resolve("it-hp-incus"));

        // When incus config device add / remove run over the socket
        StockClient.incusOk(conf, "config", "device", "add", NAME, "data", "disk", "source=" + data, "path=/srv/s");

        // Then the file is there at once, and gone after the removal
        assertThat(Instances.execAny(NAME, "cat", "/srv/s/stock.txt").output()).contains("stock");
        StockClient.incusOk(conf, "config", "device", "remove", NAME, "data");
        assertThat(Instances.execAny(NAME, "ls", "/srv/s/stock.txt").code()).isNotZero();
        assertThat(Host.run("findmnt", "-rn")).doesNotContain("it-hp-stock");
    }

    @Test
    void shouldPlugADiskThatAProfileGainsIntoItsRunningInstances() throws Exception {
        // Given a running instance with the default profile and an empty one of its own, and a host directory
        Path data = Files.createDirectories(Stack.STATE.resolve("it-hp-prof"));
        Files.writeString(data.resolve("prof.txt"), "from a profile\n");
        api.sync("POST", "/1.0/profiles", Map.of("name", PROFILE));
        api.waitSuccess(api.createInstance(new InstancesPost(NAME, "container", true, Map.of(), Map.of(),
                List.of("default", PROFILE), false, "", "", "", new InstancesPost.InstanceSource("image", "busybox",
                        null, null, null, null))),
                120);

        // When the profile gains the directory as a read-only disk
        api.sync("PATCH", "/1.0/profiles/" + PROFILE, Map.of("devices", Map.of("pdata", Map.of("type", "disk",
                "source", data.toString(), "path", "/srv/prof", "readonly", "true"))));

        // Then the running instance has it at once, read-only
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                Instances.execAny(NAME, "cat", "/srv/prof/prof.txt").output()).contains("from a profile"));
        assertThat(Instances.execAny(NAME, "touch", "/srv/prof/x").output()).contains("Read-only");

        // When the profile loses it again, it is unmounted
        api.sync("PUT", "/1.0/profiles/" + PROFILE, Map.of("config", Map.of(), "devices", Map.of()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                Instances.execAny(NAME, "ls", "/srv/prof").code()).isNotZero());
        assertThat(Host.run("findmnt", "-rn")).doesNotContain("it-hp-prof");
    }

    private void patch(Map<String, Map<String, String>> devices) {
        api.waitSuccess(api.async("PATCH", "/1.0/instances/" + NAME, Map.of("devices", devices)), 120);
    }
}
