package dev.icmpj.socket;

/**
 * Run in a child JVM by {@link UnprivilegedProcessTest}: opens an IPv4 socket for each privilege named on the
 * command line and prints one line per attempt: the privilege, the outcome's class and message.
 */
public final class OpenSocketProbe {
    private OpenSocketProbe() {}

    /**
     * Tries each privilege.
     *
     * @param args privilege names
     */
    public static void main(String[] args) {
        for (String name : args) {
            Privilege privilege = Privilege.valueOf(name);
            try (IcmpSocket socket = IcmpSocket.open(
                    SocketOptions.builder(Family.IPV4).privilege(privilege).build())) {
                System.out.println(name + "\topened\t" + socket.privilege());
            } catch (IcmpSocketException e) {
                System.out.println(name + "\t" + e.getClass().getSimpleName() + "\t" + e.getMessage());
            }
        }
    }
}
