package dev.keel.router;

import java.time.LocalDate;
import java.util.Set;

/**
 * One configured model: what it supports and, when the provider has announced one, the date it stops
 * being served ({@code endOfLife}, null when none is known).
 */
public record ModelSpec(String name, Set<Capability> supports, LocalDate endOfLife) {

    public ModelSpec {
        supports = Set.copyOf(supports);
    }

    public boolean supportsAll(Set<Capability> needs) {
        return supports.containsAll(needs);
    }
}
