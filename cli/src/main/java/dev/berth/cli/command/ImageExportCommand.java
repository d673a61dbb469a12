package dev.berth.cli.command;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import dev.berth.cli.http.LxdClient;
import dev.berth.cli.http.LxdException;
import dev.berth.cli.http.Reply;

/**
 * {@code berth image export IMAGE [TARGET]}: the image's original bytes. A unified image is written to TARGET (a file,
 * or a directory that gets the server's file name); a split image comes as the server's multipart body, which this
 * command saves to {@code TARGET} as-is.
 */
@Command(name = "export", description = "Export an image's tarball.")
public final class ImageExportCommand extends ClientCommand {
    private static final Pattern FILENAME = Pattern.compile("filename=\"?([^\";]+)\"?");

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Alias or fingerprint (prefix).")
    String image;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TARGET", description = "File or directory (default: .).")
    Path target = Path.of(".");

    @Override
    public Integer call() throws IOException {
        String fingerprint = ImageRefs.fingerprint(client(), image);
        Path dir = Files.isDirectory(target) ? target : target.toAbsolutePath().getParent();
        Path partial = Files.createTempFile(dir, ".berth-export-", ".part");
        Reply reply;
        try (OutputStream out = Files.newOutputStream(partial)) {
            reply = client().download("/1.0/images/" + LxdClient.segment(fingerprint) + "/export", out);
        } catch (RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Path file = target;
        if (Files.isDirectory(target)) {
            Matcher m = FILENAME.matcher(reply.header("Content-Disposition").orElse(""));
            String name = m.find() ? Path.of(m.group(1)).getFileName().toString() : fingerprint + ".tar.gz";
            if (name.startsWith(".")) {
                throw new LxdException(400, "Refusing the server's file name \"" + name + "\"");
            }
            file = target.resolve(name);
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        out().println("Image exported to: " + file);
        return 0;
    }
}
