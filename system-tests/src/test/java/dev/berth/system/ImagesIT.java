package dev.berth.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.cli.Main;
import dev.berth.cli.http.LxdClient;
import dev.berth.cli.http.Reply;
import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.InstancesPost;
import dev.berth.contracts.lxd.Operation;
import picocli.CommandLine;

/** The image store through the gateway: import, export, aliases, publish, and launching what was imported. */
@ExtendWith(Stack.class)
class ImagesIT {
    private final LxdClient api = Stack.client();

    @TempDir
    Path tmp;

    @AfterEach
    void cleanUp() {
        for (String name : List.of("it-img-src", "it-img-copy", "it-img-marked")) {
            Instances.forceDelete(api, name);
        }
        for (String alias : List.of("it-marked", "it-published", "it-renamed")) {
            try {
                String target = api.sync("GET", "/1.0/images/aliases/" + alias, null).path("target").asText();
                api.sync("DELETE", "/1.0/images/aliases/" + alias, null);
                api.waitSuccess(api.async("DELETE", "/1.0/images/" + target, null), 60);
            } catch (RuntimeException e) {
                // not there
            }
        }
        api.close();
    }

    @Test
    void shouldImportExportAndLaunchAnImageWhenUploadedThroughTheCli() throws Exception {
        // Given a unified image made from busybox's export with one extra file
        Path busybox = tmp.resolve("busybox.tar.gz");
        try (OutputStream out = Files.newOutputStream(busybox)) {
            api.download("/1.0/images/" + fingerprintOf("busybox") + "/export", out);
        }
        Path marked = tmp.resolve("marked.tar.gz");
        withExtraFile(busybox, marked, "rootfs/etc/berth-marker", "imported\n");
        String sha = sha256(marked);

        // When a user imports it with the CLI under an alias
        CliRun imported = cli("image", "import", marked.toString(), "--alias", "it-marked", "description=marked");

        // Then the operation's fingerprint is the file's sha256, and the image is listed with its alias
        assertThat(imported.code).as(imported.err).isZero();
        assertThat(imported.out).contains(sha);
        JsonNode image = api.sync("GET", "/1.0/images/" + sha.substring(0, 12), null);
        assertThat(image.path("fingerprint").asText()).isEqualTo(sha);
        assertThat(image.path("size").asLong()).isEqualTo(Files.size(marked));
        assertThat(image.path("aliases").toString()).contains("it-marked");
        assertThat(cli("image", "list").out).contains("it-marked").contains(sha.substring(0, 12));

        // And exporting it gives the very same bytes back
        Path exported = tmp.resolve("exported.tar.gz");
        assertThat(cli("image", "export", "it-marked", exported.toString()).code).isZero();
        assertThat(sha256(exported)).isEqualTo(sha);

        // And a second upload of the same bytes is refused with 409 naming the fingerprint
        Reply dup = upload(Files.readAllBytes(marked));
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.bodyText()).contains(sha);

        // When an instance is launched from the alias
        api.waitSuccess(api.createInstance(from("it-img-marked", "it-marked")), 120);

