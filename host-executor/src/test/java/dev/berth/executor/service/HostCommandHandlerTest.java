package dev.berth.executor.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;

import org.junit.jupiter.api.Test;

import dev.berth.contracts.messaging.Envelope;
import dev.berth.contracts.messaging.HostCommand;
import dev.berth.contracts.messaging.Message;
import dev.berth.executor.support.RecordingSink;

class HostCommandHandlerTest {

    @Test
    void shouldIgnoreTheCommandWhenItIsForAnotherNode() {
        // Given
        RecordingSink sink = new RecordingSink();
        HostCommandHandler handler = new HostCommandHandler("local", null, new ContainerLocks(), sink);
        HostCommand command = new HostCommand.DeleteContainer("node-2", "default", "c1");

        // When
        boolean handled = handler.handle(new Message<>(Envelope.root("op", "default"), command));

        // Then
        assertThat(handled).isFalse();
        assertThat(sink.events).isEmpty();
    }

    @Test
    void shouldCarryTheTraceForwardWhenTheEnvelopeHasNone() {
        // Given
        Envelope bare = new Envelope("m1", "op", null, "default", null, 1, null);

        // When
        Envelope own = HostCommandHandler.withOwnTrace(bare).stamp("executor.received");

        // Then
        assertThat(own.trace()).isInstanceOf(LinkedHashMap.class).containsKey("executor.received");
        assertThat(own.caused().trace()).containsKey("executor.received");
        assertThat(own.caused().causationId()).isEqualTo("m1");
    }
}
