package dev.berth.executor.sftp;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.StreamingChannel;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.SftpModuleProperties;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.jboss.logging.Logger;

import dev.berth.executor.files.ContainerFileSystemProvider;
import dev.berth.executor.files.ContainerSftpAccessor;
import dev.berth.executor.files.FilesRoot;

/**
 * Apache MINA SSHD's SFTP subsystem, reachable as a raw byte stream per container. MINA runs its subsystem only
 * inside an SSH channel, so the executor keeps an SSH server on loopback (an ephemeral port, one in-memory key pair
 * that is both its host key and the only client key it accepts) and opens, for each stream, a session to it as a
 * one-time user naming the container's {@link FilesRoot}; the subsystem of that session sees the container's root
 * through a {@link ContainerFileSystemProvider}. {@link SftpTunnel} joins the channel's bytes to the caller's stream.
 */
@ApplicationScoped
public class SftpServer {
    private static final Logger LOG = Logger.getLogger(SftpServer.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** pkg/sftp (incus) reads and writes 128 KiB at a time; MINA answers reads with at most this much. */
    private static final int MAX_DATA = 256 * 1024;

    private final ContainerFileSystemProvider provider = new ContainerFileSystemProvider();
    /** One-time user names handed to the next session, and the root each one opens. */
    private final Map<String, FilesRoot> pending = new ConcurrentHashMap<>();
    private KeyPair key;
    private SshServer server;
    private SshClient client;

    private synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            key = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot make the SFTP bridge's key: " + e.getMessage(), e);
        }
        SshServer s = SshServer.setUpDefaultServer();
        s.setHost("127.0.0.1");
        s.setPort(0);
        s.setKeyPairProvider(KeyPairProvider.wrap(key));
        s.setPasswordAuthenticator(null);
        s.setKeyboardInteractiveAuthenticator(null);
        s.setPublickeyAuthenticator((user, offered, session) -> KeyUtils.compareKeys(offered, key.getPublic())
                && pending.containsKey(user));
        SftpSubsystemFactory sftp = new SftpSubsystemFactory();
        sftp.setFileSystemAccessor(new ContainerSftpAccessor());
        s.setSubsystemFactories(List.of(sftp));
        s.setFileSystemFactory(new Roots());
        SftpModuleProperties.MAX_READDATA_PACKET_LENGTH.set(s, MAX_DATA);
        tune(s);
        s.start();
        SshClient c = SshClient.setUpDefaultClient();
        c.setServerKeyVerifier((session, address, offered) -> KeyUtils.compareKeys(offered, key.getPublic()));
        // both ends are this process: the cheapest cipher the JDK accelerates, no separate MAC
        c.setCipherFactories(List.of(BuiltinCiphers.aes128gcm));
        tune(c);
        c.start();
        server = s;
        client = c;
        LOG.infof("SFTP bridge on 127.0.0.1:%d", s.getPort());
    }

    /**
     * SFTP answers each request with a few bytes: with Nagle's algorithm on (MINA's default) every answer waits for
     * the delayed ACK, some 40 ms. A larger window lets a pipelining client keep more writes in flight.
     */
    private static void tune(org.apache.sshd.common.PropertyResolver side) {
        CoreModuleProperties.TCP_NODELAY.set(side, true);
        CoreModuleProperties.WINDOW_SIZE.set(side, 8L * 1024 * 1024);
    }

    /**
     * Opens an SFTP subsystem on {@code root} (blocking: call it off the event loop). The channel streams
     * asynchronously ({@link ChannelSubsystem#getAsyncIn()}/{@link ChannelSubsystem#getAsyncOut()}); closing its
     * session ends the subsystem and closes its handles.
     */
    public ChannelSubsystem open(FilesRoot root) throws IOException {
        start();
        String user = "c-" + UUID.randomUUID();
        pending.put(user, root);
        ClientSession session = null;
        try {
            session = client.connect(user, "127.0.0.1", server.getPort()).verify(TIMEOUT).getSession();
            // the subsystem takes its root once it starts, after the channel opened; a session that ends
            // before then leaves nothing behind
            session.addCloseFutureListener(f -> pending.remove(user));
            session.addPublicKeyIdentity(key);
            session.auth().verify(TIMEOUT);
            ChannelSubsystem channel = session.createSubsystemChannel("sftp");
            channel.setStreaming(StreamingChannel.Streaming.Async);
            channel.open().verify(TIMEOUT);
            return channel;
        } catch (IOException | RuntimeException e) {
            pending.remove(user);
            if (session != null) {
                session.close(true);
            }
            throw e;
        }
    }

    /** The port of the loopback SSH server, -1 before the first stream. */
    public synchronized int port() {
        return server == null ? -1 : server.getPort();
    }

    @PreDestroy
    synchronized void stop() {
        try {
            if (client != null) {
                client.stop();
            }
            if (server != null) {
                server.stop(true);
            }
        } catch (IOException e) {
            LOG.warnf("stopping the SFTP bridge: %s", e.getMessage());
        }
    }

    /** Each session's file system: the container root its one-time user names. */
    private final class Roots implements FileSystemFactory {
        @Override
        public Path getUserHomeDir(SessionContext session) {
            return null;
        }

        @Override
        public FileSystem createFileSystem(SessionContext session) throws IOException {
            FilesRoot root = pending.remove(session.getUsername());
            if (root == null) {
                throw new IOException("no container for SFTP session " + session.getUsername());
            }
            return provider.newFileSystem(root);
        }
    }
}
