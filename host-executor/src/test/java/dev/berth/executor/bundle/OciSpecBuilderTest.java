package dev.berth.executor.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.config.Limits;

class OciSpecBuilderTest {

    @Test
    void shouldApplyLimitsWhenConfigHasThem() {
        // Given
        Limits limits = Limits.from(Map.of("limits.memory", "256MiB", "limits.cpu", "2", "limits.processes", "100"), 4);

        // When
        JsonNode spec = OciSpecBuilder.build("default_c1", "c1", Path.of("/s/c/default_c1/rootfs"), limits);

        // Then
        JsonNode resources = spec.at("/linux/resources");
        assertThat(resources.at("/memory/limit").asLong()).isEqualTo(256L << 20);
        assertThat(resources.at("/cpu/cpus").asText()).isEqualTo("0-1");
        assertThat(resources.at("/pids/limit").asLong()).isEqualTo(100);
        assertThat(spec.at("/linux/cgroupsPath").asText()).isEqualTo("/berth/default_c1");
    }

    @Test
    void shouldOmitResourcesWhenConfigHasNoLimits() {
        // When
        JsonNode spec = OciSpecBuilder.build("p_c", "c", Path.of("/r"), Limits.from(Map.of(), 2));

        // Then
        assertThat(spec.at("/linux/resources").has("memory")).isFalse();
        assertThat(spec.at("/linux/resources").has("cpu")).isFalse();
        assertThat(spec.at("/linux/resources").has("pids")).isFalse();
    }

    @Test
    void shouldDescribeASystemContainerWhenBuilt() {
        // When
        JsonNode spec = OciSpecBuilder.build("default_web", "web", Path.of("/s/rootfs"), Limits.from(Map.of(), 2));

        // Then
        assertThat(spec.at("/root/path").asText()).isEqualTo("/s/rootfs");
        assertThat(spec.at("/root/readonly").asBoolean()).isFalse();
        assertThat(spec.at("/hostname").asText()).isEqualTo("web");
        assertThat(spec.at("/process/terminal").asBoolean()).isTrue();
        assertThat(texts(spec.at("/process/args"))).containsExactly("/sbin/init");
        assertThat(texts(spec.at("/process/env"))).contains("container=berth").anyMatch(e -> e.startsWith("PATH="));
        List<String> namespaces = new ArrayList<>();
        spec.at("/linux/namespaces").forEach(ns -> namespaces.add(ns.get("type").asText()));
        assertThat(namespaces).containsExactlyInAnyOrder("pid", "ipc", "uts", "mount", "network", "cgroup", "user");
        List<String> mounts = new ArrayList<>();
        spec.at("/mounts").forEach(m -> mounts.add(m.get("destination").asText()));
        assertThat(mounts).containsExactly("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys",
                "/sys/fs/cgroup", "/run", "/run/lock");
        assertThat(texts(spec.at("/mounts/5/options"))).contains("ro");
        assertThat(texts(spec.at("/mounts/6/options"))).contains("rw").doesNotContain("ro");
        assertThat(texts(spec.at("/linux/maskedPaths"))).contains("/proc/kcore");
        assertThat(texts(spec.at("/linux/readonlyPaths"))).contains("/proc/sysrq-trigger");
    }

    @Test
    void shouldNeverRequestCapSysResourceWhenBuilt() {
        // When
        JsonNode caps = OciSpecBuilder.build("p_c", "c", Path.of("/r"), Limits.from(Map.of(), 2))
                .at("/process/capabilities");

        // Then
        for (String set : List.of("bounding", "effective", "permitted")) {
            assertThat(texts(caps.get(set))).contains("CAP_SYS_ADMIN", "CAP_SYS_BOOT")
                    .doesNotContain("CAP_SYS_RESOURCE");
        }
    }

    @Test
    void shouldMapRootToTheHostRangeAndFilterSyscallsWhenNoSecurityKeyIsSet() {
        // When
        JsonNode spec = build(Map.of());

        // Then: LXD's default map, and the default deny list with LXD's errnos
        for (String field : List.of("/linux/uidMappings/0", "/linux/gidMappings/0")) {
            assertThat(spec.at(field + "/containerID").asLong()).isZero();
            assertThat(spec.at(field + "/hostID").asLong()).isEqualTo(1_000_000L);
            assertThat(spec.at(field + "/size").asLong()).isEqualTo(1_000_000_000L);
        }
        JsonNode seccomp = spec.at("/linux/seccomp");
        assertThat(seccomp.path("defaultAction").asText()).isEqualTo("SCMP_ACT_ALLOW");
        assertThat(rule(seccomp, "kexec_load").path("errnoRet").asInt()).isEqualTo(38);
        assertThat(rule(seccomp, "keyctl").path("errnoRet").asInt()).isEqualTo(1);
        assertThat(rule(seccomp, "umount2").at("/args/0/op").asText()).isEqualTo("SCMP_CMP_MASKED_EQ");
        assertThat(texts(spec.at("/process/capabilities/bounding"))).doesNotContain("CAP_SYS_MODULE",
                "CAP_SYS_TIME", "CAP_MAC_ADMIN", "CAP_SYS_RESOURCE");
    }

