package dev.berth.executor.bundle;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.berth.contracts.config.SeccompPolicy;

/** Renders a {@link SeccompPolicy} as the OCI {@code linux.seccomp} object runc loads with libseccomp. */
final class SeccompSpec {
    /** MNT_FORCE: a forced umount is what LXD's {@code reject_force_umount} refuses. */
    private static final long MNT_FORCE = 1;
    private static final int EPERM = 1;

    private SeccompSpec() {
    }

    static ObjectNode render(SeccompPolicy policy) {
        ObjectNode seccomp = JsonNodeFactory.instance.objectNode();
        seccomp.put("defaultAction", policy.allowByDefault() ? "SCMP_ACT_ALLOW" : "SCMP_ACT_ERRNO");
        if (!policy.allowByDefault()) {
            seccomp.put("defaultErrnoRet", EPERM);
        }
        ArrayNode archs = seccomp.putArray("architectures");
        List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32").forEach(archs::add);
        ArrayNode syscalls = seccomp.putArray("syscalls");
        for (SeccompPolicy.Rule rule : policy.rules()) {
            ObjectNode entry = syscalls.addObject();
            entry.putArray("names").add(rule.syscall());
            entry.put("action", "SCMP_ACT_" + rule.action().name());
            if (rule.action() == SeccompPolicy.Action.ERRNO) {
                entry.put("errnoRet", rule.errno());
            }
            if (rule.forceUmountOnly()) {
                entry.putArray("args").addObject().put("index", 1).put("value", MNT_FORCE).put("valueTwo", MNT_FORCE)
                        .put("op", "SCMP_CMP_MASKED_EQ");
            }
        }
        return seccomp;
    }
}
