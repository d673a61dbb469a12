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

import dev.berth.cli.http.LxdClient;
import dev.berth.contracts.lxd.Operation;

/**
 * The executor killed at each step of a create, and a simulated host reboot: each time the instance converges to a
 * state that matches the host, with nothing half-made left behind.
 */
@ExtendWith(Stack.class)
class CrashSafetyIT {
    private static final Path EXECUTOR_PID = Stack.STATE.resolve("run/host-executor.pid");
    private final LxdClient api = Stack.client();

    @AfterEach
    void cleanUp() throws Exception {
        if (!Host.alive(Long.parseLong(Host.read(EXECUTOR_PID)))) {
            Stack.script("stack-up.sh");
        }
        for (String name : List.of("it-crash", "it-auto", "it-manual", "it-crash2", "it-crash3")) {
            Instances.forceDelete(api, name);
        }
        api.close();
    }

    @Test
    void shouldConvergeWhenTheExecutorIsKilledAtEachStepOfACreate() throws Exception {
        for (String point : List.of("create.prepared", "start.mounted", "start.runc-created", "start.started")) {
            // Given an executor that will die at this step
            restartExecutor(Map.of("BERTH_EXECUTOR_CRASH_AT", point));

            // When a launch reaches it, and the executor is started again
            Operation op = api.createInstance(Instances.busybox("it-crash", Map.of(), true));
            long dead = Long.parseLong(Host.read(EXECUTOR_PID));
            await().atMost(Duration.ofSeconds(60)).until(() -> !Host.alive(dead));
            Stack.script("stack-up.sh");

            // Then the launch finishes (Kafka redelivers the command; every step is idempotent) and the instance
            // is what the host says it is
            api.waitSuccess(op, 120);
            assertThat(api.getInstance("it-crash").status()).as(point).isEqualTo("Running");
            long pid = api.getState("it-crash").pid();
            assertThat(Host.alive(pid)).as(point).isTrue();
            assertThat(Host.runcState("default_it-crash").orElseThrow().path("status").asText()).as(point)
                    .isEqualTo("running");

            // And deleting it leaves nothing (the Stack extension checks mounts, cgroups, processes at the end)
            Instances.forceDelete(api, "it-crash");
            assertThat(Host.runcState("default_it-crash")).as(point).isEmpty();
            assertThat(Stack.STATE.resolve("executor/containers/default_it-crash")).as(point).doesNotExist();
            assertThat(Host.mountsUnder(Stack.STATE)).as(point).isEmpty();
        }
        restartExecutor(Map.of());
    }

    @Test
    void shouldConvergeWhenTheExecutorIsKilledAtEachStepOfStartStopAndDelete() throws Exception {
        // Given a stopped instance
        Instances.launch(api, "it-crash2", Map.of());
        Instances.stop(api, "it-crash2", true);

        for (String point : List.of("start.mounted", "start.runc-created", "start.started")) {
            // When a start dies at this step and the executor comes back
            crashDuring(point, () -> api.changeState("it-crash2", "start", false, 30));

            // Then the instance runs, as the host says
            assertThat(api.getInstance("it-crash2").status()).as(point).isEqualTo("Running");
            assertThat(Host.runcState("default_it-crash2").orElseThrow().path("status").asText()).as(point)
                    .isEqualTo("running");
            Instances.stop(api, "it-crash2", true);
        }
        for (String point : List.of("stop.signalled", "stop.cleaned")) {
            // When a graceful stop dies at this step
            api.waitSuccess(api.changeState("it-crash2", "start", false, 30), 60);
            crashDuring(point, () -> api.changeState("it-crash2", "stop", false, 30));

            // Then the instance is stopped, with no runc container and nothing mounted
            assertThat(api.getInstance("it-crash2").status()).as(point).isEqualTo("Stopped");
            assertThat(Host.runcState("default_it-crash2")).as(point).isEmpty();
            assertThat(Host.mountsUnder(Stack.STATE)).as(point).isEmpty();
        }
        for (String point : List.of("delete.cleaned", "delete.removed")) {
            // When a delete dies at this step
            crashDuring(point, () -> api.deleteInstance("it-crash2"));

            // Then the instance is gone, its dir too
            assertThat(api.listInstanceNames()).as(point).doesNotContain("it-crash2");
            assertThat(Stack.STATE.resolve("executor/containers/default_it-crash2")).as(point).doesNotExist();
            Instances.launch(api, "it-crash2", Map.of());
            Instances.stop(api, "it-crash2", true);
        }
        restartExecutor(Map.of());
    }

