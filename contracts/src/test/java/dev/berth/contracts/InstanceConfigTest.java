package dev.berth.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.berth.contracts.config.ConfigException;
import dev.berth.contracts.config.InstanceConfig;
import dev.berth.contracts.config.Limits;
import dev.berth.contracts.config.SeccompPolicy;

class InstanceConfigTest {

    @Test
    void shouldParseLxdSizesWhenUnitsAreBinaryOrDecimal() {
        assertThat(Limits.parseMemory("64MiB")).isEqualTo(64L << 20);
        assertThat(Limits.parseMemory("1GB")).isEqualTo(1_000_000_000L);
        assertThat(Limits.parseMemory("1.5GiB")).isEqualTo(3L << 29);
        assertThat(Limits.parseMemory("10485760")).isEqualTo(10_485_760L);
    }

    @Test
    void shouldRejectNamingTheKeyWhenValueIsBad() {
        assertThatThrownBy(() -> InstanceConfig.validate(Map.of("limits.memory", "lots")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("limits.memory").hasMessageContaining("lots");
        assertThatThrownBy(() -> InstanceConfig.validate(Map.of("limits.memory", "1KiB")))
                .hasMessageContaining("minimum");
        assertThatThrownBy(() -> InstanceConfig.validate(Map.of("limits.processes", "0")))
                .hasMessageContaining("limits.processes");
        assertThatThrownBy(() -> InstanceConfig.validate(Map.of("limits.cpu", "1-0")))
                .hasMessageContaining("limits.cpu");
    }

    @Test
    void shouldRejectWhenKeyIsUnknown() {
        assertThatThrownBy(() -> InstanceConfig.validate(Map.of("security.bogus", "true")))
                .isInstanceOf(ConfigException.class).hasMessage("Unknown configuration key: security.bogus");
    }

    @Test
    void shouldAcceptWhenKeysAreFreeFormOrImplemented() {
        InstanceConfig.validate(Map.of("user.note", "anything", "environment.FOO", "bar", "limits.cpu", "0-1,3",
                "limits.processes", "100", "limits.memory", "256MiB"));
    }

    @Test
    void shouldRejectRawSeccompWhenTheInstanceIsUnprivileged() {
        String policy = "2\ndenylist\n[all]\nkeyctl errno 1\n";
        assertThatThrownBy(() -> InstanceConfig.validate(Map.of("raw.seccomp", policy)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("raw.seccomp")
                .hasMessageContaining("security.privileged=true");
        InstanceConfig.validate(Map.of("raw.seccomp", policy, "security.privileged", "true"));
        assertThatThrownBy(() -> InstanceConfig.validate(Map.of("raw.seccomp", "2\nmaybelist\n",
                "security.privileged", "true"))).hasMessageContaining("raw.seccomp").hasMessageContaining("line 2");
        assertThatThrownBy(() -> InstanceConfig.validate(Map.of("security.nesting", "perhaps")))
                .hasMessageContaining("security.nesting").hasMessageContaining("not a boolean");
    }

    @Test
    void shouldParseAnLxcPolicyWhenRawSeccompIsGiven() {
        SeccompPolicy policy = SeccompPolicy.parse("2\ndenylist\n# comment\n[all]\nkexec_load errno 38\nptrace kill\n"
                + "mount\n");
        assertThat(policy.allowByDefault()).isTrue();
        assertThat(policy.rules()).containsExactly(
                new SeccompPolicy.Rule("kexec_load", SeccompPolicy.Action.ERRNO, 38, false),
                new SeccompPolicy.Rule("ptrace", SeccompPolicy.Action.KILL, 0, false),
                new SeccompPolicy.Rule("mount", SeccompPolicy.Action.ERRNO, 1, false));
        assertThatThrownBy(() -> SeccompPolicy.parse("2\ndenylist\nread errno\n")).hasMessageContaining("errno");
    }

    @Test
    void shouldPinToFirstCpusWhenLimitIsACount() {
        Limits limits = Limits.from(Map.of("limits.cpu", "2"), 4);
        assertThat(limits.cpuset()).contains("0-1");
        assertThatThrownBy(() -> Limits.from(Map.of("limits.cpu", "8"), 4)).hasMessageContaining("exceeds");
    }

    @Test
    void shouldFollowLxdRulesWhenNamesAreChecked() {
        assertThat(InstanceNames.problem("c1")).isEmpty();
        assertThat(InstanceNames.problem("web-01")).isEmpty();
        assertThat(InstanceNames.problem("1c")).isPresent();
        assertThat(InstanceNames.problem("-c")).isPresent();
        assertThat(InstanceNames.problem("c_1")).isPresent();
        assertThat(InstanceNames.problem("c-")).isPresent();
        assertThat(InstanceNames.problem("a".repeat(63))).isEmpty();
        assertThat(InstanceNames.problem("a".repeat(64))).isPresent();
        assertThat(InstanceNames.problem("")).isPresent();
    }
}
