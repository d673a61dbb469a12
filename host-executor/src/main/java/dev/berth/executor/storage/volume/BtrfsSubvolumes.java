package dev.berth.executor.storage.volume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/**
 * Subvolume and qgroup commands on one mounted btrfs filesystem. Snapshots and deletes are recursive, as in LXD:
 * an instance may create subvolumes inside itself (systemd-nspawn, docker's btrfs driver), and btrfs neither
 * snapshots those along with their parent nor deletes a parent that still contains one.
 */
final class BtrfsSubvolumes {
    /** A btrfs subvolume's root directory always has this inode number. */
    private static final long SUBVOLUME_ROOT_INODE = 256;

    private final Path mountPoint;

    BtrfsSubvolumes(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** A subvolume somewhere in the tree, with its path relative to the subvolume that was asked about. */
    record Subvolume(long id, Path path) {
    }

    void create(Path path) {
        btrfs("subvolume", "create", path.toString());
    }

    static boolean isSubvolume(Path path) {
        try {
            return Files.isDirectory(path) && ((Long) Files.getAttribute(path, "unix:ino")) == SUBVOLUME_ROOT_INODE;
        } catch (IOException e) {
            throw VolumeException.internal("cannot stat " + path + ": " + e.getMessage(), e);
        }
    }

    void setReadOnly(Path path, boolean readOnly) {
        btrfs("property", "set", "-ts", path.toString(), "ro", Boolean.toString(readOnly));
    }

    /** Snapshots {@code source} and the subvolumes nested in it to {@code target}, which must not exist. */
    void snapshot(Path source, Path target, boolean readOnly) {
        List<Subvolume> nested = tree(source).nested();
        if (nested.isEmpty()) {
            btrfs(readOnly ? List.of("subvolume", "snapshot", "-r") : List.of("subvolume", "snapshot"), source,
                    target);
            return;
        }
        btrfs(List.of("subvolume", "snapshot"), source, target);
        // Parents first: each nested snapshot replaces the empty directory its parent's snapshot holds in its place.
        for (Subvolume sub : nested) {
            Path placeholder = target.resolve(sub.path());
            try {
                Files.deleteIfExists(placeholder);
            } catch (IOException e) {
                throw VolumeException.internal("cannot replace " + placeholder + ": " + e.getMessage(), e);
            }
            btrfs(List.of("subvolume", "snapshot"), source.resolve(sub.path()), placeholder);
        }
        if (readOnly) {
            nested.forEach(sub -> setReadOnly(target.resolve(sub.path()), true));
            setReadOnly(target, true);
        }
    }

    /** Deletes {@code path} and every subvolume nested in it, waits until they are gone and drops their qgroups. */
    void delete(Path path) {
        if (!isSubvolume(path)) {
            return;
        }
        Tree tree = tree(path);
        if (!tree.nested().isEmpty()) {
            // A read-only parent cannot lose the directory entry of a nested subvolume.
            setReadOnly(path, false);
            tree.nested().forEach(sub -> setReadOnly(path.resolve(sub.path()), false));
        }
        List<Subvolume> deepestFirst = new ArrayList<>(tree.nested());
        Collections.reverse(deepestFirst);
        List<String> args = new ArrayList<>(List.of("subvolume", "delete", "--commit-after"));
        List<Long> ids = new ArrayList<>();
        for (Subvolume sub : deepestFirst) {
            args.add(path.resolve(sub.path()).toString());
            ids.add(sub.id());
        }
        args.add(path.toString());
        ids.add(tree.id());
        btrfs(args.toArray(String[]::new));
        dropQgroups(ids);
    }

    /** Sets the limit on everything {@code path} references (shared image data included), or removes it. */
    void limit(Path path, OptionalLong bytes) {
        String size = bytes.isPresent() ? Long.toString(bytes.getAsLong()) : "none";
        btrfs("qgroup", "limit", size, path.toString());
    }

    /** The subvolume's referenced-bytes limit, if it has one. */
    OptionalLong limitOf(Path path) {
        // -f lists only the qgroups that limit this path; its own level-0 qgroup is the one "0/" line.
        String out = btrfs("qgroup", "show", "-r", "--raw", "-f", path.toString());
        for (String line : out.lines().toList()) {
            String[] columns = line.strip().split("\\s+");
            // qgroupid, referenced, exclusive, max referenced, path
            if (columns.length >= 4 && columns[0].startsWith("0/")) {
                return columns[3].equals("none") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(columns[3]));
            }
        }
        return OptionalLong.empty();
    }

    /** A subvolume's id and the subvolumes nested in it, parents before children. */
    record Tree(long id, List<Subvolume> nested) {
    }

    /** One {@code btrfs subvolume list} of the whole filesystem, narrowed to {@code path} and what is below it. */
    Tree tree(Path path) {
        Path relative = mountPoint.relativize(path);
        long id = -1;
        List<Subvolume> nested = new ArrayList<>();
        for (String line : btrfs("subvolume", "list", mountPoint.toString()).lines().toList()) {
            // "ID 261 gen 24 top level 260 path containers/c3/nested"; the path is the rest of the line.
            int at = line.indexOf(" path ");
            if (!line.startsWith("ID ") || at < 0) {
                continue;
            }
            Path sub = Path.of(line.substring(at + " path ".length()));
            long subId = Long.parseLong(line.split(" ")[1]);
            if (sub.equals(relative)) {
                id = subId;
            } else if (sub.startsWith(relative)) {
                nested.add(new Subvolume(subId, relative.relativize(sub)));
            }
        }
        if (id < 0) {
            throw VolumeException.internal(path + " is not a subvolume of " + mountPoint);
        }
        nested.sort(Comparator.comparingInt(s -> s.path().getNameCount()));
        return new Tree(id, nested);
    }

    /**
     * Waits for the cleaner to drop the deleted subvolumes, then removes their qgroups. Recent kernels (6.18 here)
     * remove them on their own once the subvolume is gone; older ones keep them as stale entries forever.
     */
    private void dropQgroups(List<Long> ids) {
        List<String> args = new ArrayList<>(List.of("subvolume", "sync", mountPoint.toString()));
        ids.forEach(id -> args.add(Long.toString(id)));
        btrfs(args.toArray(String[]::new));
        String existing = btrfs("qgroup", "show", "--raw", mountPoint.toString());
        for (long id : ids) {
            String qgroup = "0/" + id;
            if (existing.lines().anyMatch(l -> l.strip().startsWith(qgroup + " "))) {
                // the kernel may drop it itself between the listing and this call
                var result = Tools.tryRun(Tools.SHORT, "btrfs", "qgroup", "destroy", qgroup, mountPoint.toString());
                if (!result.ok() && !result.errorText().contains("No such file or directory")) {
                    throw VolumeException.internal("btrfs qgroup destroy " + qgroup + " failed (exit "
                            + result.exitCode() + "): " + result.errorText());
                }
            }
        }
    }

    private String btrfs(List<String> args, Path source, Path target) {
        List<String> all = new ArrayList<>(args);
        all.add(source.toString());
        all.add(target.toString());
        return btrfs(all.toArray(String[]::new));
    }

    private String btrfs(String... args) {
        return Tools.run(Tools.SHORT, "btrfs", args).stdout();
    }
}
