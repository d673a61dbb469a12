package dev.berth.cli.command;

import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import dev.berth.cli.http.LxdClient;

/** {@code berth image delete IMAGE...}: {@code DELETE /1.0/images/{fingerprint}} for each. */
@Command(name = "delete", aliases = "rm", description = "Delete images.")
public final class ImageDeleteCommand extends ClientCommand {
    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Alias or fingerprint (prefix).")
    List<String> images;

    @Override
    public Integer call() {
        for (String image : images) {
            String fingerprint = ImageRefs.fingerprint(client(), image);
            Waiter.await(client(), client().async("DELETE", "/1.0/images/" + LxdClient.segment(fingerprint), null),
                    err(), "Deleting " + image);
        }
        return 0;
    }
}
