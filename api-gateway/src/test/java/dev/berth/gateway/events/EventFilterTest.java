package dev.berth.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Event;
import dev.berth.gateway.rest.LxdException;

class EventFilterTest {

    private static Event event(String type, String project) {
        return new Event(type, Instant.now(), Json.MAPPER.createObjectNode(), "none", project);
    }

    @Test
    void shouldTakeEveryTypeOfItsProjectWhenNoTypeIsGiven() {
        EventFilter all = EventFilter.parse(null, null, null);
        assertThat(all.matches(event("operation", "default"))).isTrue();
        assertThat(all.matches(event("lifecycle", "default"))).isTrue();
        assertThat(all.matches(event("logging", null))).isTrue();
        assertThat(all.matches(event("lifecycle", "other"))).isFalse();
    }

    @Test
    void shouldTakeOnlyTheListedTypesAndProject() {
        EventFilter some = EventFilter.parse("lifecycle, operation", "p1", "");
        assertThat(some.matches(event("lifecycle", "p1"))).isTrue();
        assertThat(some.matches(event("logging", "p1"))).isFalse();
        assertThat(some.matches(event("operation", "default"))).isFalse();
        assertThat(EventFilter.parse("operation", "p1", "true").matches(event("operation", "p2"))).isTrue();
    }

    @Test
    void shouldRefuseAnUnknownTypeNamingIt() {
        assertThatThrownBy(() -> EventFilter.parse("operation,bogus", null, null))
                .isInstanceOf(LxdException.class).hasMessageContaining("\"bogus\"")
                .extracting(e -> ((LxdException) e).code()).isEqualTo(400);
    }
}
