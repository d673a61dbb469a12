package dev.berth.gateway.service;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.berth.gateway.trust.HttpsListener;
import dev.berth.gateway.trust.Peer;
import dev.berth.gateway.trust.ServerCertificate;

/** What {@code GET /1.0} says about this server, in LXD's {@code api.Server} shape. */
@ApplicationScoped
public class ServerInfo {

    /**
     * The API extensions whose behaviour Berth really implements; clients gate features on this list, so nothing is
     * listed ahead of its implementation.
     */
    public static final List<String> API_EXTENSIONS = List.of(
            "instances", // /1.0/instances rather than /1.0/containers
            "container_full", // GET /1.0/instances?recursion=2 returns InstanceFull
            "instance_get_full", // GET /1.0/instances/{name}?recursion=1 includes state
            "instance_create_start", // POST /1.0/instances honours "start": true
            "api_filtering", // GET /1.0/instances?filter= (eq/ne, and/or/not, parentheses)
            "container_exec_recording", // exec with record-output, served under /logs/exec-output
            "container_exec_signal_handling", // exec control channel forwards signals
            "container_exec_user_group_cwd", // exec honours user, group and cwd
            "console", // POST /1.0/instances/{name}/console attaches to the init's console; GET/DELETE its log
            "image_compression_algorithm", // publish honours compression_algorithm
            "image_create_aliases", // POST /1.0/images (publish, copy) creates the request's aliases itself
            "network", // /1.0/networks: managed bridges (network-service keeps them, each node's executor builds them)
            "network_leases", // GET /1.0/networks/{name}/leases
            "network_state", // GET /1.0/networks/{name}/state
            "storage", // /1.0/storage-pools: dir and btrfs pools besides the built-in overlay "default"
            "container_only_migration", // a copy carries the source's snapshots unless source.instance_only
            "file_delete", // DELETE /1.0/instances/{name}/files?path=
            "file_append", // X-LXD-write: append on a file push
            "directory_manipulation", // X-LXD-type: directory on a push, directory listings on a pull
            "file_symlinks", // X-LXD-type: symlink on a push and on a pull
            "berth_image_build", // POST /1.0/images with source.type "build" (debootstrap on a node)
            "certificate_token", // POST /1.0/certificates {"token": true}: single-use, expiring trust tokens
            "certificate_update", // PUT and PATCH /1.0/certificates/{fingerprint}
            "explicit_trust_token"); // the token may come as trust_token (LXD >= 5.21, Incus) or password

    @ConfigProperty(name = "berth.server-version")
    String version;

    @Inject
    ServerCertificate certificate;

    @Inject
    HttpsListener https;

    /** The server as this peer may see it: an untrusted TLS client learns only how to authenticate. */
    public Map<String, Object> describe(Peer peer) {
        if (!peer.trusted()) {
            Map<String, Object> server = new LinkedHashMap<>();
            server.put("config", Map.of());
            server.put("api_extensions", List.of()); // always a list: pylxd looks names up in it
            server.put("api_status", "development");
            server.put("api_version", "1.0");
            server.put("auth", "untrusted");
            server.put("public", false);
            server.put("auth_methods", List.of("tls"));
            return server;
        }
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("addresses", https.addresses());
        env.put("architectures", List.of("x86_64"));
        env.put("certificate", certificate.pem());
        env.put("certificate_fingerprint", certificate.fingerprint());
        env.put("driver", "runc");
        env.put("driver_version", "");
        env.put("firewall", "nftables");
        env.put("kernel", System.getProperty("os.name"));
        env.put("kernel_architecture", "x86_64");
        env.put("kernel_features", Map.of());
        env.put("kernel_version", System.getProperty("os.version"));
        env.put("lxc_features", Map.of());
        env.put("os_name", osRelease("NAME"));
        env.put("os_version", osRelease("VERSION_ID"));
        env.put("project", "default");
        env.put("server", "berth");
        env.put("server_clustered", false);
        env.put("server_event_mode", "full-mesh");
        env.put("server_name", hostname());
        env.put("server_pid", ProcessHandle.current().pid());
        env.put("server_version", version);
        env.put("storage", "overlay");
        env.put("storage_version", "");
        env.put("storage_supported_drivers", List.of(Map.of("Name", "overlay", "Version", "", "Remote", false),
                Map.of("Name", "dir", "Version", "1", "Remote", false),
                Map.of("Name", "btrfs", "Version", "", "Remote", false)));
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("config", https.configuredAddress().isEmpty()
                ? Map.of()
                : Map.of("core.https_address", https.configuredAddress()));
        server.put("api_extensions", API_EXTENSIONS);
        server.put("api_status", "development");
        server.put("api_version", "1.0");
        server.put("auth", "trusted");
        server.put("public", false);
        server.put("auth_methods", List.of("tls"));
        server.put("auth_user_name", peer.user());
        server.put("auth_user_method", peer.method());
        server.put("environment", env);
        return server;
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static String osRelease(String key) {
        try {
            return Files.readAllLines(Path.of("/etc/os-release")).stream().filter(l -> l.startsWith(key + "="))
                    .map(l -> l.substring(key.length() + 1).replace("\"", "")).findFirst().orElse("");
        } catch (IOException e) {
            return "";
        }
    }
}
