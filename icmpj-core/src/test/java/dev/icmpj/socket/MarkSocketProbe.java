package dev.icmpj.socket;

/**
 * Run in a child JVM by {@link SocketMarkAndBuffersTest}: opens a ping socket without a mark, then one with the
 * mark given on the command line, and prints a line for each: what, the outcome's class, errno and message.
 */
public final class MarkSocketProbe {
    private MarkSocketProbe() {}

    /**
     * Opens the two sockets.
     *
     * @param args the mark
     */
    public static void main(String[] args) {
        open(
                "unmarked",
                SocketOptions.builder(Family.IPV4)
                        .privilege(Privilege.UNPRIVILEGED)
                        .build());
        open(
                "marked",
                SocketOptions.builder(Family.IPV4)
                        .privilege(Privilege.UNPRIVILEGED)
                        .mark(Long.parseLong(args[0]))
                        .build());
    }

    private static void open(String what, SocketOptions options) {
        try (IcmpSocket socket = IcmpSocket.open(options)) {
            System.out.println(what + "\topened\t" + socket.privilege());
        } catch (IcmpSocketException e) {
            System.out.println(what + "\t" + e.getClass().getSimpleName() + "\t"
                    + e.errno().orElse(-1) + "\t" + e.getMessage());
        }
    }
}
