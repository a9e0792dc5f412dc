package io.github.apigwcorrelation.internal.inject;

import io.github.apigwcorrelation.RequestIds;
import io.github.apigwcorrelation.spi.ContextEntries;

/** What a thread installs for one invocation: its IDs and the context entries built from them once. */
public final class Invocation {
    private final ContextEntries entries;

    /** @param entries the invocation's context entries */
    public Invocation(ContextEntries entries) {
        this.entries = entries;
    }

    /** @return the IDs */
    public RequestIds ids() {
        return entries.ids();
    }

    /** @return the context entries */
    public ContextEntries entries() {
        return entries;
    }
}
