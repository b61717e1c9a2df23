package dev.tradewind.auth.domain;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The unit an address counter counts: an IPv4 address, or an IPv6 address's /64 network, since one subscriber
 * usually gets a whole /64 and could otherwise rotate through it at will.
 */
public final class SourceAddress {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private SourceAddress() {
    }

    public static String bucket(String sourceIp) {
        if (sourceIp == null || sourceIp.isBlank()) {
            return "unknown";
        }
        String ip = sourceIp.trim();
        if (IPV4.matcher(ip).matches()) {
            return ip;
        }
        // Only a string of IPv6 literal characters with a colon reaches InetAddress, which then parses it as a
        // literal and never resolves a name.
        if (ip.indexOf(':') >= 0 && IPV6_CHARS.matcher(ip).matches()) {
            try {
                InetAddress address = InetAddress.getByName(ip);
                if (address instanceof Inet6Address) {
                    byte[] bytes = address.getAddress();
                    StringBuilder prefix = new StringBuilder();
                    for (int i = 0; i < 8; i += 2) {
                        prefix.append(String.format("%02x%02x:", bytes[i], bytes[i + 1]));
                    }
                    return prefix.append(":/64").toString();
                }
                return address.getHostAddress();
            } catch (UnknownHostException e) {
                return "invalid";
            }
        }
        return "invalid";
    }
}
