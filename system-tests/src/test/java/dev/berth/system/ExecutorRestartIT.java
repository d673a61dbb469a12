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

/** The executor can die and come back without disturbing containers, and catches up on what it missed. */
@ExtendWith(Stack.class)
class ExecutorRestartIT {
    private final LxdClient api = Stack.client();

    @AfterEach
    void cleanUp() {
        for (String name : List.of("it-survivor", "it-casualty")) {
            Instances.forceDelete(api, name);
        }
        api.close();
    }

    @Test
    void shouldKeepContainersRunningAndCatchUpWhenExecutorIsKilledAndRestarted() throws Exception {
        // Given two running containers
        Instances.launch(api, "it-survivor", Map.of());
        Instances.launch(api, "it-casualty", Map.of());
        long survivorPid = api.getState("it-survivor").pid();
        long casualtyPid = api.getState("it-casualty").pid();

        // When the executor is killed outright, and one container's init dies while it is down
        long executor = Long.parseLong(Host.read(Stack.STATE.resolve("run/host-executor.pid")));
        Host.kill(executor, "KILL");
        await().atMost(Duration.ofSeconds(10)).until(() -> !Host.alive(executor));
        assertThat(Host.alive(survivorPid)).isTrue();
        Host.kill(casualtyPid, "KILL");
        await().atMost(Duration.ofSeconds(10)).until(() -> !Host.alive(casualtyPid));

        // And the executor is started again
        Stack.script("stack-up.sh");

        // Then the survivor still runs under the same init, and the casualty is reported Stopped
        assertThat(Host.alive(survivorPid)).isTrue();
        assertThat(api.getInstance("it-survivor").status()).isEqualTo("Running");
        assertThat(api.getState("it-survivor").pid()).isEqualTo(survivorPid);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(
                () -> assertThat(api.getInstance("it-casualty").status()).isEqualTo("Stopped"));
        assertThat(Host.runcState("default_it-casualty")).isEmpty();

        // And the restarted executor still controls the survivor
        Instances.stop(api, "it-survivor", false);
        assertThat(Host.alive(survivorPid)).isFalse();
    }
}
