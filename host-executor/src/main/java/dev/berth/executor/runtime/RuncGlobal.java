package dev.berth.executor.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** runc's global flags, shared by every call (go-runc's {@code Runc} struct). */
public record RuncGlobal(Path binary, Path root) {

    /** {@code runc --root <root>}, ready for a subcommand to be appended. */
    public List<String> prefix() {
        List<String> args = new ArrayList<>();
        args.add(binary.toString());
        args.add("--root");
        args.add(root.toString());
        return args;
    }

    /** The same flags as conmon {@code --runtime-arg} pairs. */
    public List<String> asConmonRuntimeArgs() {
        return List.of("--runtime-arg", "--root", "--runtime-arg", root.toString());
    }
}
