package dev.tradewind.market.store.provider;

import dev.tradewind.market.domain.provider.Deadline;
import dev.tradewind.market.domain.provider.ProviderException;
import dev.tradewind.market.domain.provider.Ticker;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One venue's traffic control, shared by every request of a run: a cap on requests in flight, a pause every request
 * honours (after a 429's Retry-After, or when the used weight nears the limit), and a ban (after a 418) during which
 * no request is sent at all. Waiting happens before a permit is taken, so a paused venue holds no permits.
 */
public final class RateGate {

    private static final Duration LONGEST_WAIT = Duration.ofDays(1);

    private final String venue;
    private final Semaphore permits;
    private final Ticker ticker;
    private volatile long pausedUntil;
    private volatile long bannedUntil;
    private volatile boolean paused;
    private volatile boolean banned;

    public RateGate(String venue, int maxConcurrent, Ticker ticker) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1");
        }
        this.venue = venue;
        this.permits = new Semaphore(maxConcurrent, true);
        this.ticker = ticker;
    }

    /**
     * Waits out any ban or pause, then takes a permit, so that an exchange of {@code exchange} sent then still ends
     * before the run's deadline. A ban or pause that leaves no time for it fails at once, without calling the venue;
     * so does a wait for a permit (requests ahead of this one) that would (DEADLINE: the run stops there). A ban or
     * pause that began while this request waited for its permit (an answer to one ahead of it) holds it too.
     */
    public void acquire(Deadline deadline, Duration exchange) {
        try {
            while (true) {
                if (banned) {
                    Duration left = Duration.ofNanos(bannedUntil - ticker.nanoTime());
                    if (left.isPositive()) {
                        if (deadline.wouldPass(left.plus(exchange))) {
                            throw ProviderException.fatal(ProviderException.Reason.BANNED, venue
                                    + " banned this client for another " + left.toSeconds() + " s (HTTP 418)");
                        }
                        ticker.sleep(left);
                    }
                }
                if (paused) {
                    Duration left = Duration.ofNanos(pausedUntil - ticker.nanoTime());
                    if (left.isPositive()) {
                        if (deadline.wouldPass(left.plus(exchange))) {
                            throw ProviderException.fatal(ProviderException.Reason.THROTTLED, venue + " asked to wait "
                                    + left.toSeconds() + " s, longer than this run has left");
                        }
                        ticker.sleep(left);
                    }
                }
                Duration permitWait = deadline.remaining().minus(exchange);
                if (!permitWait.isPositive() || !permits.tryAcquire(permitWait.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw ProviderException.fatal(ProviderException.Reason.DEADLINE, "no time left to call " + venue);
                }
                if (!holding()) {
                    return;
                }
                permits.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderException.fatal(ProviderException.Reason.INTERRUPTED, "interrupted while waiting for " + venue);
        }
    }

    /** Whether a ban or pause is in force now. */
    private boolean holding() {
        long now = ticker.nanoTime();
        return banned && bannedUntil - now > 0 || paused && pausedUntil - now > 0;
    }

    public void release() {
        permits.release();
    }

    /** Every request waits until {@code duration} from now (extends, never shortens, a pause). */
    public synchronized void pauseFor(Duration duration) {
        long until = endOf(duration);
        if (!paused || until - pausedUntil > 0) {
            pausedUntil = until;
            paused = true;
        }
    }

    public synchronized void banFor(Duration duration) {
        long until = endOf(duration);
        if (!banned || until - bannedUntil > 0) {
            bannedUntil = until;
            banned = true;
        }
    }

    /**
     * When a wait of {@code duration} from now ends, on the ticker. A venue may ask for centuries (a Retry-After
     * date in the year 9999), more nanoseconds than a long holds: any wait beyond {@link #LONGEST_WAIT} outlasts
     * every run alike.
     */
    private long endOf(Duration duration) {
        return ticker.nanoTime() + (duration.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : duration).toNanos();
    }

    public String venue() {
        return venue;
    }
}
