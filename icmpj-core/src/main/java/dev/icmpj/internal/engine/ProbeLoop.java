package dev.icmpj.internal.engine;

import dev.icmpj.internal.transport.EchoBatch;
import dev.icmpj.internal.transport.ProbeSocket;
import dev.icmpj.internal.transport.ReplyView;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.SocketUnavailableException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The probe engine: one loop, run on one thread by a {@link LoopDriver}, that owns one or two sockets
 * ({@link Lane}s) and runs every {@link Operation} given to it. Each turn ({@link #runOnce}) it reads what
 * every socket has queued, matches each reply and ICMP error to its probe and tells the probe's operation,
 * decides the probes whose deadline passed, runs the operations that are due (they stage probes) and sends
 * what they staged; between turns it sleeps in its socket until the next thing is due, a message arrives or
 * another thread hands it work ({@link #execute}, which wakes it).
 *
 * <p>One set of rules for every operation:
 * <ul>
 *   <li><b>Verification.</b> A message answers a probe when its ICMP checksum is valid where the kernel did
 *       not check it (raw IPv4), its identifier is the socket's, its sequence number is the probe's, the
 *       destination it answers is the probe's (an echo reply's source; an error's quoted destination; any
 *       source for a broadcast probe) and it carries the probe's echo data (exactly for an echo reply; as far
 *       as the quote goes for an error).</li>
 *   <li><b>Decision.</b> Each probe is decided once: answered (an echo reply within its timeout), errored (an
 *       ICMP error quoting it) or lost (nothing by its deadline, or a reply later than its timeout). A probe
 *       is called lost only once everything that reached its socket before its deadline has been read, so a
 *       loop that falls behind never turns a reply that came in time into loss. Further echo replies to an
 *       answered probe are duplicates; an echo reply to a lost probe is late; both only while the probe is
 *       kept (until its deadline, plus the operation's linger).</li>
 *   <li><b>Budget.</b> Requests in flight on a socket are limited to what its receive buffer (the
 *       {@code SO_RCVBUF} the kernel granted) holds of their replies ({@link ReceiveBudget}); an operation that
 *       finds no room waits for it ({@link #waitForRoom}).</li>
 *   <li><b>Sequence numbers</b> are the socket's, 16 bits, wrapping as iputils' do: a number still undecided
 *       to the same destination is skipped, a decided one is taken back.</li>
 * </ul>
 *
 * <p>Thread-safety: {@link #execute}, {@link #submit}, {@link #shutdown} and {@link #isDone} may be called from
 * any thread; everything else runs on the loop's thread (inside {@link #runOnce} or {@link #await}, including
 * the operations' callbacks).
 */
public final class ProbeLoop {

    /** What {@link #runOnce} returns when nothing is due at any time: only a message or a task wakes the loop. */
    public static final long NOTHING_DUE = Long.MAX_VALUE;
    /** How long a loop with two sockets waits on the first before it looks at the second. */
    private static final long TWO_LANE_WAIT_NANOS = 1_000_000;

    private final Ticker ticker;
    private final Lane[] lanes;
    private final boolean dedicated;
    private final Consumer<ProbeLoop> onEnd;
    private final ProbeTable table = new ProbeTable();
    private final DueQueue queue = new DueQueue();
    private final List<Operation> serviced = new ArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    /** The thread of the last turn. */
    private volatile Thread runner;

    /** The loop whose turn or wait the current thread is in (its listeners' calls come then), or null. */
    private static final ThreadLocal<ProbeLoop> IN_TURN = new ThreadLocal<>();
    /** True once {@link #markOwnThread} marked the thread that runs the turns. */
    private boolean ownThread;

    private final Lane.SlotSink evicted = slot -> table.free(slot);
    /** Operations handed to the loop and not yet ended: read from any thread. */
    private final AtomicInteger running = new AtomicInteger();

    private volatile Throwable shutdown;
    private volatile boolean done;
    private boolean started;

    /**
     * Creates a loop on open sockets, which it owns from now on; a {@link LoopDriver} runs it.
     *
     * @param ticker the engine's clock
     * @param sockets one socket, or one per family
     * @param transmitTimestamps whether the sockets queue a transmit timestamp per send (for the budget)
     * @param assumedCapacityBytes the in-flight budget of a socket that cannot say what it was granted
     * @param dedicated true for a loop of one operation: it ends, closing its sockets, once that one ends
     * @param onEnd told once, on the loop's thread, when the loop has ended and closed its sockets
     */
    public ProbeLoop(
            Ticker ticker,
            List<? extends ProbeSocket> sockets,
            boolean transmitTimestamps,
            long assumedCapacityBytes,
            boolean dedicated,
            Consumer<ProbeLoop> onEnd) {
        this.ticker = ticker;
        this.dedicated = dedicated;
        this.onEnd = onEnd;
        this.lanes = new Lane[sockets.size()];
        for (int i = 0; i < lanes.length; i++) {
            int index = i;
            lanes[i] = new Lane(
                    i, sockets.get(i), transmitTimestamps, assumedCapacityBytes, reply -> onReply(lanes[index], reply));
        }
    }

    // ---- from any thread

    /**
     * Hands an operation to the loop; it runs from the loop's next turn on.
     *
     * @param op the operation, not started elsewhere
     * @return false when the loop has ended: the operation will never run
     */
    public boolean submit(Operation op) {
        running.incrementAndGet();
        if (!execute(new Start(op))) {
            running.decrementAndGet();
            return false;
        }
        return true;
    }

    /**
     * Runs a task on the loop's thread at its next turn, and wakes the loop for it.
     *
     * @param task a short task; it may use the loop as operations do
     * @return false when the loop has ended: the task will never run
     */
    public boolean execute(Runnable task) {
        inbox.add(task);
        if (done && inbox.remove(task)) {
            return false;
        }
        lanes[0].socket.wakeup();
        return true;
    }

    /**
     * Ends the loop at its next turn: every operation fails with the cause, the sockets close.
     *
     * @param cause why
     */
    public void shutdown(Throwable cause) {
        shutdown = cause;
        lanes[0].socket.wakeup();
    }

    /**
     * Closes a loop that never ran (its operation did not start): its sockets close; from any thread, before
     * the loop is started.
     */
    public void close() {
        end(new SocketUnavailableException("the probe loop was abandoned before it ran", 0));
    }

    /**
     * Marks the calling thread, which runs this loop's turns and nothing else for the rest of its life, as in a
     * turn for good ({@link #onALoopThread}), so that its turns need not mark it: two thread-local writes a
     * turn, and a flood turns once per echo.
     */
    public void markOwnThread() {
        IN_TURN.set(this);
        ownThread = true;
    }

    /** True on the thread that runs the loop's turns (in an operation or a listener it calls). */
    public boolean isLoopThread() {
        return Thread.currentThread() == runner;
    }

    /**
     * True on a thread in the turn of some loop, this one or another (in a listener): a thread that must not
     * wait for a loop, since that loop may be waiting for it (two listeners closing each other's loops).
     */
    public static boolean onALoopThread() {
        return IN_TURN.get() != null;
    }

    /** True once the loop has ended: its operations failed or finished, its sockets closed. */
    public boolean isDone() {
        return done;
    }

    // ---- for the driver, on the loop's thread

    /**
     * Runs one turn: the tasks handed over, a read of every socket (its messages dispatched), the operations
     * due (their expired probes decided, then their sends), the sends staged.
     *
     * @param now the ticker
     * @return when to run again at the latest: {@code now} when more is queued or due at once, else the next
     *     due time, or {@link #NOTHING_DUE}
     */
    public long runOnce(long now) {
        if (ownThread) {
            return turn(now);
        }
        ProbeLoop outer = IN_TURN.get();
        IN_TURN.set(this);
        try {
            return turn(now);
        } finally {
            IN_TURN.set(outer);
        }
    }

    private long turn(long now) {
        if (done) {
            return NOTHING_DUE;
        }
        runner = Thread.currentThread();
        try {
            Runnable task;
            while ((task = inbox.poll()) != null) {
                task.run();
            }
            Throwable cause = shutdown;
            if (cause != null) {
                end(cause);
                return NOTHING_DUE;
            }
            boolean drained = true;
            for (Lane lane : lanes) {
                // a socket the wait just read empty is not read again (a poll per flood reply): what came since
                // waits for the next read, and a probe is still lost only once a read began after its deadline
                drained &= lane.drainedByWait || read(lane, 0);
                lane.drainedByWait = false;
            }
            boolean again = runDue(now);
            flush();
            if (dedicated && started && queue.isEmpty()) {
                end(null);
                return NOTHING_DUE;
            }
            long next = queue.peekDue();
            return drained && !again && next > now ? next : now;
        } catch (IOException e) {
            end(e);
            return NOTHING_DUE;
        }
    }

    /**
     * Waits up to a time for messages, dispatching those that arrive.
     *
     * @param nanos how long at most, positive
     */
    public void await(long nanos) {
        if (ownThread) {
            awaitMessages(nanos);
            return;
        }
        ProbeLoop outer = IN_TURN.get();
        IN_TURN.set(this);
        try {
            awaitMessages(nanos);
        } finally {
            IN_TURN.set(outer);
        }
    }

    private void awaitMessages(long nanos) {
        if (done) {
            return;
        }
        try {
            if (lanes.length == 1) {
                lanes[0].drainedByWait = read(lanes[0], nanos);
            } else {
                lanes[0].drainedByWait = read(lanes[0], Math.min(nanos, TWO_LANE_WAIT_NANOS));
                lanes[1].drainedByWait = read(lanes[1], 0);
            }
        } catch (IOException e) {
            end(e);
        }
    }

    /**
     * Ends the loop on a failure its driver caught (a bug): every operation fails with it.
     *
     * @param bug the failure
     */
    public void fail(Throwable bug) {
        end(bug);
    }

    // ---- for operations, on the loop's thread

    /** The loop's clock. */
    public long now() {
        return ticker.read();
    }

    /**
     * Returns the socket of a family.
     *
     * @param ipv6 the family
     * @return its lane, or null when the loop has none of that family
     */
    public Lane lane(boolean ipv6) {
        for (Lane lane : lanes) {
            if (lane.isIpv6() == ipv6) {
                return lane;
            }
        }
        return null;
    }

    /**
     * Takes a slot and a sequence number for a probe; {@link #stage} it next.
     *
     * @param op its operation
     * @param lane its socket
     * @param high the first half of its destination (0 for IPv4)
     * @param low the second half (an IPv4 address's 32 bits, unsigned)
     * @param tag the operation's number for it
     * @param anySource true when an echo reply from any source answers it (a broadcast)
     * @return the probe
     * @throws IcmpSocketException when every sequence number is in flight to that destination
     */
    public int newProbe(Operation op, Lane lane, long high, long low, int tag, boolean anySource)
            throws IcmpSocketException {
        int sequence = lane.allocateSequence(table, high, low, evicted);
        return table.allocate(op, tag, lane.index, high, low, sequence, anySource);
    }

    /**
     * Stages a probe in its socket's next batch, taking its room in the in-flight budget; it leaves at the
     * next {@link #flush} (at the latest at the end of the loop's turn), or now when the batch fills or
     * carries something else.
     *
     * @param probe a probe from {@link #newProbe}
     * @param payload its echo data, never modified afterwards
     * @param ttl its TTL / hop limit, or 0 for the socket's
     * @param trafficClass its traffic class, or -1 for the socket's
     * @throws IOException when a send fails for the socket as a whole
     */
    public void stage(int probe, byte[] payload, int ttl, int trafficClass) throws IOException {
        Lane lane = lanes[table.lane[probe]];
        EchoBatch batch = lane.batch;
        if (!batch.admits(payload, ttl, trafficClass)) {
            flush(lane);
        }
        if (batch.size() == 0) {
            batch.carrying(payload, ttl, trafficClass, -1);
        }
        lane.staged[batch.size()] = probe;
        batch.add(table.high[probe], table.low[probe], table.sequence[probe]);
        table.payload[probe] = payload;
        lane.take(payload.length);
        if (batch.isFull()) {
            flush(lane);
        }
    }

    /**
     * Sends what is staged, now: each probe's send clock is then right before its own send (a probe that
     * must not share one calls it after each stage).
     *
     * @throws IOException when a send fails for the socket as a whole
     */
    public void flush() throws IOException {
        for (Lane lane : lanes) {
            flush(lane);
        }
    }

    /**
     * Makes an operation run at the loop's next turn (from a callback: a reply freed room, or it completed).
     *
     * @param op the operation
     */
    public void wake(Operation op) {
        if (op.finished) {
            return;
        }
        if (op.queueIndex >= 0) {
            queue.update(op, Long.MIN_VALUE);
        } else {
            op.woken = true;
        }
    }

    /**
     * Makes an operation run again when room is given back in a socket's in-flight budget.
     *
     * @param op the operation
     * @param lane the socket it waits for
     */
    public void waitForRoom(Operation op, Lane lane) {
        if (!lane.waitingForRoom.contains(op)) {
            lane.waitingForRoom.add(op);
        }
    }

    /**
     * Ends an operation: it runs no more, and its probes are forgotten (a late message for one is a stray).
     * Idempotent.
     *
     * @param op the operation
     */
    public void finish(Operation op) {
        if (op.finished) {
            return;
        }
        op.finished = true;
        running.decrementAndGet();
        queue.remove(op);
        for (Lane lane : lanes) {
            lane.waitingForRoom.remove(op);
        }
        releaseAll(op, op.inFlight);
        releaseAll(op, op.lingering);
    }

    /** The operation's tag of a probe. */
    public int tag(int probe) {
        return table.tag[probe];
    }

    /** The sequence number of a probe. */
    public int sequence(int probe) {
        return table.sequence[probe];
    }

    /** The monotonic clock (the ticker's) read right before a probe's send. */
    public long sentAtMonotonicNanos(int probe) {
        return table.sentAtMonotonic[probe];
    }

    /** The echo data a probe carried. */
    public byte[] payload(int probe) {
        return table.payload[probe];
    }

    /**
     * Returns the clocks a message's round trip to a probe is measured with.
     *
     * @param probe the probe
     * @param reply the message
     * @return a {@link dev.icmpj.internal.transport.RoundTrip} clock
     */
    public int rttClock(int probe, ReplyView reply) {
        return reply.rttClock(table.sentAtEpoch[probe], table.sentAtMonotonic[probe]);
    }

    /** The number of probes the loop holds: staged, in flight, or kept for late and duplicate replies. */
    public int probesHeld() {
        return table.live();
    }

    /** The loop's sockets, in the order given. */
    public List<Lane> lanes() {
        return List.of(lanes);
    }

    /** The number of operations handed to the loop and not yet ended; from any thread. */
    public int operations() {
        return running.get();
    }

    // ---- the machinery

    /** Reads a socket, dispatching what it holds; true when it was read empty (and marked drained). */
    private boolean read(Lane lane, long timeoutNanos) throws IOException {
        long from = ticker.read();
        boolean empty = lane.socket.receive(timeoutNanos, lane.handler);
        if (empty) {
            lane.drainedFrom = from;
        }
        return empty;
    }

    /** Runs the operations due, each once; true when one is due again at once. */
    private boolean runDue(long now) throws IOException {
        while (!queue.isEmpty() && queue.peekDue() <= now) {
            serviced.add(queue.poll());
        }
        boolean again = false;
        try {
            // indexed: an iterator a turn is an allocation per flood echo
            for (int i = 0; i < serviced.size(); i++) {
                Operation op = serviced.get(i);
                if (op.finished) {
                    continue;
                }
                op.woken = false;
                long next = NOTHING_DUE;
                try {
                    expire(op, now);
                    if (!op.finished) {
                        next = op.run(now);
                    }
                } catch (RuntimeException | Error bug) {
                    failOne(op, bug);
                }
                if (op.finished) {
                    continue;
                }
                op.due = op.woken ? now : Math.min(next, firstTime(op));
                queue.add(op);
                again |= op.due <= now;
            }
        } finally {
            // on a socket's failure the operations not yet back in the queue must still fail with the rest
            for (int i = 0; i < serviced.size(); i++) {
                Operation op = serviced.get(i);
                if (!op.finished && op.queueIndex < 0) {
                    op.due = now;
                    queue.add(op);
                }
            }
            serviced.clear();
        }
        return again;
    }

    private static long firstTime(Operation op) {
        long first = op.inFlight.isEmpty() ? NOTHING_DUE : op.inFlight.peekTime();
        return op.lingering.isEmpty() ? first : Math.min(first, op.lingering.peekTime());
    }

    /**
     * Decides an operation's probes whose deadline passed, oldest first, once their socket has been read past
     * it; then frees the probes kept past their deadline whose linger ended.
     */
    private void expire(Operation op, long now) {
        SlotQueue due = op.inFlight;
        while (!due.isEmpty() && due.peekTime() <= now) {
            int slot = due.peekSlot();
            int generation = due.peekGeneration();
            long deadline = due.peekTime();
            if (!table.isLive(slot, generation)) {
                due.remove();
                continue;
            }
            if (lanes[table.lane[slot]].drainedFrom < deadline) {
                // replies that came in time may still wait in the socket: read them first
                return;
            }
            due.remove();
            if (table.state[slot] == ProbeTable.PENDING) {
                decide(slot, ProbeTable.LOST);
                op.onLoss(slot);
            }
            if (!op.finished && op.lingerNanos > 0 && table.chained[slot]) {
                op.lingering.add(slot, generation, deadline + op.lingerNanos);
            } else {
                release(slot);
            }
            if (op.finished) {
                return;
            }
        }
        SlotQueue kept = op.lingering;
        while (!kept.isEmpty() && kept.peekTime() <= now) {
            int slot = kept.peekSlot();
            int generation = kept.peekGeneration();
            kept.remove();
            if (table.isLive(slot, generation)) {
                release(slot);
            }
        }
    }

    private void flush(Lane lane) throws IOException {
        EchoBatch batch = lane.batch;
        int n = batch.size();
        if (n == 0) {
            return;
        }
        try {
            lane.socket.send(batch);
        } catch (IOException | RuntimeException e) {
            for (int i = 0; i < n; i++) {
                giveRoom(lane, table.payload[lane.staged[i]].length);
                table.free(lane.staged[i]);
            }
            batch.clear();
            throw e;
        }
        long epoch = batch.sentAtEpochNanos();
        long monotonic = batch.sentAtMonotonicNanos();
        for (int i = 0; i < n; i++) {
            int slot = lane.staged[i];
            Operation op = table.owner[slot];
            IOException failure = batch.failure(i);
            if (failure != null) {
                int tag = table.tag[slot];
                int sequence = table.sequence[slot];
                giveRoom(lane, table.payload[slot].length);
                table.free(slot);
                if (!op.finished) {
                    try {
                        op.onSendFailed(tag, sequence, failure);
                    } catch (RuntimeException | Error bug) {
                        failOne(op, bug);
                    }
                }
                continue;
            }
            table.sentAtEpoch[slot] = epoch;
            table.sentAtMonotonic[slot] = monotonic;
            table.state[slot] = ProbeTable.PENDING;
            if (op.finished) {
                release(slot);
                continue;
            }
            lane.chain(table, slot);
            long deadline = monotonic + op.timeoutNanos;
            op.inFlight.add(slot, table.generation[slot], deadline);
            if (op.queueIndex >= 0 && deadline < op.due) {
                queue.update(op, deadline);
            }
            try {
                op.onSent(slot);
                IOException refusal = batch.refusal(i);
                if (refusal != null && !op.finished) {
                    op.onSendRefused(slot, refusal);
                }
            } catch (RuntimeException | Error bug) {
                failOne(op, bug);
            }
        }
        batch.clear();
    }

    /** A message one of the lane's sockets read: verified, matched to its probe, and its probe decided. */
    private void onReply(Lane lane, ReplyView reply) {
        if (!reply.checksumValid() || reply.identifier() != lane.identifier()) {
            return;
        }
        for (int s = lane.first(reply.sequence()); s != ProbeTable.NONE; s = table.next[s]) {
            if (answers(s, reply)) {
                dispatch(s, reply);
                return;
            }
        }
        // a stray: another process's, forged, corrupted, or for a probe no longer kept
    }

    private boolean answers(int slot, ReplyView reply) {
        boolean fromItsDestination = (table.anySource[slot] && reply.isEcho())
                || (table.high[slot] == reply.destinationHigh() && table.low[slot] == reply.destinationLow());
        return fromItsDestination && reply.carries(table.payload[slot]);
    }

    private void dispatch(int slot, ReplyView reply) {
        Operation op = table.owner[slot];
        long rtt = reply.rttNanos(table.sentAtEpoch[slot], table.sentAtMonotonic[slot]);
        try {
            switch (table.state[slot]) {
                case ProbeTable.PENDING -> {
                    if (rtt > op.timeoutNanos) {
                        decide(slot, ProbeTable.LOST);
                        op.onLoss(slot);
                        if (reply.isEcho() && !op.finished) {
                            table.state[slot] = ProbeTable.ANSWERED_LATE;
                            op.onLate(slot, reply, rtt);
                        }
                    } else if (reply.isEcho()) {
                        decide(slot, ProbeTable.ANSWERED);
                        op.onReply(slot, reply, rtt);
                    } else {
                        decide(slot, ProbeTable.ERRORED);
                        op.onError(slot, reply, rtt);
                    }
                }
                case ProbeTable.ANSWERED, ProbeTable.ANSWERED_LATE -> {
                    if (reply.isEcho()) {
                        op.onDuplicate(slot, reply, rtt);
                    }
                }
                case ProbeTable.LOST -> {
                    if (reply.isEcho()) {
                        table.state[slot] = ProbeTable.ANSWERED_LATE;
                        op.onLate(slot, reply, rtt);
                    }
                }
                default -> {
                    // errored: a later echo reply or error changes nothing
                }
            }
        } catch (RuntimeException | Error bug) {
            failOne(op, bug);
        }
    }

    /** Decides a pending probe: its room in the budget is given back. */
    private void decide(int slot, byte state) {
        table.state[slot] = state;
        giveRoom(lanes[table.lane[slot]], table.payload[slot].length);
    }

    private void giveRoom(Lane lane, int payloadSize) {
        if (lane.give(payloadSize)) {
            for (Operation waiting : lane.waitingForRoom) {
                wake(waiting);
            }
            lane.waitingForRoom.clear();
        }
    }

    /** Forgets a probe: out of its chain, its room given back if it was still in flight, its slot freed. */
    private void release(int slot) {
        Lane lane = lanes[table.lane[slot]];
        if (table.chained[slot]) {
            lane.unchain(table, slot);
        }
        if (table.state[slot] == ProbeTable.PENDING) {
            giveRoom(lane, table.payload[slot].length);
        }
        table.free(slot);
    }

    private void releaseAll(Operation op, SlotQueue queue) {
        for (int i = 0; i < queue.size(); i++) {
            int slot = queue.slotAt(i);
            if (table.isLive(slot, queue.generationAt(i)) && table.owner[slot] == op) {
                release(slot);
            }
        }
        queue.clear();
    }

    /**
     * A bug in one operation's callback, or an Error its listener threw (an assertion, a class that failed to
     * link), fails that operation alone: the others on the loop go on. The JVM's own failures (out of memory, a
     * stack overflow) end the loop, which may not be able to go on.
     */
    private void failOne(Operation op, Throwable bug) {
        if (bug instanceof VirtualMachineError fatal) {
            throw fatal;
        }
        finish(op);
        try {
            op.onFailed(bug);
        } catch (RuntimeException ignored) {
            // its failure handling failed too: nothing more to tell it
        }
    }

    private void end(Throwable cause) {
        if (done) {
            return;
        }
        done = true;
        List<Operation> ending = new ArrayList<>();
        while (!queue.isEmpty()) {
            ending.add(queue.poll());
        }
        for (Operation op : serviced) {
            if (!op.finished && !ending.contains(op)) {
                ending.add(op);
            }
        }
        Runnable task;
        while ((task = inbox.poll()) != null) {
            if (task instanceof Start start) {
                ending.add(start.op);
            }
        }
        for (Lane lane : lanes) {
            lane.socket.close();
        }
        Throwable failure = cause != null
                ? cause
                : new SocketUnavailableException("the probe loop ended with its last operation", 0);
        for (Operation op : ending) {
            op.finished = true;
            running.decrementAndGet();
            {
                try {
                    op.onFailed(failure);
                } catch (RuntimeException ignored) {
                    // nothing more to tell it
                }
            }
        }
        onEnd.accept(this);
    }

    /** The task that starts an operation on the loop. */
    private final class Start implements Runnable {
        private final Operation op;

        Start(Operation op) {
            this.op = op;
        }

        @Override
        public void run() {
            op.loop = ProbeLoop.this;
            op.due = Long.MIN_VALUE;
            started = true;
            queue.add(op);
        }
    }
}
