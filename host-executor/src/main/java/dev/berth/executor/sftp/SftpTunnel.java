package dev.berth.executor.sftp;

import java.util.Arrays;

import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.common.io.IoReadFuture;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.jboss.logging.Logger;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/**
 * Joins a client's raw SFTP stream (an upgraded HTTP connection) to a MINA SFTP channel, with back-pressure both ways:
 * the socket is paused while a chunk is on its way into the channel, and the channel is not read again while the
 * socket's write queue is full. Either side ending ends the other; the SSH session closes gracefully, so what the
 * client already sent is still carried out.
 */
final class SftpTunnel {
    private static final Logger LOG = Logger.getLogger(SftpTunnel.class);
    private static final int CHUNK = 256 * 1024;

    private final NetSocket socket;
    private final ChannelSubsystem channel;
    private final Context context;

    private SftpTunnel(NetSocket socket, ChannelSubsystem channel, Context context) {
        this.socket = socket;
        this.channel = channel;
        this.context = context;
    }

    /** Starts relaying; call on the socket's context. */
    static void join(NetSocket socket, ChannelSubsystem channel, Context context) {
        SftpTunnel t = new SftpTunnel(socket, channel, context);
        t.fromClient();
        t.readChannel();
    }

    private void fromClient() {
        socket.handler(data -> {
            socket.pause();
            try {
                channel.getAsyncIn().writeBuffer(new ByteArrayBuffer(data.getBytes())).addListener(f -> {
                    if (f.isWritten()) {
                        context.runOnContext(v -> socket.resume());
                    } else {
                        LOG.debugf("SFTP write to the subsystem failed: %s", f.getException());
                        context.runOnContext(v -> socket.close());
                    }
                });
            } catch (java.io.IOException | RuntimeException e) {
                LOG.debugf("SFTP write to the subsystem failed: %s", e.toString());
                socket.close();
            }
        });
        socket.endHandler(v -> closeSession());
        socket.exceptionHandler(e -> LOG.debugf("SFTP client stream: %s", e.toString()));
    }

    private void readChannel() {
        ByteArrayBuffer buffer = new ByteArrayBuffer(CHUNK, false);
        channel.getAsyncOut().read(buffer).addListener(f -> context.runOnContext(v -> toClient(f)));
    }

    private void toClient(IoReadFuture f) {
        if (f.getException() != null || f.getRead() < 0) {
            // the subsystem ended (or the session closed): the client's stream ends too
            socket.end();
            closeSession();
            return;
        }
        org.apache.sshd.common.util.buffer.Buffer read = f.getBuffer();
        socket.write(Buffer.buffer(Arrays.copyOfRange(read.array(), read.rpos(), read.wpos())));
        if (socket.writeQueueFull()) {
            socket.drainHandler(v -> {
                socket.drainHandler(null);
                readChannel();
            });
        } else {
            readChannel();
        }
    }

    private void closeSession() {
        if (!channel.getClientSession().isClosing()) {
            channel.getClientSession().close(false);
        }
    }
}