    @Test
    void shouldDropTheUserNamespaceAndUseRawSeccompWhenPrivileged() {
        // When
        JsonNode spec = build(Map.of("security.privileged", "true", "raw.seccomp", "2\nallowlist\n[all]\nread\n"));

        // Then
        assertThat(spec.at("/linux/namespaces").findValuesAsText("type")).doesNotContain("user");
        assertThat(spec.at("/linux/uidMappings").isMissingNode()).isTrue();
        assertThat(spec.at("/linux/seccomp/defaultAction").asText()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(rule(spec.at("/linux/seccomp"), "read").path("action").asText()).isEqualTo("SCMP_ACT_ALLOW");
    }

    @Test
    void shouldOverrideAndAddInitEnvironmentWhenEnvironmentKeysAreSet() {
        // Given an application image's environment
        AppProcess app = new AppProcess(List.of("/app"), List.of("PATH=/app/bin", "MODE=prod"), "/", 0, 0);
        com.fasterxml.jackson.databind.node.ObjectNode spec = OciSpecBuilder.build("p_c", "c", Path.of("/r"),
                Limits.from(Map.of(), 2, 1L << 30), java.util.Optional.of(app));

        // When
        OciSpecBuilder.withEnvironment(spec, Map.of("environment.MODE", "dev", "environment.EXTRA", "1",
                "user.note", "x"));

        // Then the image's MODE is replaced in place, EXTRA is added, other keys are ignored
        List<String> env = new ArrayList<>();
        spec.at("/process/env").forEach(e -> env.add(e.asText()));
        assertThat(env).containsExactly("PATH=/app/bin", "MODE=dev", "container=berth", "EXTRA=1");
    }

    @Test
    void shouldLeaveProcAndSysUncoveredWhenNestingIsOn() {
        // When
        JsonNode spec = build(Map.of("security.nesting", "yes"));

        // Then
        assertThat(spec.at("/linux/maskedPaths").isMissingNode()).isTrue();
        assertThat(spec.at("/linux/readonlyPaths").isMissingNode()).isTrue();
        assertThat(spec.at("/linux/namespaces").findValuesAsText("type")).contains("user");
    }

    @Test
    void shouldBindDisksAndDeviceNodesAndAllowTheNodesInTheCgroupWhenDevicesAreGiven() {
        // When
        DeviceMounts devices = new DeviceMounts(List.of(new DeviceMounts.Bind("/srv/data", "/mnt/data", true)),
                List.of(new DeviceMounts.Node("/dev/zero", "/dev/z", "c", 1, 5)));
        JsonNode spec = OciSpecBuilder.build("p_c", "c", Path.of("/r"), Limits.from(Map.of(), 2),
                java.util.Optional.empty(), Isolation.unprivileged(dev.berth.contracts.config.IdMap.DEFAULT), devices);

        // Then the standard mounts are all still there, followed by the device binds
        List<String> destinations = new ArrayList<>();
        spec.at("/mounts").forEach(m -> destinations.add(m.get("destination").asText()));
        assertThat(destinations).startsWith("/proc", "/dev").endsWith("/mnt/data", "/dev/z");
        JsonNode data = spec.at("/mounts/" + (destinations.size() - 2));
        assertThat(data.path("source").asText()).isEqualTo("/srv/data");
        assertThat(texts(data.path("options"))).contains("ro");
        JsonNode rules = spec.at("/linux/resources/devices");
        assertThat(rules.get(0).path("allow").asBoolean()).isFalse();
        assertThat(rules.get(1).path("allow").asBoolean()).isTrue();
        assertThat(rules.get(1).path("major").asLong()).isEqualTo(1);
        assertThat(rules.get(1).path("minor").asLong()).isEqualTo(5);
    }

    private static JsonNode build(Map<String, String> config) {
        return OciSpecBuilder.build("p_c", "c", Path.of("/r"), Limits.from(Map.of(), 2), java.util.Optional.empty(),
                Isolation.from(config, dev.berth.contracts.config.IdMap.DEFAULT));
    }

    private static JsonNode rule(JsonNode seccomp, String syscall) {
        for (JsonNode rule : seccomp.path("syscalls")) {
            if (texts(rule.path("names")).contains(syscall)) {
                return rule;
            }
        }
        throw new AssertionError("no seccomp rule for " + syscall);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> {
            if (n.isTextual()) {
                out.add(n.asText());
            }
        });
        return out;
    }

    @Test
    void shouldRunTheImagesApplicationUnderTiniWhenTheImageHasAnOciConfig(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        // Given an OCI image's runtime config, as umoci writes it
        java.nio.file.Files.writeString(dir.resolve("config.json"), "{\"process\":{\"args\":[\"/entry.sh\","
                + "\"serve\"],\"env\":[\"GREETING=hi\"],\"cwd\":\"/srv\",\"user\":{\"uid\":1000,\"gid\":100}}}");

        // When the bundle is built
        JsonNode spec = OciSpecBuilder.build("default_app", "app", Path.of("/r"), Limits.from(java.util.Map.of(), 2),
                AppProcess.of(dir));

        // Then tini (mounted read-only) runs the entrypoint with the image's env, cwd and user
        assertThat(texts(spec.at("/process/args"))).containsExactly("/dev/.berth-init", "-g", "--", "/entry.sh",
                "serve");
        assertThat(texts(spec.at("/process/env"))).contains("GREETING=hi", "container=berth")
                .anyMatch(e -> e.startsWith("PATH="));
        assertThat(spec.at("/process/cwd").asText()).isEqualTo("/srv");
        assertThat(spec.at("/process/user/uid").asInt()).isEqualTo(1000);
        assertThat(spec.at("/process/user/gid").asInt()).isEqualTo(100);
        JsonNode init = spec.at("/mounts/9");
        assertThat(init.path("destination").asText()).isEqualTo("/dev/.berth-init");
        assertThat(init.path("source").asText()).isEqualTo("/usr/bin/tini-static");
        assertThat(texts(init.path("options"))).containsExactly("bind", "ro");
        assertThat(AppProcess.of(dir.resolve("nothing-here"))).isEmpty();
    }
}
