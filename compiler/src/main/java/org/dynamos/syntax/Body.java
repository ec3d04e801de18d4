package org.dynamos.syntax;

import java.util.List;
import java.util.stream.Stream;

/** What an update, or one of its phases, switches: functions, groups, safe points, hooks. */
public record Body(List<ReplaceDecl> replaces, List<GroupDecl> groups, List<SafepointDecl> safepoints,
                   List<RestartDecl> restarts, List<HookDecl> hooks, List<MigrateDecl> migrations,
                   List<MonitorDecl> monitors, List<SyscallDecl> syscalls) {

    public Body {
        syscalls = List.copyOf(syscalls);
        replaces = List.copyOf(replaces);
        groups = List.copyOf(groups);
        safepoints = List.copyOf(safepoints);
        restarts = List.copyOf(restarts);
        hooks = List.copyOf(hooks);
        migrations = List.copyOf(migrations);
        monitors = List.copyOf(monitors);
    }

    /** A body replacing no system call. */
    public Body(List<ReplaceDecl> replaces, List<GroupDecl> groups, List<SafepointDecl> safepoints,
                List<RestartDecl> restarts, List<HookDecl> hooks, List<MigrateDecl> migrations,
                List<MonitorDecl> monitors) {
        this(replaces, groups, safepoints, restarts, hooks, migrations, monitors, List.of());
    }

    /** Every replace, outside groups and inside them, in source order of appearance. */
    public List<ReplaceDecl> allReplaces() {
        return Stream.concat(replaces.stream(), groups.stream().flatMap(g -> g.replaces().stream()))
                .sorted(java.util.Comparator.comparingInt((ReplaceDecl r) -> r.span().line())
                        .thenComparingInt(r -> r.span().column()))
                .toList();
    }
}
