package dev.berth.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;
import dev.berth.gateway.rest.LxdException;

class InstanceFilterTest {
    private static final JsonNode C1 = Json.MAPPER.valueToTree(java.util.Map.of("name", "c1", "status", "Running",
            "config", java.util.Map.of("limits.memory", "64MiB", "image.os", "busybox"),
            "state", java.util.Map.of("pid", 42)));
    private static final JsonNode C2 = Json.MAPPER.valueToTree(java.util.Map.of("name", "c2", "status", "Stopped",
            "config", java.util.Map.of("image.os", "Debian")));

    @Test
    void shouldMatchEverythingWhenTheFilterIsEmpty() {
        assertThat(InstanceFilter.parse("").matches(C1)).isTrue();
        assertThat(InstanceFilter.parse(null).matches(C2)).isTrue();
    }

    @Test
    void shouldCompareFieldsAndMapKeysWithDotsCaseInsensitivelyWhenGivenEqAndNe() {
        assertThat(InstanceFilter.parse("status eq running").matches(C1)).isTrue();
        assertThat(InstanceFilter.parse("status eq running").matches(C2)).isFalse();
        assertThat(InstanceFilter.parse("config.limits.memory eq 64MiB").matches(C1)).isTrue();
        assertThat(InstanceFilter.parse("config.image.os eq debian").matches(C2)).isTrue();
        assertThat(InstanceFilter.parse("state.pid eq 42").matches(C1)).isTrue();
        assertThat(InstanceFilter.parse("name ne c1").matches(C1)).isFalse();
        assertThat(InstanceFilter.parse("config.missing eq x").matches(C1)).isFalse();
        assertThat(InstanceFilter.parse("config.missing ne x").matches(C1)).isTrue();
    }

    @Test
    void shouldCombineClausesWithNotBeforeAndBeforeOrWhenGivenSeveral() {
        assertThat(InstanceFilter.parse("name eq c2 or name eq c1 and status eq stopped").matches(C1)).isFalse();
        assertThat(InstanceFilter.parse("(name eq c2 or name eq c1) and status eq running").matches(C1)).isTrue();
        assertThat(InstanceFilter.parse("not status eq running and name eq \"c2\"").matches(C2)).isTrue();
        assertThat(InstanceFilter.parse("not (name eq c1 or name eq c2)").matches(C2)).isFalse();
    }

    @Test
    void shouldRefuseWithA400WhenTheFilterIsMalformed() {
        for (String bad : new String[]{"name", "name gt c1", "name eq", "(name eq c1", "name eq \"c1",
                "name eq c1 c2"}) {
            assertThatThrownBy(() -> InstanceFilter.parse(bad)).as(bad).isInstanceOf(LxdException.class)
                    .hasMessageContaining("Invalid filter");
        }
    }
}
