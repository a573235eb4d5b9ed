package io.lvmops.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What device-mapper said on every node over time, and the moments where one LV was mapped on two nodes.
 *
 * <p>A sample is one listing of a node's device-mapper devices, bracketed by the times the sampler's start and end
 * lines reached the control machine. A node holds an LV over consecutive samples that list it, as long as no two of
 * them are further apart than {@code maxGap} (a longer gap, such as a node powered off, ends what can be said). Two
 * nodes holding one LV over overlapping intervals is a double mapping. The intervals are wider than the truth only by
 * the sampler's latency (tens of milliseconds), while lvmops' own handover leaves seconds between the deactivation on
 * one node and the activation on the other (a re-observation sits between), so an overlap is not an artefact of
 * sampling.
 */
final class DmTimeline {
    /** One listing: device-mapper UUID of every LV mapped on the node, with its dm name. */
    record Sample(String node, long startNanos, long endNanos, Map<String, String> mapped) {
    }

    /** One LV mapped on two nodes from {@code fromNanos} to {@code toNanos}. */
    record DoubleMapping(String lv, String nodeA, String nodeB, long fromNanos, long toNanos) {
        String describe(long originNanos) {
            return String.format(Locale.ROOT, "%s mapped on %s and %s from %.1f s to %.1f s", lv, nodeA, nodeB,
                    (fromNanos - originNanos) / 1e9, (toNanos - originNanos) / 1e9);
        }
    }

    private record Interval(long from, long to, String name) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final long maxGapNanos;

    DmTimeline(long maxGapNanos) {
        this.maxGapNanos = maxGapNanos;
    }

    synchronized void add(Sample sample) {
        samples.add(sample);
    }

    synchronized int size() {
        return samples.size();
    }

    /** How many samples of the node ended after the given time. */
    synchronized long countAfter(String node, long nanos) {
        return samples.stream().filter(s -> s.node().equals(node) && s.endNanos() > nanos).count();
    }

    /** The last sample of each node. */
    synchronized Map<String, Sample> latest() {
        Map<String, Sample> latest = new HashMap<>();
        for (Sample s : samples) {
            latest.merge(s.node(), s, (a, b) -> b.startNanos() >= a.startNanos() ? b : a);
        }
        return latest;
    }

    synchronized List<DoubleMapping> doubleMappings() {
        Map<String, Map<String, List<Interval>>> byNode = new HashMap<>();
        Set<String> nodes = new TreeSet<>();
        samples.forEach(s -> nodes.add(s.node()));
        for (String node : nodes) {
            byNode.put(node, intervals(samples.stream().filter(s -> s.node().equals(node))
                    .sorted(Comparator.comparingLong(Sample::startNanos)).toList()));
        }
        List<DoubleMapping> found = new ArrayList<>();
        List<String> names = new ArrayList<>(nodes);
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                Map<String, List<Interval>> a = byNode.get(names.get(i));
                Map<String, List<Interval>> b = byNode.get(names.get(j));
                for (Map.Entry<String, List<Interval>> e : a.entrySet()) {
                    for (Interval x : e.getValue()) {
                        for (Interval y : b.getOrDefault(e.getKey(), List.of())) {
                            long from = Math.max(x.from(), y.from());
                            long to = Math.min(x.to(), y.to());
                            if (from <= to) {
                                found.add(new DoubleMapping(x.name(), names.get(i), names.get(j), from, to));
                            }
                        }
                    }
                }
            }
        }
        found.sort(Comparator.comparingLong(DoubleMapping::fromNanos));
        return found;
    }

    /** Per dm UUID, the intervals over which one node's consecutive samples list it. */
    private Map<String, List<Interval>> intervals(List<Sample> ordered) {
        Map<String, List<Interval>> closed = new HashMap<>();
        Map<String, Interval> open = new HashMap<>();
        long previousEnd = Long.MIN_VALUE;
        for (Sample s : ordered) {
            boolean gap = previousEnd != Long.MIN_VALUE && s.startNanos() - previousEnd > maxGapNanos;
            for (String uuid : List.copyOf(open.keySet())) {
                if (gap || !s.mapped().containsKey(uuid)) {
                    closed.computeIfAbsent(uuid, k -> new ArrayList<>()).add(open.remove(uuid));
                }
            }
            for (Map.Entry<String, String> m : s.mapped().entrySet()) {
                Interval current = open.get(m.getKey());
                open.put(m.getKey(), current == null ? new Interval(s.startNanos(), s.endNanos(), m.getValue())
                        : new Interval(current.from(), s.endNanos(), current.name()));
            }
            previousEnd = s.endNanos();
        }
        open.forEach((uuid, interval) -> closed.computeIfAbsent(uuid, k -> new ArrayList<>()).add(interval));
        return closed;
    }
}
