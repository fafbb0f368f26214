package dev.keel.guard;

import java.time.Instant;

/** What the guard policy sees of one sample: percent used of CPU, memory and the fullest work disk. */
public record Reading(Instant at, double cpu, double memory, double disk) {
}
