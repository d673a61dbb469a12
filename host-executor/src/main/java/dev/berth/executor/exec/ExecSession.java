package dev.berth.executor.exec;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.InstanceRef;
import dev.berth.contracts.Json;
import dev.berth.contracts.exec.ExecStart;
import dev.berth.contracts.messaging.Envelope;
import dev.berth.contracts.messaging.OperationEvent;
import dev.berth.executor.runtime.RuncGlobal;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/**
 * One exec: the websockets attached to its fds, its {@code runc exec} child and the pumps between them. Output is read
 * in chunks and each chunk waits until its socket drains, so a slow client slows the command instead of filling the
 * executor's memory; stdout and stderr have a pump each, so a full stderr never blocks stdout.
 */
final class ExecSession implements Attachable {
    private static final Logger LOG = Logger.getLogger(ExecSession.class);
    private static final int CHUNK = 32 * 1024;
    private static final int SOCKET_QUEUE = 256 * 1024;
    private static final int STDIN_HIGH = 16;
    private static final int STDIN_LOW = 4;
    private static final byte[] EOF = new byte[0];
    /** How long output may still flow after the command exits (a background child can hold the pipe open). */
    private static final long DRAIN_AFTER_EXIT_MS = 2_000;

    /** Publishes how the exec ended, then forgets it. */
    interface Ending {
        void ended(ExecSession session, OperationEvent outcome);
    }

    final ExecStart start;
    private final RuncGlobal runc;
    private final Path runcLog;
    private final Path outputDir;
    private final ExecutorService io;
    private final Ending ending;
    private final Map<String, ServerWebSocket> sockets = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<byte[]> stdin = new LinkedBlockingQueue<>();
    private boolean launched;
    private boolean over;
    private volatile Process process;
    private volatile Pty pty;
    private final Map<String, Long> trace = new ConcurrentHashMap<>();

    ExecSession(ExecStart start, RuncGlobal runc, Path runcLog, Path outputDir, ExecutorService io, Ending ending) {
        this.start = start;
        this.runc = runc;
        this.runcLog = runcLog;
        this.outputDir = outputDir;
        this.io = io;
        this.ending = ending;
        if (start.trace() != null) {
            trace.putAll(start.trace());
        }
        trace.put("exec.opened", Envelope.nowMicros());
    }

    /** When the exec passed each step, for the operation's {@code berth_trace}. */
    Map<String, Long> trace() {
        Map<String, Long> ordered = new LinkedHashMap<>();
        trace.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return ordered;
    }

    /** Refuses an fd the exec does not have, or one already attached; starts the command once all it needs are. */
    @Override
    public synchronized void attach(String fd, ServerWebSocket ws) {
        check(fd);
        if (over) {
            throw new ExecRefused(400, "The command already ended");
        }
        sockets.put(fd, ws);
        ws.setWriteQueueMaxSize(SOCKET_QUEUE);
        if (fd.equals("0")) {
            ws.binaryMessageHandler(b -> feed(ws, b.getBytes()));
            ws.textMessageHandler(t -> feed(ws, EOF));
            ws.closeHandler(v -> feed(ws, EOF));
        } else if (fd.equals(ExecStart.CONTROL)) {
            ws.textMessageHandler(this::control);
            ws.binaryMessageHandler(b -> control(b.toString()));
        } else {
            ws.handler(b -> {
            });
        }
        if (!launched && sockets.keySet().containsAll(start.requiredFds())) {
            launch();
        }
    }

    /** Whether {@code fd} could be attached now (the gateway asks before it upgrades the client's request). */
    @Override
    public synchronized void check(String fd) {
        if (!start.fds().contains(fd)) {
            throw new ExecRefused(403, "Invalid websocket fd \"" + fd + "\"");
        }
        if (sockets.containsKey(fd)) {
            throw new ExecRefused(409, "Websocket fd \"" + fd + "\" is already connected");
        }
    }

