package dev.berth.contracts.exec;

import java.util.List;

/**
 * The gateway asks a node's executor to attach a client to a container's console, under the LXD {@code websocket}
 * operation {@code operationId}: fd {@code 0} carries the console's bytes both ways, {@code control} its
 * {@code window-resize} messages; the operation ends when the client leaves or the console goes away.
 */
public record ConsoleStart(String operationId, String project, String containerId, int width, int height) {

    /** The fds a console has, as LXD names them. */
    public static final List<String> FDS = List.of("0", ExecStart.CONTROL);
}
