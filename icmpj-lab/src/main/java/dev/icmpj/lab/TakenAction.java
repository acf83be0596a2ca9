package dev.icmpj.lab;

/**
 * What a {@link TunPeer} decided for one probe.
 *
 * @param probe the probe
 * @param action the script's action for it
 * @param packets how many packets the action scheduled (0 for a drop)
 */
public record TakenAction(ReceivedProbe probe, PeerAction action, int packets) {}
