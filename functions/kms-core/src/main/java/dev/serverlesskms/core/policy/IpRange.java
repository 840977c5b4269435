package dev.serverlesskms.core.policy;

import java.util.Arrays;

/**
 * An IPv4 or IPv6 address range in CIDR notation ({@code 203.0.113.0/24}, {@code 2001:db8::/32}; a
 * bare address is a range of one), for {@code IpAddress} and {@code NotIpAddress}. Addresses are
 * parsed here by hand: {@link java.net.InetAddress#getByName} would resolve a host name through
 * DNS, which a policy value or a request header must never cause.
 */
final class IpRange {
  private final byte[] network;
  private final int prefix;

  private IpRange(byte[] network, int prefix) {
    this.network = network;
    this.prefix = prefix;
  }

  /** The range {@code text} names, or {@code null} when it is no address or CIDR block. */
  static IpRange parse(String text) {
    int slash = text.indexOf('/');
    byte[] address = address(slash < 0 ? text : text.substring(0, slash));
    if (address == null) {
      return null;
    }
    int bits = address.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String length = text.substring(slash + 1);
      if (length.isEmpty()
          || length.length() > 3
          || !length.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return null;
      }
      prefix = Integer.parseInt(length);
      if (prefix > bits) {
        return null;
      }
    }
    return new IpRange(address, prefix);
  }

  /** Whether {@code text} is an address in this range (an address of the other family is not). */
  boolean contains(String text) {
    byte[] address = address(text);
    if (address == null || address.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (address[full] & mask) == (network[full] & mask);
  }

  /** The bytes of an IPv4 (4) or IPv6 (16) address literal, or {@code null}. */
  static byte[] address(String text) {
    return text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text);
  }

  private static byte[] ipv4(String text) {
    byte[] out = new byte[4];
    int part = 0;
    int value = -1;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : '.';
      if (c >= '0' && c <= '9') {
        value = (value < 0 ? 0 : value * 10) + (c - '0');
        if (value > 255) {
          return null;
        }
      } else if (c == '.' && value >= 0 && part < 4) {
        out[part++] = (byte) value;
        value = -1;
      } else {
        return null;
      }
    }
    return part == 4 ? out : null;
  }

  private static byte[] ipv6(String text) {
    int zone = text.indexOf('%');
    if (zone >= 0) {
      text = text.substring(0, zone);
    }
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    byte[] out = new byte[16];
    if (gap < 0) {
      return groups(text, out, 0, 16) == 16 ? out : null;
    }
    byte[] head = new byte[16];
    byte[] tail = new byte[16];
    int headLength = gap == 0 ? 0 : groups(text.substring(0, gap), head, 0, 16);
    String after = text.substring(gap + 2);
    int tailLength = after.isEmpty() ? 0 : groups(after, tail, 0, 16);
    if (headLength < 0 || tailLength < 0 || headLength + tailLength > 14) {
      return null;
    }
    System.arraycopy(head, 0, out, 0, headLength);
    System.arraycopy(tail, 0, out, 16 - tailLength, tailLength);
    return out;
  }

  /**
   * Reads colon-separated hex groups (the last may be a dotted IPv4 address) into {@code out} from
   * {@code at}; returns the number of bytes written, or -1.
   */
  private static int groups(String text, byte[] out, int at, int max) {
    String[] parts = text.split(":", -1);
    int written = 0;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (i == parts.length - 1 && part.indexOf('.') >= 0) {
        byte[] v4 = ipv4(part);
        if (v4 == null || written + 4 > max) {
          return -1;
        }
        System.arraycopy(v4, 0, out, at + written, 4);
        written += 4;
        continue;
      }
      if (part.isEmpty() || part.length() > 4 || written + 2 > max) {
        return -1;
      }
      int value = 0;
      for (int k = 0; k < part.length(); k++) {
        int digit = hexDigit(part.charAt(k));
        if (digit < 0) {
          return -1;
        }
        value = value * 16 + digit;
      }
      out[at + written++] = (byte) (value >> 8);
      out[at + written++] = (byte) value;
    }
    return written;
  }

  /** An ASCII hex digit's value ({@link Character#digit} would take other scripts' digits too). */
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  @Override
  public String toString() {
    return Arrays.toString(network) + "/" + prefix;
  }
}
