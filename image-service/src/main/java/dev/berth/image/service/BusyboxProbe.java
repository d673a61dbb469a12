package dev.berth.image.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import dev.berth.image.domain.BusyboxInfo;

/** Asks the host's busybox binary for its version and its applet list. */
@ApplicationScoped
public class BusyboxProbe {
    private static final Pattern VERSION = Pattern.compile("BusyBox v(\\d[^\\s]*)");
    private static final long TIMEOUT_SECONDS = 10;

    public BusyboxInfo probe(Path binary) throws IOException {
        if (!Files.isRegularFile(binary) || !Files.isExecutable(binary)) {
            throw new IOException("no executable busybox at " + binary + " (install busybox-static)");
        }
        String version = parseVersion(run(binary, "--help"));
        List<String> applets = run(binary, "--list-full").lines().map(String::trim).filter(s -> !s.isEmpty())
                .toList();
        if (applets.isEmpty()) {
            throw new IOException(binary + " --list-full printed no applets");
        }
        long mtime = Files.getLastModifiedTime(binary).toMillis() / 1000;
        return new BusyboxInfo(binary, version, applets, mtime);
    }

    /** The version from the first line of {@code busybox --help}, e.g. {@code 1.35.0}. */
    static String parseVersion(String help) throws IOException {
        Matcher m = VERSION.matcher(help.lines().findFirst().orElse(""));
        if (!m.find()) {
            throw new IOException("cannot find the busybox version in: " + help.lines().findFirst().orElse(""));
        }
        return m.group(1);
    }

    private static String run(Path binary, String arg) throws IOException {
        Process p = new ProcessBuilder(binary.toString(), arg).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (InputStream stdout = p.getInputStream()) {
            String out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(binary + " " + arg + " did not finish in " + TIMEOUT_SECONDS + "s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(binary + " " + arg + " exited with " + p.exitValue());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while running " + binary, e);
        }
    }
}
