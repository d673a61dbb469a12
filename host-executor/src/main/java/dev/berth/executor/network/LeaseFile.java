package dev.berth.executor.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads dnsmasq's lease file ({@code expiry mac ip hostname client-id} per IPv4 lease) the way LXD builds its leases
 * list: every static lease first, whether or not the instance has asked for it yet, then the dynamic leases of MACs
 * that have no static one.
 */
final class LeaseFile {
    private LeaseFile() {
    }

    static List<Lease> read(Path file, List<StaticLease> statics) {
        List<Lease> leases = new ArrayList<>();
        Set<String> staticMacs = new HashSet<>();
        for (StaticLease s : statics) {
            leases.add(new Lease(s.hostname(), s.hwaddr(), s.address(), Lease.STATIC));
            staticMacs.add(s.hwaddr());
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return leases;
        } catch (IOException e) {
            throw NetworkException.internal("cannot read " + file + ": " + e.getMessage(), e);
        }
        for (String line : lines) {
            String[] f = line.strip().split("\\s+");
            // IPv6 leases follow a "duid" line and carry an IAID instead of a MAC; not served yet.
            if (f.length < 4 || f[0].equals("duid") || !f[1].contains(":") || f[2].contains(":")) {
                continue;
            }
            String mac = f[1].toLowerCase(java.util.Locale.ROOT);
            if (staticMacs.contains(mac)) {
                continue;
            }
            leases.add(new Lease(f[3].equals("*") ? "" : f[3], mac, f[2], Lease.DYNAMIC));
        }
        return leases;
    }
}
