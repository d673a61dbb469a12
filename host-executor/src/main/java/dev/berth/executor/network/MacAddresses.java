package dev.berth.executor.network;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** MAC addresses in LXD's {@code 00:16:3e} (Xensource OUI) range, so tools that know LXD recognise them. */
public final class MacAddresses {

    private MacAddresses() {
    }

    /** A fresh random one, for a NIC without {@code hwaddr}; the caller stores it as {@code volatile.<dev>.hwaddr}. */
    public static String random() {
        return dev.berth.contracts.config.MacAddresses.random();
    }

    /** The same address for the same seed on every call, so ensuring a bridge twice never changes its MAC. */
    public static String stable(String seed) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return withTail(new byte[]{digest[0], digest[1], digest[2]});
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static String withTail(byte[] tail) {
        return "00:16:3e:" + HexFormat.ofDelimiter(":").formatHex(tail);
    }
}