    @Test
    void shouldNeitherLoseNorDuplicateADiskWhenTheExecutorDiesMidHotplug() throws Exception {
        // Given a running instance and a host directory
        java.nio.file.Path data = java.nio.file.Files.createDirectories(Stack.STATE.resolve("it-crash-data"));
        java.nio.file.Files.writeString(data.resolve("f.txt"), "kept\n");
        Instances.launch(api, "it-crash3", Map.of());
        long pid = api.getState("it-crash3").pid();

        // When the executor dies after mounting an added disk but before recording it, and comes back
        Map<String, Map<String, String>> devices = new java.util.TreeMap<>(api.getInstance("it-crash3").devices());
        devices.put("data", Map.of("type", "disk", "source", data.toString(), "path", "/mnt/crash"));
        crashDuring("update.devices", () -> api.async("PATCH", "/1.0/instances/it-crash3", Map.of("devices",
                devices)));

        // Then the redelivered update finds it plugged: the file is there, mounted once, the instance unrestarted
        assertThat(api.getState("it-crash3").pid()).isEqualTo(pid);
        assertThat(Instances.execAny("it-crash3", "cat", "/mnt/crash/f.txt").output()).contains("kept");
        assertThat(mountsAt(pid, "/mnt/crash")).isEqualTo(1);
        assertThat(api.getInstance("it-crash3").devices()).containsKey("data");

        // When the executor dies the same way while removing it
        var current = api.getInstance("it-crash3");
        Map<String, Map<String, String>> without = new java.util.TreeMap<>(current.devices());
        without.remove("data");
        crashDuring("update.devices", () -> api.async("PUT", "/1.0/instances/it-crash3", Map.of("config",
                current.config(), "devices", without, "profiles", current.profiles())));

        // Then it is gone, and recorded as gone
        assertThat(mountsAt(pid, "/mnt/crash")).isZero();
        assertThat(api.getInstance("it-crash3").devices()).doesNotContainKey("data");
        restartExecutor(Map.of());
    }

    private static long mountsAt(long pid, String path) throws java.io.IOException {
        return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/mountinfo")).stream()
                .filter(l -> l.split(" ")[4].equals(path)).count();
    }

    /** Runs {@code request} on an executor set to die at {@code point}, restarts it, and waits for the operation. */
    private void crashDuring(String point, java.util.function.Supplier<Operation> request) throws Exception {
        restartExecutor(Map.of("BERTH_EXECUTOR_CRASH_AT", point));
        long dying = Long.parseLong(Host.read(EXECUTOR_PID));
        Operation op = request.get();
        await().atMost(Duration.ofSeconds(60)).until(() -> !Host.alive(dying));
        Stack.script("stack-up.sh");
        api.waitSuccess(op, 120);
    }

    @Test
    void shouldStartOnlyAutostartInstancesWhenTheHostComesBackFromAReboot() throws Exception {
        // Given two running instances, one with boot.autostart
        Instances.launch(api, "it-auto", Map.of("boot.autostart", "true"));
        Instances.launch(api, "it-manual", Map.of());
        long autoPid = api.getState("it-auto").pid();

        // When the host "reboots": the executor dies, every container process and mount is gone, /run is empty,
        // and the kernel has a new boot id
        long executor = Long.parseLong(Host.read(EXECUTOR_PID));
        Host.kill(executor, "KILL");
        await().atMost(Duration.ofSeconds(10)).until(() -> !Host.alive(executor));
        for (String id : List.of("default_it-auto", "default_it-manual")) {
            Host.runAny("runc", "--root", Stack.RUNC_ROOT, "delete", "--force", id);
            Path dir = Stack.STATE.resolve("executor/containers").resolve(id);
            long conmon = Long.parseLong(Host.read(dir.resolve("conmon.pid")));
            if (Host.alive(conmon)) {
                Host.kill(conmon, "KILL");
            }
            Host.runAny("umount", dir.resolve("rootfs").toString());
            Host.runAny("umount", dir.resolve("mnt/lower").toString());
            Files.deleteIfExists(Path.of("/run/berth/exits", id));
        }
        Files.delete(Stack.STATE.resolve("executor/boot_id"));
        Stack.script("stack-up.sh");

        // Then the autostart instance runs again under a new init, and the other one is Stopped
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(api.getInstance("it-auto").status()).isEqualTo("Running");
            assertThat(api.getInstance("it-manual").status()).isEqualTo("Stopped");
        });
        long newPid = api.getState("it-auto").pid();
        assertThat(newPid).isNotEqualTo(autoPid);
        assertThat(Host.alive(newPid)).isTrue();
        assertThat(Host.runcState("default_it-manual")).isEmpty();
    }

    private static void restartExecutor(Map<String, String> env) throws Exception {
        long pid = Long.parseLong(Host.read(EXECUTOR_PID));
        if (Host.alive(pid)) {
            Host.kill(pid, "KILL");
            await().atMost(Duration.ofSeconds(10)).until(() -> !Host.alive(pid));
        }
        Stack.script(env, "stack-up.sh");
    }
}
