package dev.berth.contracts;

import java.util.Optional;
import java.util.regex.Pattern;

/** LXD's instance-name rules: 1 to 63 letters, digits and hyphens, not starting with a digit or hyphen. */
public final class InstanceNames {
    private static final Pattern VALID = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,62}");

    private InstanceNames() {
    }

    /** Returns why {@code name} is not a valid instance name, or empty when it is. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("Invalid instance name: name must not be empty");
        }
        if (name.length() > 63) {
            return Optional.of("Invalid instance name \"" + name + "\": name must be 1 to 63 characters long");
        }
        if (!VALID.matcher(name).matches()) {
            return Optional.of("Invalid instance name \"" + name
                    + "\": name may only contain letters, digits and hyphens and must start with a letter");
        }
        if (name.endsWith("-")) {
            return Optional.of("Invalid instance name \"" + name + "\": name must not end with a hyphen");
        }
        return Optional.empty();
    }
}
