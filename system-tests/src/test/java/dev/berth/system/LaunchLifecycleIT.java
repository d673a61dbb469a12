package dev.berth.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.berth.cli.http.LxdClient;
import dev.berth.contracts.lxd.Instance;
import dev.berth.contracts.lxd.Operation;

/** Launch, list, limit, stop, self-exit and delete real busybox containers through the whole stack. */
@ExtendWith(Stack.class)
class LaunchLifecycleIT {
    private final LxdClient api = Stack.client();

    @AfterEach
    void cleanUp() {
        for (String name : List.of("it-c1", "it-c2", "it-restart")) {
            Instances.forceDelete(api, name);
        }
        api.close();
    }

    @Test
    void shouldRunTwoLimitedContainersAndCleanUpWhenLaunchedStoppedAndDeleted() throws Exception {
        // Given two busybox containers launched through the API
        Operation op = Instances.launch(api, "it-c1", Map.of("limits.memory", "64MiB", "limits.processes", "50"));
        Instances.launch(api, "it-c2", Map.of("limits.cpu", "1"));
        assertThat(op.statusCode()).isEqualTo(200);
        assertThat(op.resources().get("instances")).containsExactly("/1.0/instances/it-c1");

        // Then both are Running in the list and in runc, with their limits in their cgroups
        List<Instance> listed = api.listInstances(2);
        assertThat(listed).filteredOn(i -> i.name().startsWith("it-c")).extracting(Instance::name, Instance::status)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("it-c1", "Running"),
                        org.assertj.core.groups.Tuple.tuple("it-c2", "Running"));
        assertThat(Host.runcState("default_it-c1")).hasValueSatisfying(
                s -> assertThat(s.path("status").asText()).isEqualTo("running"));
        assertThat(Host.runcState("default_it-c2")).hasValueSatisfying(
                s -> assertThat(s.path("status").asText()).isEqualTo("running"));
        assertThat(Host.read(Host.cgroup("memory", "default_it-c1").resolve("memory.limit_in_bytes")))
                .isEqualTo(Long.toString(64L << 20));
        assertThat(Host.read(Host.cgroup("pids", "default_it-c1").resolve("pids.max"))).isEqualTo("50");
        assertThat(Host.read(Host.cgroup("cpuset", "default_it-c2").resolve("cpuset.cpus"))).isEqualTo("0");
        assertThat(api.getState("it-c1").pid()).isPositive();

        // When one is stopped through the API
        Instances.stop(api, "it-c1", false);

        // Then it is Stopped and gone from runc, and its cgroup is removed
        assertThat(api.getInstance("it-c1").status()).isEqualTo("Stopped");
        assertThat(Host.runcState("default_it-c1")).isEmpty();
        assertThat(Host.cgroup("memory", "default_it-c1")).doesNotExist();

        // When the other's init exits by itself (killed from the host, behind Berth's back)
        long pid = api.getState("it-c2").pid();
        Host.kill(pid, "KILL");

        // Then Berth notices and marks it Stopped
        await().atMost(Duration.ofSeconds(20)).untilAsserted(
                () -> assertThat(api.getInstance("it-c2").status()).isEqualTo("Stopped"));
        assertThat(Host.runcState("default_it-c2")).isEmpty();

        // When both are deleted
        dev.berth.cli.http.Reply deleting = api.http().request("DELETE", "/1.0/instances/it-c1", null);
        assertThat(deleting.status()).isEqualTo(202);
        String location = deleting.header("Location").orElseThrow();
        assertThat(location).matches("/1\\.0/operations/[0-9a-f-]{36}");
        api.waitSuccess(api.getOperation(location.substring(location.lastIndexOf('/') + 1)), 60);
        api.waitSuccess(api.deleteInstance("it-c2"), 60);

        // Then nothing of them remains: no record, runc container, overlay mount or cgroup
        assertThat(api.listInstanceNames()).doesNotContain("it-c1", "it-c2");
        assertThat(Host.runcContainers()).doesNotContain("default_it-c1", "default_it-c2");
        assertThat(Host.mountsUnder(Stack.STATE)).isEmpty();
        for (String controller : List.of("memory", "pids", "cpuset", "cpu", "cpuacct", "freezer", "blkio", "devices")) {
            assertThat(Host.cgroup(controller, "default_it-c1")).doesNotExist();
            assertThat(Host.cgroup(controller, "default_it-c2")).doesNotExist();
        }
    }

    @Test
    void shouldRunAgainWithNewInitWhenRestarted() {
        // Given a running container
        Instances.launch(api, "it-restart", Map.of());
        long before = api.getState("it-restart").pid();

        // When it is restarted
        api.waitSuccess(api.changeState("it-restart", "restart", false, 10), 120);

        // Then it runs again under a new init
        assertThat(api.getInstance("it-restart").status()).isEqualTo("Running");
        long after = api.getState("it-restart").pid();
        assertThat(after).isPositive().isNotEqualTo(before);
        assertThat(Host.alive(before)).isFalse();
    }
}
