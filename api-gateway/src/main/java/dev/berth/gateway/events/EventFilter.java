package dev.berth.gateway.events;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.berth.contracts.lxd.Event;
import dev.berth.gateway.rest.LxdException;

/** What one {@code /1.0/events} client asked for: {@code type=} (comma-separated) and a project or all of them. */
public record EventFilter(Set<String> types, String project, boolean allProjects) {
    private static final List<String> KNOWN = List.of(Event.OPERATION, Event.LOGGING, Event.LIFECYCLE);

    /** Parses the query; an unknown type is a 400 naming it, none means every type. */
    public static EventFilter parse(String type, String project, String allProjects) {
        Set<String> types = new LinkedHashSet<>();
        if (type != null) {
            for (String t : type.split(",")) {
                String name = t.strip();
                if (name.isEmpty()) {
                    continue;
                }
                if (!KNOWN.contains(name)) {
                    throw LxdException
                            .badRequest("Invalid type \"" + name + "\": expected " + String.join(", ", KNOWN));
                }
                types.add(name);
            }
        }
        if (types.isEmpty()) {
            types.addAll(KNOWN);
        }
        return new EventFilter(Set.copyOf(types), project == null || project.isEmpty() ? "default" : project,
                "true".equalsIgnoreCase(allProjects));
    }

    public boolean matches(Event event) {
        if (!types.contains(event.type())) {
            return false;
        }
        // Server-wide events (no project, such as logging) reach every listener, as in LXD.
        return allProjects || event.project() == null || event.project().isEmpty() || event.project().equals(project);
    }
}
