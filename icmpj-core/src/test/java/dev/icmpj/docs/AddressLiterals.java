package dev.icmpj.docs;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the IP address literals in Java code that are not loopback (127.0.0.0/8, ::1), so that no documented
 * example sends a packet off the machine of whoever pastes it.
 *
 * <p>IPv4 literals count anywhere (four dotted numbers up to 255, the {@code /n} of a block allowed after them).
 * IPv6 literals count in string literals and comments, where they are what they look like; in code,
 * {@code Type::method} looks like one. In comments a candidate needs a digit, so that {@code Face::add} in prose
 * is not read as an address. Whatever {@link InetAddress#ofLiteral} accepts is an address, and only
 * {@link InetAddress#isLoopbackAddress()} ones pass: {@code 0.0.0.0} and {@code ::} do not.
 *
 * <p>Thread-safe: no state.
 */
final class AddressLiterals {
    private static final Pattern IPV4 =
            Pattern.compile("(?<![\\w.])(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?![\\w.])");
    private static final Pattern IPV6 = Pattern.compile("(?<![\\w:.%])[0-9A-Fa-f]*:[0-9A-Fa-f:.]*(?![\\w:])");

    private AddressLiterals() {}

    /**
     * The address literals of a piece of Java code outside loopback, in the order they appear.
     *
     * @param code Java source, or statements
     * @return the literals as written, e.g. {@code 198.18.0.5} or {@code fd00::2}
     */
    static List<String> outsideLoopback(String code) {
        List<String> found = new ArrayList<>();
        for (Segment segment : segments(code)) {
            Matcher v4 = IPV4.matcher(segment.text());
            while (v4.find()) {
                if (isAddress(v4.group()) && !loopback(v4.group())) {
                    found.add(v4.group());
                }
            }
            if (segment.kind() == Kind.CODE) {
                continue;
            }
            Matcher v6 = IPV6.matcher(segment.text());
            while (v6.find()) {
                String candidate = v6.group();
                boolean plausible = candidate.contains("::")
                        || candidate.chars().filter(c -> c == ':').count() >= 2;
                if (segment.kind() == Kind.COMMENT && candidate.chars().noneMatch(Character::isDigit)) {
                    plausible = false;
                }
                if (plausible && isAddress(candidate) && !loopback(candidate)) {
                    found.add(candidate);
                }
            }
        }
        return found;
    }

    private static boolean isAddress(String literal) {
        try {
            InetAddress.ofLiteral(literal);
            return true;
        } catch (IllegalArgumentException notAnAddress) {
            return false;
        }
    }

    private static boolean loopback(String literal) {
        return InetAddress.ofLiteral(literal).isLoopbackAddress();
    }

    private enum Kind {
        CODE,
        STRING,
        COMMENT
    }

    private record Segment(Kind kind, String text) {}

    /** Splits Java text into code, string or character literals (text blocks too) and comments. */
    private static List<Segment> segments(String code) {
        List<Segment> segments = new ArrayList<>();
        StringBuilder plain = new StringBuilder();
        int i = 0;
        while (i < code.length()) {
            int opening;
            Kind kind;
            if (code.startsWith("//", i) || code.startsWith("/*", i)) {
                kind = Kind.COMMENT;
                opening = 2;
            } else if (code.startsWith("\"\"\"", i)) {
                kind = Kind.STRING;
                opening = 3;
            } else if (code.charAt(i) == '"' || code.charAt(i) == '\'') {
                kind = Kind.STRING;
                opening = 1;
            } else {
                plain.append(code.charAt(i++));
                continue;
            }
            int end = end(code, i, opening);
            segments.add(new Segment(kind, code.substring(i + opening, end)));
            i = end;
        }
        segments.add(new Segment(Kind.CODE, plain.toString()));
        return segments;
    }

    /** Where the comment or literal that starts at {@code start} with an opening of {@code skip} characters ends. */
    private static int end(String code, int start, int skip) {
        String opening = code.substring(start, start + skip);
        String closing = switch (opening) {
            case "//" -> "\n";
            case "/*" -> "*/";
            default -> opening; // ", ' or """
        };
        int i = start + skip;
        while (i < code.length()) {
            if (code.charAt(i) == '\\' && !opening.startsWith("/")) {
                i += 2;
                continue;
            }
            if (code.startsWith(closing, i)) {
                return i + closing.length();
            }
            i++;
        }
        return code.length();
    }
}
