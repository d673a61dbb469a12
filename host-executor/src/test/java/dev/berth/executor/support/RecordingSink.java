package dev.berth.executor.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.berth.contracts.messaging.HostEvent;
import dev.berth.contracts.messaging.Message;
import dev.berth.executor.service.EventSink;

/** Keeps emitted events in memory, stamping them as the Kafka publisher would. */
public final class RecordingSink implements EventSink {
    public final List<Message<HostEvent>> events = new CopyOnWriteArrayList<>();

    @Override
    public void emit(List<Message<HostEvent>> batch) {
        batch.forEach(m -> m.envelope().stamp("executor.published"));
        events.addAll(batch);
    }

    public List<HostEvent> payloads() {
        return events.stream().map(Message::payload).toList();
    }

    public void clear() {
        events.clear();
    }
}
