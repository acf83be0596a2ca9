package dev.icmpj.lab;

/**
 * A packet a {@link TunPeer} wrote to its TUN device in answer to a probe.
 *
 * @param probe the probe it answers
 * @param action the action that made it
 * @param dueNanos when it was scheduled for, in {@link System#nanoTime()} time
 * @param writtenNanos {@link System#nanoTime()} right before {@code write(2)}
 * @param length its length in bytes, IP header included
 */
public record SentPacket(ReceivedProbe probe, PeerAction action, long dueNanos, long writtenNanos, int length) {}
