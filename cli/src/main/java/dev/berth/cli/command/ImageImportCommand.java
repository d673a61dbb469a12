package dev.berth.cli.command;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.berth.cli.http.LxdException;
import dev.berth.contracts.lxd.Operation;

/**
 * {@code berth image import TARBALL [ROOTFS] [--alias A]... [--public] [key=value]...}: uploads a unified image, or a
 * split one as {@code multipart/form-data} ({@code metadata} then {@code rootfs}), streamed from disk like
 * {@code incus image import}.
 */
@Command(name = "import", description = "Import an image tarball (unified), or metadata + rootfs (split).")
public final class ImageImportCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "TARBALL", description = "Unified image, or the metadata tarball of a split one.")
    Path tarball;

    @Parameters(index = "1..*", paramLabel = "ROOTFS|KEY=VALUE", description = "Rootfs of a split image, and image properties.")
    List<String> rest = new ArrayList<>();

    @Option(names = "--alias", paramLabel = "ALIAS", description = "Alias for the new image (repeatable).")
    List<String> aliases = new ArrayList<>();

    @Option(names = "--public", description = "Make the image public (served to other servers).")
    boolean isPublic;

    @Override
    public Integer call() throws IOException {
        Path rootfs = null;
        Map<String, String> properties = new LinkedHashMap<>();
        for (String arg : rest) {
            int eq = arg.indexOf('=');
            if (eq > 0) {
                properties.put(arg.substring(0, eq), arg.substring(eq + 1));
            } else if (rootfs == null) {
                rootfs = Path.of(arg);
            } else {
                throw new LxdException(400, "Unexpected argument \"" + arg + "\"");
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Incus-public", Boolean.toString(isPublic));
        if (!properties.isEmpty()) {
            headers.put("X-Incus-properties", properties.entrySet().stream()
                    .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&")));
        }
        Operation op;
        if (rootfs == null) {
            headers.put("Content-Type", "application/octet-stream");
            headers.put("X-Incus-filename", tarball.getFileName().toString());
            try (InputStream in = Files.newInputStream(tarball)) {
                op = client().uploadImage(headers, in, Files.size(tarball));
            }
        } else {
            op = uploadSplit(headers, rootfs);
        }
        Operation done = Waiter.await(client(), op, err(), "Importing " + tarball.getFileName());
        String fingerprint = String.valueOf(done.metadata().get("fingerprint"));
        for (String alias : aliases) {
            client().sync("POST", "/1.0/images/aliases", Map.of("name", alias, "target", fingerprint,
                    "description", ""));
        }
        out().println("Image imported with fingerprint: " + fingerprint);
        return 0;
    }

    private Operation uploadSplit(Map<String, String> headers, Path rootfs) throws IOException {
        String boundary = "berth-" + UUID.randomUUID();
        byte[] first = part(boundary, "metadata", tarball, true);
        byte[] second = part(boundary, "rootfs", rootfs, false);
        byte[] end = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        long length = first.length + Files.size(tarball) + second.length + Files.size(rootfs) + end.length;
        headers.put("Content-Type", "multipart/form-data; boundary=" + boundary);
        try (InputStream meta = Files.newInputStream(tarball); InputStream root = Files.newInputStream(rootfs)) {
            InputStream body = new SequenceInputStream(Collections.enumeration(List.of(
                    new ByteArrayInputStream(first), meta, new ByteArrayInputStream(second), root,
                    new ByteArrayInputStream(end))));
            return client().uploadImage(headers, body, length);
        }
    }

    private static byte[] part(String boundary, String name, Path file, boolean firstPart) {
        return ((firstPart ? "" : "\r\n") + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name
                + "\"; filename=\"" + file.getFileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
