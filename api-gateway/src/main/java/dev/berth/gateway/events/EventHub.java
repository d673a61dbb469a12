package dev.berth.gateway.events;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

import jakarta.enterprise.context.ApplicationScoped;

import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Event;

/** This replica's {@code /1.0/events} listeners; every event read from Kafka is offered to each of them. */
@ApplicationScoped
public class EventHub {

    /** One listener: it takes the events its filter selects. */
    public interface Listener {
        boolean wants(Event event);

        void send(String json);
    }

    private final Set<Listener> listeners = new CopyOnWriteArraySet<>();

    public void add(Listener listener) {
        listeners.add(listener);
    }

    public void remove(Listener listener) {
        listeners.remove(listener);
    }

    public int size() {
        return listeners.size();
    }

    public void deliver(Event event) {
        String json = null;
        for (Listener listener : listeners) {
            if (listener.wants(event)) {
                if (json == null) {
                    json = Json.write(event);
                }
                listener.send(json);
            }
        }
    }
}