        // Then it runs the imported rootfs, marker included
        assertThat(api.getInstance("it-img-marked").status()).isEqualTo("Running");
        assertThat(Stack.STATE.resolve("executor/containers/default_it-img-marked/rootfs/etc/berth-marker"))
                .hasContent("imported");
    }

    @Test
    void shouldLaunchAPublishedImageWithTheFilesWrittenInTheSourceContainer() throws Exception {
        // Given a container in which a file was written, then stopped
        Instances.launch(api, "it-img-src", Map.of());
        Host.run("runc", "--root", Stack.RUNC_ROOT, "exec", "default_it-img-src", "/bin/sh", "-c",
                "echo 'from the source container' > /root/published-marker");
        // (unprivileged: the container's root wrote it, so on the host it belongs to uid 1000000)
        assertThat(Files.getAttribute(Stack.STATE.resolve(
                "executor/containers/default_it-img-src/disk/upper/root/published-marker"), "unix:uid"))
                .isEqualTo(1_000_000);
        Instances.stop(api, "it-img-src", true);

        // When it is published with an alias and a property
        CliRun published = cli("publish", "it-img-src", "--alias", "it-published", "os=berthOS");

        // Then the operation names the new image, which carries the property and the alias
        assertThat(published.code).as(published.err).isZero();
        String fingerprint = fingerprintOf("it-published");
        assertThat(published.out).contains(fingerprint);
        JsonNode image = api.sync("GET", "/1.0/images/" + fingerprint, null);
        assertThat(image.path("properties").path("os").asText()).isEqualTo("berthOS");

        // When a new container is launched from it
        api.waitSuccess(api.createInstance(from("it-img-copy", "it-published")), 120);

        // Then the file is there, and the copy runs
        assertThat(api.getInstance("it-img-copy").status()).isEqualTo("Running");
        assertThat(Stack.STATE.resolve("executor/containers/default_it-img-copy/rootfs/root/published-marker"))
                .hasContent("from the source container");
        // and the image carries it as root's: publish shifted the ids back
        assertThat(Files.getAttribute(Stack.STATE.resolve("executor/images/" + fingerprint
                + "/rootfs/root/published-marker"), "unix:uid")).isEqualTo(0);

        // And the alias can be renamed, and the old name is gone
        api.sync("POST", "/1.0/images/aliases/it-published", Map.of("name", "it-renamed"));
        assertThat(fingerprintOf("it-renamed")).isEqualTo(fingerprint);
        Reply old = Stack.http().request("GET", "/1.0/images/aliases/it-published", null);
        assertThat(old.status()).isEqualTo(404);
    }

    @Test
    void shouldRefuseToPublishARunningInstanceAndKeepItRunning() throws Exception {
        Instances.launch(api, "it-img-src", Map.of());

        Reply reply = Stack.http().request("POST", "/1.0/images",
                "{\"source\":{\"type\":\"instance\",\"name\":\"it-img-src\"}}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(reply.bodyText()).path("error").asText()).contains("running");
        assertThat(api.getInstance("it-img-src").status()).isEqualTo("Running");
    }

    @Test
    void shouldRefuseAnArchiveEscapingTheRootfsAndStoreNothing() throws Exception {
        // Given an image whose tarball holds a ../ entry
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            add(tar, "metadata.yaml", "architecture: x86_64\ncreation_date: 1700000000\n");
            add(tar, "rootfs/../../escape", "boom");
        }
        int before = api.sync("GET", "/1.0/images", null).size();

        // When it is uploaded
        Reply reply = upload(bytes.toByteArray());

        // Then it is refused with a clear 400 naming the entry, and nothing was stored
        assertThat(reply.status()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(reply.bodyText()).path("error").asText()).contains("escape");
        assertThat(api.sync("GET", "/1.0/images", null).size()).isEqualTo(before);
    }

    private Reply upload(byte[] body) throws IOException {
        return dev.berth.cli.http.StreamingExchange.exchange(Stack.SOCKET, "POST", "/1.0/images",
                Map.of("Content-Type", "application/octet-stream"), new ByteArrayInputStream(body), body.length,
                null);
    }

    private String fingerprintOf(String alias) {
        return api.sync("GET", "/1.0/images/aliases/" + alias, null).path("target").asText();
    }

    private static InstancesPost from(String name, String alias) {
        return new InstancesPost(name, "container", true, Map.of(), Map.of(), null, false, "", "", "",
                new InstancesPost.InstanceSource("image", alias, null, null, null, null));
    }

    private record CliRun(int code, String out, String err) {
    }

    private static CliRun cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Main main = new Main(Stack::client);
        CommandLine cl = Main.commandLine(main);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    private static void withExtraFile(Path source, Path target, String name, String content) throws IOException {
        try (InputStream in = new TarArchiveInputStream(new GzipCompressorInputStream(Files.newInputStream(source)));
                TarArchiveOutputStream tar = new TarArchiveOutputStream(
                        new GzipCompressorOutputStream(Files.newOutputStream(target)))) {
            TarArchiveInputStream tin = (TarArchiveInputStream) in;
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry entry;
            while ((entry = tin.getNextEntry()) != null) {
                tar.putArchiveEntry(entry);
                if (entry.isFile()) {
                    tin.transferTo(tar);
                }
                tar.closeArchiveEntry();
            }
            add(tar, name, content);
        }
    }

    private static void add(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(data.length);
        entry.setMode(0644);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
