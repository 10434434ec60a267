package hu.eeszt.auth;

import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.function.Function;
import java.util.function.Consumer;

/**
 * A library handle: freed exactly once, by close() (try-with-resources) or, if the program forgets,
 * by the Cleaner after the object became unreachable. Using it after close() throws
 * IllegalStateException instead of touching freed memory.
 */
public abstract class NativeHandle implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private static final class Free implements Runnable {
        private final Pointer p;
        private final Consumer<Pointer> free;

        Free(Pointer p, Consumer<Pointer> free) {
            this.p = p;
            this.free = free;
        }

        @Override
        public void run() {
            free.accept(p); // Cleaner runs this at most once
        }
    }

    private Pointer p;
    private final Cleaner.Cleanable cleanable;

    NativeHandle(Pointer p, Consumer<Pointer> free) {
        if (p == null) {
            throw new IllegalStateException("the library returned no handle");
        }
        this.p = p;
        this.cleanable = CLEANER.register(this, new Free(p, free));
    }

    /** The live pointer; IllegalStateException after close(). */
    final synchronized Pointer ptr() {
        if (p == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " is closed");
        }
        return p;
    }

    /**
     * Runs f with the live pointer, keeping this object reachable until f returns (so the Cleaner
     * cannot free the handle during the native call). Do not close() a handle another thread uses.
     */
    final <T> T use(Function<Pointer, T> f) {
        try {
            return f.apply(ptr());
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Whether close() was called. */
    public final synchronized boolean isClosed() { return p == null; }

    /** Frees the handle; later calls do nothing. */
    @Override
    public final synchronized void close() {
        if (p != null) {
            p = null;
            cleanable.clean();
        }
    }
}
