package dev.berth.executor.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.berth.executor.proc.Exec;
import dev.berth.executor.service.Trees;

/**
 * Finds and removes what a network test may leave: interfaces whose names start with the run's prefix (bridges,
 * veths), nftables tables {@code berth-<prefix>*}, dnsmasq processes started with the state dir, and files in it.
 */
final class NetLeftovers {
    private NetLeftovers() {
    }

    static List<String> find(String prefix, Path stateDir) throws IOException {
        List<String> found = new ArrayList<>();
        links(prefix).forEach(l -> found.add("link " + l));
        tables(prefix).forEach(t -> found.add("nft table " + t));
        dnsmasqs(stateDir).forEach(p -> found.add("dnsmasq pid " + p));
        if (Files.exists(stateDir)) {
            try (Stream<Path> files = Files.walk(stateDir)) {
                files.filter(Files::isRegularFile).forEach(f -> found.add("file " + f));
            }
        }
        return found;
    }

    static void clean(String prefix, Path stateDir) throws IOException {
        dnsmasqs(stateDir).forEach(p -> Signals.send(p, Signals.SIGKILL));
        for (String table : tables(prefix)) {
            Exec.run(List.of("/usr/sbin/nft", "delete", "table", table.split(" ")[0], table.split(" ")[1]),
                    Duration.ofSeconds(10));
        }
        for (String link : links(prefix)) {
            Exec.run(List.of("/usr/sbin/ip", "link", "del", "dev", link), Duration.ofSeconds(10));
        }
        if (Files.exists(stateDir)) {
            try (Stream<Path> files = Files.list(stateDir)) {
                files.forEach(Trees::delete);
            }
        }
    }

    private static List<String> links(String prefix) throws IOException {
        try (Stream<Path> links = Files.list(Path.of("/sys/class/net"))) {
            return links.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).toList();
        }
    }

    /** "family name" of each table. */
    private static List<String> tables(String prefix) {
        String out = Exec.run(List.of("/usr/sbin/nft", "list", "tables"), Duration.ofSeconds(10)).stdout();
        return out.lines().map(String::strip).filter(l -> l.startsWith("table "))
                .map(l -> l.substring("table ".length())).filter(l -> l.split(" ")[1].startsWith("berth-" + prefix))
                .toList();
    }

    private static List<Long> dnsmasqs(Path stateDir) throws IOException {
        String marker = "--pid-file=" + stateDir.toAbsolutePath();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .filter(pid -> Signals.cmdline(pid).stream().anyMatch(a -> a.startsWith(marker)))
                    .toList();
        }
    }
}
