package org.dynamos.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code update NAME { … }}: one update, built into one kernel module.
 *
 * @param descriptions every {@code description} written (more than one is an error)
 * @param kernels      every {@code kernel} release pattern written
 * @param body         what the update switches outside phases
 * @param phases       the phases, in order
 * @param takeOvers    every {@code replaces} written (more than one is an error)
 * @param views        the {@code view} lines: what {@code void *} fields hold
 */
public record Update(Ident name, List<StringDecl> descriptions, List<StringDecl> kernels, List<SourceDecl> sources,
                     List<KnobDecl> knobs, List<ShadowDecl> shadows, Body body, List<PhaseDecl> phases, Span span,
                     List<TakeOverDecl> takeOvers, List<ViewDecl> views, List<BindDecl> binds) {

    public Update {
        binds = List.copyOf(binds);
        descriptions = List.copyOf(descriptions);
        kernels = List.copyOf(kernels);
        sources = List.copyOf(sources);
        knobs = List.copyOf(knobs);
        shadows = List.copyOf(shadows);
        phases = List.copyOf(phases);
        takeOvers = List.copyOf(takeOvers);
        views = List.copyOf(views);
    }

    /** An update that binds no kernel static. */
    public Update(Ident name, List<StringDecl> descriptions, List<StringDecl> kernels, List<SourceDecl> sources,
                  List<KnobDecl> knobs, List<ShadowDecl> shadows, Body body, List<PhaseDecl> phases, Span span,
                  List<TakeOverDecl> takeOvers, List<ViewDecl> views) {
        this(name, descriptions, kernels, sources, knobs, shadows, body, phases, span, takeOvers, views, List.of());
    }

    /** An update that takes over from none. */
    public Update(Ident name, List<StringDecl> descriptions, List<StringDecl> kernels, List<SourceDecl> sources,
                  List<KnobDecl> knobs, List<ShadowDecl> shadows, Body body, List<PhaseDecl> phases, Span span) {
        this(name, descriptions, kernels, sources, knobs, shadows, body, phases, span, List.of(), List.of());
    }

    /** The body of the update and of each phase, in order. */
    public List<Body> bodies() {
        List<Body> all = new ArrayList<>();
        all.add(body);
        phases.forEach(p -> all.add(p.body()));
        return all;
    }

    /** Every replace of the update: top level, groups and phases. */
    public List<ReplaceDecl> replaces() {
        return bodies().stream().flatMap(b -> b.allReplaces().stream()).toList();
    }
}
