package dev.berth.cli.command;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.berth.cli.http.LxdException;
import dev.berth.contracts.InstanceNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth copy SRC[/SNAP] DST}: {@code POST /1.0/instances} with a {@code copy} source, which the server fills
 * from the source's config, devices and profiles. Sent as a map: {@code InstancesPost.InstanceSource} has no
 * {@code source} or {@code instance_only} field.
 */
@Command(name = "copy", aliases = "cp", description = "Copy an instance, or create one from a snapshot (SRC/SNAP).")
public final class CopyCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "Instance, or INSTANCE/SNAPSHOT.")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET", description = "Name of the new instance.")
    String target;

    @Option(names = "--instance-only", description = "Copy the instance without its snapshots.")
    boolean instanceOnly;

    @Override
    public Integer call() {
        InstanceNames.problem(target).ifPresent(problem -> {
            throw new LxdException(400, problem);
        });
        Waiter.await(client(), client().async("POST", "/1.0/instances", request()), err(),
                "Copying " + source + " to " + target);
        return 0;
    }

    /** {@code {"name": DST, "source": {"type": "copy", "source": SRC, "instance_only": bool}}}. */
    Map<String, Object> request() {
        Map<String, Object> from = new LinkedHashMap<>();
        from.put("type", "copy");
        from.put("source", source);
        from.put("instance_only", instanceOnly);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", target);
        body.put("source", from);
        return body;
    }
}
