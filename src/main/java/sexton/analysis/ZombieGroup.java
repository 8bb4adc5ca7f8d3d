package sexton.analysis;

import java.util.List;
import java.util.Map;

import sexton.model.ProcState;
import sexton.model.ServiceOwner;

/**
 * The zombies of one parent: the parent (pid, command, user, start, state, whether traced), its
 * owner, how many zombies and how old (ms; -1 unknown), their command names with counts, how fast
 * they are born (per minute; NaN unknown) and where that rate came from, the trend, and the special
 * case that explains why the parent does not reap, with advice.
 */
public record ZombieGroup(int parentPid, String parentCommand, String parentUser, long parentStartMillis, ProcState parentState,
                          int parentTracerPid, ServiceOwner owner, int count, long oldestAgeMillis, long newestAgeMillis,
                          Map<String, Integer> childNames, List<Integer> zombiePids, double birthsPerMinute, String rateSource,
                          String trend, String special, String advice) {
    public ZombieGroup {
        childNames = Map.copyOf(childNames);
        zombiePids = List.copyOf(zombiePids);
    }

    public double birthsPerHour() { return birthsPerMinute * 60; }
}
