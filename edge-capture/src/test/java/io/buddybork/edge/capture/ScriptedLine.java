package io.buddybork.edge.capture;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scripted real-time audio line for tests: each read plays the next step (skip frames the
 * "driver" dropped, advance the shared fake clock, deliver up to N frames, report a backlog).
 * Frame i of the stream has sample value {@code (short) i}, so tests can tell which frames
 * arrived. Also an {@link AudioSource} that hands out itself.
 */
final class ScriptedLine implements AudioLine, AudioSource {
    static final long EPOCH_MS = 1_800_000_000_000L;

    /** One read: drop {@code skip} frames, advance the clock, deliver up to {@code frames}, report {@code backlogBytes}. */
    record Step(int frames, long advanceNanos, int skip, int backlogBytes, long wallJumpMs) {
        Step(int frames, long advanceNanos, int skip, int backlogBytes) {
            this(frames, advanceNanos, skip, backlogBytes, 0);
        }

        static Step read(int frames, long advanceMs) {
            return new Step(frames, advanceMs * 1_000_000, 0, 0);
        }

        /** The device goes away after the clock advanced {@code advanceMs}: the read fails. */
        static Step lost(long advanceMs) {
            return new Step(LOST, advanceMs * 1_000_000, 0, 0);
        }
    }

    private static final int LOST = -2;

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    /** Steps of the wall clock (NTP) on top of the monotonic time. */
    final AtomicLong wallOffsetMs = new AtomicLong();

    final Deque<Step> script = new ArrayDeque<>();
    final AtomicInteger opens = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    /** Opens that fail (the device is not there) before one succeeds. */
    final AtomicInteger failingOpens = new AtomicInteger();
    /** How many opens fail after a {@link Step#lost} step (the device stays away a while). */
    int opensFailingAfterLoss;

    final int bufferBytes;
    long nextFrame;
    int backlog;
    /** When the script is exhausted: end the stream (true) or repeat this step forever (false). */
    Step forever;

    ScriptedLine(int bufferBytes) {
        this.bufferBytes = bufferBytes;
    }

    ScriptedLine add(Step step, int times) {
        for (int i = 0; i < times; i++) {
            script.add(step);
        }
        return this;
    }

    /** A wall clock driven by the same fake time: EPOCH_MS at nanos = 0. */
    Clock wallClock() {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(EPOCH_MS + wallOffsetMs.get() + nanos.get() / 1_000_000);
            }
        };
    }

    @Override
    public String describe() {
        return "scripted line";
    }

    @Override
    public AudioLine open() throws IOException {
        if (failingOpens.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IOException("no capture device matches 'scripted'");
        }
        opens.incrementAndGet();
        return this;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (script.isEmpty() && forever != null) {
            try {
                Thread.sleep(1); // keep an endless line near 10x real time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return play(buffer, offset, length);
    }

    private synchronized int play(byte[] buffer, int offset, int length) throws IOException {
        Step step = script.poll();
        if (step == null) {
            step = forever;
        }
        if (step == null) {
            return -1;
        }
        nextFrame += step.skip();
        nanos.addAndGet(step.advanceNanos());
        wallOffsetMs.addAndGet(step.wallJumpMs());
        if (step.frames() == LOST) {
            failingOpens.set(opensFailingAfterLoss);
            throw new DeviceLostException("scripted device unplugged");
        }
        int frames = Math.min(step.frames(), length / 2);
        for (int i = 0; i < frames; i++) {
            short v = (short) (nextFrame + i);
            buffer[offset + 2 * i] = (byte) v;
            buffer[offset + 2 * i + 1] = (byte) (v >> 8);
        }
        nextFrame += frames;
        backlog = step.backlogBytes();
        return frames * 2;
    }

    @Override
    public synchronized int available() {
        return backlog;
    }

    @Override
    public int bufferBytes() {
        return bufferBytes;
    }

    @Override
    public boolean realTime() {
        return true;
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }
}