    synchronized void launch() {
        if (launched || over) {
            return;
        }
        launched = true;
        trace.put("exec.attached", Envelope.nowMicros());
        io.execute(this::run);
    }

    /** Ends an exec whose websockets never all came. */
    synchronized boolean expire() {
        if (launched || over) {
            return false;
        }
        over = true;
        ending.ended(this, new OperationEvent.OperationFailed(start.operationId(), 500,
                "Timed out waiting for websockets to connect"));
        closeAll();
        return true;
    }

    private void run() {
        try {
            process = spawn();
            trace.put("exec.spawned", Envelope.nowMicros());
        } catch (IOException | RuntimeException e) {
            finish(new OperationEvent.OperationFailed(start.operationId(), 500, "Failed to run runc: "
                    + e.getMessage()));
            return;
        }
        List<Future<?>> pumps = new ArrayList<>();
        if (start.websockets()) {
            if (pty != null) {
                pumps.add(io.submit(() -> pump(pty.input(), sockets.get("0"))));
                io.execute(() -> feedProcess(pty.output(), sockets.get("0")));
            } else {
                pumps.add(io.submit(() -> pump(process.getInputStream(), sockets.get("1"))));
                pumps.add(io.submit(() -> pump(process.getErrorStream(), sockets.get("2"))));
                io.execute(() -> feedProcess(process.getOutputStream(), sockets.get("0")));
            }
        }
        int code;
        try {
            code = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            code = 137;
        }
        trace.put("exec.exited", Envelope.nowMicros());
        long deadline = System.currentTimeMillis() + DRAIN_AFTER_EXIT_MS;
        for (Future<?> pump : pumps) {
            try {
                pump.get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                LOG.debugf("exec %s: output still open after exit (a background process holds it)",
                        start.operationId());
            } catch (Exception e) {
                LOG.debugf("exec %s: pump ended with %s", start.operationId(), e.toString());
            }
        }
        stdin.offer(EOF);
        trace.put("exec.drained", Envelope.nowMicros());
        finish(outcome(code));
    }

