package dev.berth.executor.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;

import org.apache.sshd.common.file.root.RootedFileSystemProvider;

import dev.berth.executor.files.RootDir.Fd;

/**
 * The file system provider behind {@link ContainerFileSystem}. MINA's own {@link RootedFileSystemProvider} prefixes a
 * path with the root and lets the host resolve it, so a symlink in the container to {@code /} or {@code ../..} leads
 * the SFTP client onto the host. Here every operation resolves its path as the container would ({@link ContainerPath}:
 * symlinks expanded by hand, absolute targets re-rooted, {@code ..} never above the root), pins the parent directory
 * with {@code openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS)} ({@link RootDir}) and acts on the last component by name
 * in that directory without following it, so a link swapped in meanwhile is an error, never the host's file.
 *
 * <p>Owners are the container's: {@code unix:uid}/{@code unix:gid} read and written through the instance's id map, and
 * what the SFTP client creates belongs to the container's root, as if the container's root had made it.
 */
public final class ContainerFileSystemProvider extends RootedFileSystemProvider {
    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final LinkOption[] FOLLOW = {};

    /** A file system showing {@code files} as the container sees it. */
    public ContainerFileSystem newFileSystem(FilesRoot files) {
        return new ContainerFileSystem(this, files);
    }

    @Override
    public String getScheme() {
        return "berth-container";
    }

    /** A resolved path: its parent pinned, its last component reached by name in it. */
    private record Pinned(FilesRoot files, RootDir dir, ContainerPath path, Fd parent) implements AutoCloseable {
        /** The last component on the host, through the pinned parent (the root itself: its pinned fd). */
        Path host() {
            return parent.child(path.name());
        }

        /** How to reach {@link #host()}: never following, except the root, which is a magic link to follow. */
        LinkOption[] options() {
            return path.isRoot() ? FOLLOW : NO_FOLLOW;
        }

        @Override
        public void close() {
            parent.close();
            dir.close();
        }
    }

    private static Pinned pin(Path path, boolean followLast) throws IOException {
        FilesRoot files = files(path);
        String requested = path.toAbsolutePath().toString();
        RootDir dir;
        try {
            dir = RootDir.open(files.root());
        } catch (FileRefused e) {
            throw failure(e, requested);
        }
        try {
            ContainerPath resolved = ContainerPath.resolve(files.root(), requested, followLast);
            return new Pinned(files, dir, resolved, dir.parentOf(resolved));
        } catch (FileRefused e) {
            dir.close();
            throw failure(e, requested);
        }
    }

    private static FilesRoot files(Path path) {
        if (path == null || !(path.getFileSystem() instanceof ContainerFileSystem fs)) {
            throw new ProviderMismatchException("Not a container path: " + path);
        }
        return fs.files();
    }

    /** A refusal as the {@link IOException} MINA turns into an SFTP status. */
    static IOException failure(FileRefused e, String path) {
        return switch (e.code()) {
            case 404 -> new NoSuchFileException(path);
            case 400 -> e.getMessage().contains("outside the instance")
                    ? new AccessDeniedException(path, null, e.getMessage())
                    : new FileSystemException(path, null, e.getMessage());
            default -> new IOException(e.getMessage());
        };
    }

    private static boolean follows(LinkOption... options) {
        return !Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return newFileChannel(path, options, attrs);
    }

    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        try (Pinned p = pin(path, !options.contains(LinkOption.NOFOLLOW_LINKS))) {
            Set<OpenOption> opts = new HashSet<>(options);
            opts.remove(LinkOption.NOFOLLOW_LINKS);
            opts.addAll(Arrays.asList(p.options()));
            boolean create = opts.remove(StandardOpenOption.CREATE) | opts.remove(StandardOpenOption.CREATE_NEW);
            if (!create || p.path().exists()) {
                return FileChannel.open(p.host(), opts, attrs);
            }
            // Only what this call creates is handed to the container's root, so O_EXCL tells the two apart.
            Set<OpenOption> exclusive = new HashSet<>(opts);
            exclusive.add(StandardOpenOption.CREATE_NEW);
            FileChannel channel;
            try {
                channel = FileChannel.open(p.host(), exclusive, attrs);
            } catch (FileAlreadyExistsException e) {
                if (options.contains(StandardOpenOption.CREATE_NEW)) {
                    throw e;
                }
                return FileChannel.open(p.host(), opts, attrs);
            }
            try {
                ownedByContainerRoot(p);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            return channel;
        }
    }

