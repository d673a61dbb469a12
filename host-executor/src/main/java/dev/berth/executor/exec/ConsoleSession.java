package dev.berth.executor.exec;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;
import dev.berth.contracts.exec.ConsoleStart;
import dev.berth.contracts.exec.ExecStart;
import dev.berth.contracts.messaging.OperationEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/**
 * One client on a container's console: fd {@code 0} is joined to conmon's attach socket (packets from conmon carry a
 * stream byte first; what the client types goes to the console's pty), {@code control} resizes the pty through
 * conmon's control fifo. It ends when either socket closes or conmon hangs up (the container stopped).
 */
final class ConsoleSession implements Attachable {
    private static final Logger LOG = Logger.getLogger(ConsoleSession.class);
    private static final int PACKET = 64 * 1024;

    /** Publishes how the console ended, then forgets it. */
    interface Ending {
        void ended(ConsoleSession session, OperationEvent outcome);
    }

    final ConsoleStart start;
    private final Path attachSocket;
    private final Path controlFifo;
    private final ExecutorService io;
    private final Ending ending;
    private final Map<String, ServerWebSocket> sockets = new ConcurrentHashMap<>();
    private SeqpacketSocket console;
    private boolean over;

    ConsoleSession(ConsoleStart start, Path attachSocket, Path controlFifo, ExecutorService io, Ending ending) {
        this.start = start;
        this.attachSocket = attachSocket;
        this.controlFifo = controlFifo;
        this.io = io;
        this.ending = ending;
    }

    @Override
    public synchronized void check(String fd) {
        if (!ConsoleStart.FDS.contains(fd)) {
            throw new ExecRefused(403, "Invalid websocket fd \"" + fd + "\"");
        }
        if (sockets.containsKey(fd)) {
            throw new ExecRefused(409, "Websocket fd \"" + fd + "\" is already connected");
        }
    }

    @Override
    public synchronized void attach(String fd, ServerWebSocket ws) {
        check(fd);
        if (over) {
            throw new ExecRefused(400, "The console already ended");
        }
        sockets.put(fd, ws);
        ws.closeHandler(v -> io.execute(() -> finish(new OperationEvent.OperationSucceeded(start.operationId(),
                Map.of()))));
        if (fd.equals(ExecStart.CONTROL)) {
            ws.textMessageHandler(this::control);
            ws.binaryMessageHandler(b -> control(b.toString()));
            return;
        }
        try {
            console = SeqpacketSocket.connect(attachSocket);
        } catch (IOException e) {
            LOG.infof("console %s of %s: %s", start.operationId(), start.containerId(), e.getMessage());
            io.execute(() -> finish(new OperationEvent.OperationFailed(start.operationId(), 500,
                    "Failed to attach to the console: " + e.getMessage())));
            return;
        }
        resize(start.width(), start.height());
        SeqpacketSocket attached = console;
        ws.setWriteQueueMaxSize(256 * 1024);
        ws.binaryMessageHandler(b -> type(attached, b.getBytes()));
        ws.textMessageHandler(t -> type(attached, t.getBytes(StandardCharsets.UTF_8)));
        io.execute(() -> pump(attached, ws));
    }

    /** Ends a console whose websocket never came. */
    synchronized boolean expire() {
        if (over || sockets.containsKey("0")) {
            return false;
        }
        io.execute(() -> finish(new OperationEvent.OperationFailed(start.operationId(), 500,
                "Timed out waiting for websockets to connect")));
        return true;
    }

    /** conmon's packets to the client, each after the socket drained; the end of the console ends the session. */
    private void pump(SeqpacketSocket from, ServerWebSocket ws) {
        byte[] buffer = new byte[PACKET];
        try {
            for (byte[] packet; (packet = from.receive(buffer)) != null;) {
                if (packet.length > 1) {
                    ExecSession.write(ws, Buffer.buffer(Arrays.copyOfRange(packet, 1, packet.length)));
                }
            }
        } catch (IOException e) {
            LOG.debugf("console %s: %s", start.operationId(), e.toString());
        } finally {
            from.close();
        }
        finish(new OperationEvent.OperationSucceeded(start.operationId(), Map.of()));
    }

    private void type(SeqpacketSocket to, byte[] data) {
        if (data.length == 0) {
            return;
        }
        try {
            to.send(data);
        } catch (IOException e) {
            LOG.debugf("console %s: input dropped: %s", start.operationId(), e.getMessage());
        }
    }

    /** LXD's {@code window-resize} ({@code args.width}, {@code args.height} as strings); others are ignored. */
    private void control(String text) {
        try {
            JsonNode msg = Json.MAPPER.readTree(text);
            if (msg.path("command").asText("").equals("window-resize")) {
                JsonNode args = msg.path("args");
                resize(Integer.parseInt(args.path("width").asText("80")),
                        Integer.parseInt(args.path("height").asText("25")));
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("console %s: control message %s ignored: %s", start.operationId(), text, e.toString());
        }
    }

    /** conmon's control fifo takes {@code 1 HEIGHT WIDTH}; a console without a terminal has nothing to resize. */
    private void resize(int width, int height) {
        if (width <= 0 || height <= 0 || !controlFifo.toFile().exists()) {
            return;
        }
        try (FileOutputStream out = new FileOutputStream(controlFifo.toFile())) {
            out.write(("1 " + height + " " + width + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            LOG.debugf("console %s: resize failed: %s", start.operationId(), e.toString());
        }
    }

    private void finish(OperationEvent outcome) {
        SeqpacketSocket attached;
        synchronized (this) {
            if (over) {
                return;
            }
            over = true;
            attached = console;
        }
        if (attached != null) {
            attached.shutdown(); // wakes the pump, which closes it
        }
        ending.ended(this, outcome);
        sockets.values().forEach(ws -> {
            if (!ws.isClosed()) {
                ws.close();
            }
        });
    }
}