    private Process spawn() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(RuncExecArgs.of(runc, start, runcLog));
        if (!start.websockets()) {
            pb.redirectInput(Redirect.from(new File("/dev/null")));
            if (start.recordOutput()) {
                Files.createDirectories(outputDir);
                pb.redirectOutput(outputDir.resolve(ExecStart.outputFile(start.operationId(), 1)).toFile());
                pb.redirectError(outputDir.resolve(ExecStart.outputFile(start.operationId(), 2)).toFile());
            } else {
                pb.redirectOutput(Redirect.DISCARD);
                pb.redirectError(Redirect.DISCARD);
            }
            return pb.start();
        }
        if (start.interactive()) {
            pty = Pty.open(start.width(), start.height());
            File slave = new File(pty.slavePath());
            pb.redirectInput(slave).redirectOutput(slave).redirectError(slave);
            try {
                return pb.start();
            } finally {
                pty.closeSlave();
            }
        }
        return pb.start();
    }

    /** runc's own failure (nothing ran) is an operation error; otherwise the command's exit code is the result. */
    private OperationEvent outcome(int code) {
        if (code == 255) {
            String failure = runcFailure();
            if (failure != null) {
                boolean missing = failure.contains("no such file or directory")
                        || failure.contains("executable file not found");
                return new OperationEvent.OperationFailed(start.operationId(), 400,
                        missing ? "Command not found" : failure);
            }
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("return", code);
        if (!start.websockets() && start.recordOutput()) {
            String base = InstanceRef.ofContainerId(start.containerId()).url() + "/logs/exec-output/";
            metadata.put("output", Map.of("1", base + ExecStart.outputFile(start.operationId(), 1), "2",
                    base + ExecStart.outputFile(start.operationId(), 2)));
        }
        return new OperationEvent.OperationSucceeded(start.operationId(), metadata);
    }

    private String runcFailure() {
        try {
            for (String line : Files.readAllLines(runcLog)) {
                JsonNode entry = Json.MAPPER.readTree(line);
                String msg = entry.path("msg").asText("");
                if ("error".equals(entry.path("level").asText()) && msg.startsWith("exec failed")) {
                    return msg.replaceFirst("^exec failed: (unable to start container process: )?", "");
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("exec %s: no runc log: %s", start.operationId(), e.toString());
        }
        return null;
    }

    private void finish(OperationEvent outcome) {
        synchronized (this) {
            over = true;
        }
        ending.ended(this, outcome);
        closeAll();
    }

    private void closeAll() {
        sockets.values().forEach(ws -> {
            if (!ws.isClosed()) {
                ws.close();
            }
        });
        Pty p = pty;
        if (p != null) {
            p.close();
        }
    }

    /** Sends the stream in binary messages, each after the socket drained, then LXD's end mark: an empty text one. */
    private void pump(InputStream in, ServerWebSocket ws) {
        byte[] buf = new byte[CHUNK];
        try (in) {
            for (int n; (n = in.read(buf)) > 0;) {
                if (ws != null) {
                    write(ws, Buffer.buffer(Arrays.copyOf(buf, n)));
                }
            }
        } catch (IOException e) {
            LOG.debugf("exec %s: output closed: %s", start.operationId(), e.toString());
        }
        if (ws != null && !ws.isClosed()) {
            ws.writeTextMessage("");
        }
    }

    /** Writes one binary message and waits while the socket's queue is full (a slow client slows the source). */
    static void write(ServerWebSocket ws, Buffer data) {
        if (ws.isClosed()) {
            return;
        }
        ws.writeBinaryMessage(data);
        while (ws.writeQueueFull() && !ws.isClosed()) {
            CompletableFuture<Void> drained = new CompletableFuture<>();
            ws.drainHandler(v -> drained.complete(null));
            if (!ws.writeQueueFull()) {
                break;
            }
            try {
                drained.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                // look again: the socket may have closed meanwhile
            } catch (Exception e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Queues stdin from the client, pausing its socket while the command is not reading. */
    private void feed(ServerWebSocket ws, byte[] data) {
        stdin.offer(data);
        if (stdin.size() > STDIN_HIGH) {
            ws.pause();
        }
    }

    private void feedProcess(OutputStream out, ServerWebSocket ws) {
        boolean open = true;
        try {
            while (true) {
                byte[] data = stdin.take();
                if (stdin.size() < STDIN_LOW && ws != null) {
                    ws.resume();
                }
                if (data == EOF) {
                    break;
                }
                if (open) {
                    try {
                        out.write(data);
                        out.flush();
                    } catch (IOException e) {
                        open = false; // the command closed its stdin or ended: drop the rest
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (pty == null) {
                try {
                    out.close();
                } catch (IOException e) {
                    LOG.tracef("stdin already closed: %s", e);
                }
            }
        }
    }

    /** LXD's control messages: {@code signal} (forwarded by runc to the command) and {@code window-resize}. */
    private void control(String text) {
        Process p = process;
        try {
            JsonNode msg = Json.MAPPER.readTree(text);
            String command = msg.path("command").asText("");
            if (command.equals("signal") && p != null && msg.path("signal").isInt()) {
                Libc.INSTANCE.kill((int) p.pid(), msg.path("signal").asInt());
            } else if (command.equals("window-resize") && pty != null && p != null) {
                JsonNode args = msg.path("args");
                pty.resize(Integer.parseInt(args.path("width").asText("80")),
                        Integer.parseInt(args.path("height").asText("25")));
                Libc.INSTANCE.kill((int) p.pid(), Libc.SIGWINCH);
            }
        } catch (Exception e) {
            LOG.debugf("exec %s: control message %s ignored: %s", start.operationId(), text, e.toString());
        }
    }
}