    @Override
    public InputStream newInputStream(Path path, OpenOption... options) throws IOException {
        Set<OpenOption> opts = new HashSet<>(Arrays.asList(options));
        opts.add(StandardOpenOption.READ);
        return Channels.newInputStream(newByteChannel(path, opts));
    }

    @Override
    public OutputStream newOutputStream(Path path, OpenOption... options) throws IOException {
        Set<OpenOption> opts = new HashSet<>(Arrays.asList(options));
        if (opts.isEmpty()) {
            opts.addAll(List.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING));
        }
        opts.add(StandardOpenOption.WRITE);
        return Channels.newOutputStream(newByteChannel(path, opts));
    }

    @Override
    public AsynchronousFileChannel newAsynchronousFileChannel(Path path, Set<? extends OpenOption> options,
            ExecutorService executor, FileAttribute<?>... attrs) {
        throw new UnsupportedOperationException("asynchronous channels on a container's files");
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        try (Pinned p = pin(dir, true); Fd opened = open(p, RootDir.O_RDONLY | RootDir.O_DIRECTORY)) {
            // opendir() keeps its own descriptor of the pinned directory; only the names are used
            DirectoryStream<Path> host = Files.newDirectoryStream(opened.path());
            return new Listing(dir, host, filter);
        }
    }

    private static Fd open(Pinned p, int flags) throws IOException {
        try {
            return p.dir().openBeneath(p.path().relative(), flags, 0, p.path().requested());
        } catch (FileRefused e) {
            throw failure(e, p.path().requested());
        }
    }

    /** A host directory's entries as paths of the container's file system. */
    private record Listing(Path dir, DirectoryStream<Path> host, DirectoryStream.Filter<? super Path> filter)
            implements
                DirectoryStream<Path> {
        @Override
        public Iterator<Path> iterator() {
            List<Path> entries = new ArrayList<>();
            for (Path e : host) {
                Path p = dir.resolve(e.getFileName().toString());
                try {
                    if (filter == null || filter.accept(p)) {
                        entries.add(p);
                    }
                } catch (IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            }
            return entries.iterator();
        }

        @Override
        public void close() throws IOException {
            host.close();
        }
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        try (Pinned p = pin(dir, false)) {
            if (p.path().isRoot()) {
                throw new FileAlreadyExistsException(dir.toString());
            }
            Files.createDirectory(p.host(), attrs);
            ownedByContainerRoot(p);
        }
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
        // Any target is fine: it is resolved inside the container whenever it is used, here as in the container.
        try (Pinned p = pin(link, false)) {
            if (p.path().isRoot()) {
                throw new FileAlreadyExistsException(link.toString());
            }
            Files.createSymbolicLink(p.host(), Path.of(target.toString()), attrs);
            ownedByContainerRoot(p);
        }
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        try (Pinned l = pin(link, false); Pinned e = pin(existing, false)) {
            Files.createLink(l.host(), e.host());
        }
    }

    @Override
    public void delete(Path path) throws IOException {
        try (Pinned p = pin(path, false)) {
            if (p.path().isRoot()) {
                throw new AccessDeniedException(path.toString(), null, "the instance's root cannot be deleted");
            }
            Files.delete(p.host());
        }
    }

    @Override
    public boolean deleteIfExists(Path path) throws IOException {
        try {
            delete(path);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        try (Pinned p = pin(link, false)) {
            // the target as the container reads it, not re-rooted: it is the link's content
            return link.getFileSystem().getPath(Files.readSymbolicLink(p.host()).toString());
        }
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        try (Pinned s = pin(source, false); Pinned t = pin(target, false)) {
            Set<CopyOption> opts = new HashSet<>(Arrays.asList(options));
            opts.add(LinkOption.NOFOLLOW_LINKS);
            Files.copy(s.host(), t.host(), opts.toArray(CopyOption[]::new));
            ownedByContainerRoot(t);
        }
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        try (Pinned s = pin(source, false); Pinned t = pin(target, false)) {
            Set<CopyOption> opts = new HashSet<>(Arrays.asList(options));
            opts.remove(StandardCopyOption.COPY_ATTRIBUTES);
            Files.move(s.host(), t.host(), opts.toArray(CopyOption[]::new));
        }
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        if (path.equals(path2)) {
            return true;
        }
        try (Pinned a = pin(path, true); Pinned b = pin(path2, true)) {
            Object ka = Files.readAttributes(a.host(), BasicFileAttributes.class, a.options()).fileKey();
            Object kb = Files.readAttributes(b.host(), BasicFileAttributes.class, b.options()).fileKey();
            return ka != null && ka.equals(kb);
        }
    }

    @Override
    public boolean isHidden(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    @Override
    public FileStore getFileStore(Path path) throws IOException {
        return Files.getFileStore(files(path).root());
    }

    /** Existence only: the executor is root, and access(2) would follow a link swapped in meanwhile. */
    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        try (Pinned p = pin(path, true)) {
            Files.readAttributes(p.host(), BasicFileAttributes.class, p.options());
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        if (type == BasicFileAttributeView.class || type == PosixFileAttributeView.class
                || type == FileOwnerAttributeView.class) {
            return (V) new View(path, follows(options));
        }
        return null;
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        try (Pinned p = pin(path, follows(options))) {
            return Files.readAttributes(p.host(), type, p.options());
        }
    }

    /** Reads attributes, {@code uid} and {@code gid} as the container sees them. */
    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
            throws IOException {
        try (Pinned p = pin(path, follows(options))) {
            Map<String, Object> read = new HashMap<>(Files.readAttributes(p.host(), attributes, p.options()));
            for (String id : List.of("uid", "gid")) {
                if (read.get(id) instanceof Integer hostId) {
                    read.put(id, (int) p.files().toContainer(hostId & 0xFFFFFFFFL));
                }
            }
            return read;
        }
    }

    /** Sets an attribute; {@code unix:uid}/{@code unix:gid} are the container's ids, stored through its id map. */
    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        String name = attribute.substring(attribute.indexOf(':') + 1);
        if (name.equals("owner") || name.equals("group")) {
            throw new UnsupportedOperationException("owners are set by id (unix:uid, unix:gid)");
        }
        try (Pinned p = pin(path, follows(options))) {
            Object stored = value;
            if ((name.equals("uid") || name.equals("gid")) && value instanceof Number id) {
                stored = (int) hostId(p, id.longValue(), name);
            }
            Files.setAttribute(p.host(), attribute, stored, p.options());
        }
    }

    private static long hostId(Pinned p, long containerId, String what) throws IOException {
        try {
            return p.files().toHost(containerId & 0xFFFFFFFFL, what);
        } catch (FileRefused e) {
            throw new FileSystemException(p.path().requested(), null, e.getMessage());
        }
    }

    /** What the SFTP client made belongs to the container's root, stored as its id map says. */
    private static void ownedByContainerRoot(Pinned p) throws IOException {
        Files.setAttribute(p.host(), "unix:uid", (int) hostId(p, 0, "uid"), p.options());
        Files.setAttribute(p.host(), "unix:gid", (int) hostId(p, 0, "gid"), p.options());
    }

    /** A POSIX view that resolves its path again at every call, as the other operations do. */
    private final class View implements PosixFileAttributeView {
        private final Path path;
        private final boolean follow;

        View(Path path, boolean follow) {
            this.path = path;
            this.follow = follow;
        }

        @Override
        public String name() {
            return "posix";
        }

        private PosixFileAttributeView host(Pinned p) {
            return Files.getFileAttributeView(p.host(), PosixFileAttributeView.class, p.options());
        }

        @Override
        public PosixFileAttributes readAttributes() throws IOException {
            try (Pinned p = pin(path, follow)) {
                return host(p).readAttributes();
            }
        }

        @Override
        public void setTimes(java.nio.file.attribute.FileTime lastModifiedTime,
                java.nio.file.attribute.FileTime lastAccessTime, java.nio.file.attribute.FileTime createTime)
                throws IOException {
            try (Pinned p = pin(path, follow)) {
                host(p).setTimes(lastModifiedTime, lastAccessTime, createTime);
            }
        }

        @Override
        public void setPermissions(Set<java.nio.file.attribute.PosixFilePermission> perms) throws IOException {
            try (Pinned p = pin(path, follow)) {
                host(p).setPermissions(perms);
            }
        }

        @Override
        public UserPrincipal getOwner() throws IOException {
            return readAttributes().owner();
        }

        @Override
        public void setOwner(UserPrincipal owner) {
            throw new UnsupportedOperationException("owners are set by id (unix:uid)");
        }

        @Override
        public void setGroup(java.nio.file.attribute.GroupPrincipal group) {
            throw new UnsupportedOperationException("groups are set by id (unix:gid)");
        }
    }
}
