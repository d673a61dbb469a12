package dev.berth.contracts.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A container's syscall filter: Berth's default deny list, or a {@code raw.seccomp} policy in LXC's version-2 text
 * format, which is what LXD's {@code raw.seccomp} takes:
 *
 * <pre>
 * 2
 * denylist
 * [all]
 * kexec_load errno 38
 * keyctl errno 1
 * </pre>
 *
 * A denylist allows every syscall not listed, an allowlist denies them (with EPERM); a rule's action is
 * {@code errno N}, {@code kill}, {@code trap} or {@code allow}, and defaults to the opposite of the list's default.
 */
public record SeccompPolicy(boolean allowByDefault, List<Rule> rules) {

    /** One syscall's action: {@code errno} when {@link Action#ERRNO}, else ignored. */
    public record Rule(String syscall, Action action, int errno, boolean forceUmountOnly) {
    }

    /** What the kernel does on a matching syscall. */
    public enum Action {
        ALLOW,
        ERRNO,
        KILL,
        TRAP
    }

    private static final int ENOSYS = 38;
    private static final int EPERM = 1;
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]+");

    /**
     * LXD's default list (kexec, open_by_handle_at, module loading answer ENOSYS, as if the kernel lacked them; a
     * forced umount is refused) plus the kernel keyring, which is not namespaced: EPERM, as Docker answers.
     */
    public static final SeccompPolicy DEFAULT = new SeccompPolicy(true, List.of(
            new Rule("kexec_load", Action.ERRNO, ENOSYS, false),
            new Rule("kexec_file_load", Action.ERRNO, ENOSYS, false),
            new Rule("open_by_handle_at", Action.ERRNO, ENOSYS, false),
            new Rule("init_module", Action.ERRNO, ENOSYS, false),
            new Rule("finit_module", Action.ERRNO, ENOSYS, false),
            new Rule("delete_module", Action.ERRNO, ENOSYS, false),
            new Rule("keyctl", Action.ERRNO, EPERM, false),
            new Rule("add_key", Action.ERRNO, EPERM, false),
            new Rule("request_key", Action.ERRNO, EPERM, false),
            new Rule("umount2", Action.ERRNO, EPERM, true)));

    public SeccompPolicy {
        rules = List.copyOf(rules);
    }

    /** Parses a {@code raw.seccomp} value; the message of the exception says which line is wrong. */
    public static SeccompPolicy parse(String text) {
        List<String> lines = text.lines().map(String::strip)
                .map(l -> l.contains("#") ? l.substring(0, l.indexOf('#')).strip() : l)
                .filter(l -> !l.isEmpty()).toList();
        if (lines.size() < 2 || !lines.get(0).equals("2")) {
            throw new IllegalArgumentException("a seccomp policy starts with the version line \"2\"");
        }
        boolean allowByDefault = switch (lines.get(1).toLowerCase(Locale.ROOT)) {
            case "denylist", "blacklist" -> true;
            case "allowlist", "whitelist" -> false;
            default -> throw new IllegalArgumentException(
                    "line 2 must be \"denylist\" or \"allowlist\", not \"" + lines.get(1) + "\"");
        };
        List<Rule> rules = new ArrayList<>();
        for (String line : lines.subList(2, lines.size())) {
            if (line.startsWith("[")) {
                if (!line.matches("\\[(all|x86_64|amd64)\\]")) {
                    throw new IllegalArgumentException("unsupported architecture section " + line);
                }
                continue;
            }
            rules.add(rule(line, allowByDefault));
        }
        return new SeccompPolicy(allowByDefault, rules);
    }

    private static Rule rule(String line, boolean allowByDefault) {
        String[] words = line.split("\\s+");
        if (!NAME.matcher(words[0]).matches()) {
            throw new IllegalArgumentException("\"" + words[0] + "\" is not a syscall name");
        }
        if (words.length == 1) {
            return allowByDefault
                    ? new Rule(words[0], Action.ERRNO, EPERM, false)
                    : new Rule(words[0], Action.ALLOW, 0, false);
        }
        Action action = switch (words[1].toLowerCase(Locale.ROOT)) {
            case "errno" -> Action.ERRNO;
            case "kill" -> Action.KILL;
            case "trap" -> Action.TRAP;
            case "allow" -> Action.ALLOW;
            default -> throw new IllegalArgumentException("unknown action \"" + words[1] + "\" in \"" + line + "\"");
        };
        int errno = 0;
        if (action == Action.ERRNO) {
            if (words.length != 3 || !words[2].matches("\\d{1,4}")) {
                throw new IllegalArgumentException("\"" + line + "\" needs an errno number");
            }
            errno = Integer.parseInt(words[2]);
        } else if (words.length != 2) {
            throw new IllegalArgumentException("unexpected words after the action in \"" + line + "\"");
        }
        return new Rule(words[0], action, errno, false);
    }
}
