package io.github.apigwcorrelation.logs;

import java.util.ArrayList;
import java.util.List;

/** A clock that only moves when something sleeps; it records every sleep. */
final class FakeClock {
    long now;
    final List<Long> sleeps = new ArrayList<>();

    FakeClock(long now) {
        this.now = now;
    }

    synchronized long millis() {
        return now;
    }

    synchronized void sleep(long ms) {
        sleeps.add(ms);
        now += ms;
    }

    Pacer pacer(double rps) {
        return new Pacer(rps, 8, 200, 10_000, this::millis, this::sleep);
    }
}
