package dev.berth.executor.service;

import java.util.List;

import dev.berth.contracts.messaging.HostEvent;
import dev.berth.contracts.messaging.Message;

/** Where host events go; returns once every event is durably sent, in order. */
public interface EventSink {
    void emit(List<Message<HostEvent>> events);
}
