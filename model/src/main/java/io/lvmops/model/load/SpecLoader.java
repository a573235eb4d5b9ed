package io.lvmops.model.load;

import io.lvmops.model.Spec;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Loads a spec (one YAML file, or a directory whose {@code *.yaml}/{@code *.yml} files are merged in name order)
 * and validates it in one pass. Never throws for bad input: every problem, I/O included, becomes a {@link SpecError}.
 */
public final class SpecLoader {
    private SpecLoader() {
    }

    public static LoadedSpec load(Path fileOrDirectory) {
        Map<String, String> files = new LinkedHashMap<>();
        List<SpecError> ioErrors = new ArrayList<>();
        String shown = String.valueOf(fileOrDirectory);
        try {
            if (Files.isDirectory(fileOrDirectory)) {
                List<Path> yamls;
                try (Stream<Path> listing = Files.list(fileOrDirectory)) {
                    // a symbolic link is not followed: the spec is what the directory itself holds
                    yamls = listing.filter(p -> isYaml(p) && (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                            || Files.isSymbolicLink(p))).sorted().toList();
                }
                if (yamls.isEmpty()) {
                    ioErrors.add(new SpecError(shown, 0, 0, "", "the directory has no *.yaml or *.yml file"));
                }
                for (Path p : yamls) {
                    if (Files.isSymbolicLink(p)) {
                        ioErrors.add(new SpecError(p.toString(), 0, 0, "", "is a symbolic link; links in a spec "
                                + "directory are not followed (copy the file in)"));
                    } else {
                        read(p, files, ioErrors);
                    }
                }
            } else if (Files.exists(fileOrDirectory)) {
                read(fileOrDirectory, files, ioErrors);
            } else {
                ioErrors.add(new SpecError(shown, 0, 0, "", "no such file or directory"));
            }
        } catch (IOException | RuntimeException e) {
            ioErrors.add(new SpecError(shown, 0, 0, "", "cannot read: " + describe(e)));
        }
        if (!ioErrors.isEmpty()) {
            LoadedSpec partial = load(files);
            List<SpecError> all = new ArrayList<>(partial.errors());
            all.addAll(ioErrors);
            return new LoadedSpec(null, all, partial.marks());
        }
        return load(files);
    }

    /** Loads already-read files, e.g. Git blobs: display file name -> YAML text, merged in the map's order. */
    public static LoadedSpec load(Map<String, String> files) {
        Problems problems = new Problems();
        SourceMap.Builder marks = new SourceMap.Builder();
        Entries entries = new Entries();
        try {
            for (Map.Entry<String, String> file : Objects.requireNonNull(files, "files").entrySet()) {
                String name = String.valueOf(file.getKey());
                String text = file.getValue() == null ? "" : file.getValue();
                SpecError tooBig = SpecLimits.problem(name, text);
                if (tooBig != null) {
                    problems.add(new SourceMark(name, tooBig.line(), tooBig.column()), "", tooBig.message());
                    continue;
                }
                Node root = YamlText.compose(name, text, problems);
                if (root != null) {
                    new SpecBinder(name, problems, entries).bind(root);
                }
            }
            new CrossChecks(entries, problems, marks).run();
        } catch (RuntimeException | StackOverflowError e) {
            // A bug, not the user's input; still no stack trace at the user (tests assert this never happens).
            problems.add(new SourceMark("(spec)", 0, 0), "", "internal error while loading the spec: " + e);
        }
        if (problems.count() > 0) {
            return new LoadedSpec(null, problems.all(), marks.build());
        }
        Spec spec = new Spec(
                entries.nodes.stream().map(Entries.NodeEntry::spec).toList(),
                entries.devices.stream().map(Entries.DeviceEntry::spec).toList(),
                entries.volumeGroups.stream().map(Entries.VgEntry::spec).toList(),
                entries.logicalVolumes.stream().map(Entries.LvEntry::spec).toList(),
                entries.retiredNodes.stream().map(Located::value).toList());
        return new LoadedSpec(spec, List.of(), marks.build());
    }

    private static boolean isYaml(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }

    private static void read(Path p, Map<String, String> files, List<SpecError> errors) {
        try {
            if (Files.isRegularFile(p)) {
                SpecError tooBig = SpecLimits.sizeProblem(p.toString(), Files.size(p));
                if (tooBig != null) {
                    errors.add(tooBig); // not even read
                    return;
                }
            }
            files.put(p.toString(), TextFile.read(p, SpecLimits.MAX_BYTES));
        } catch (TextFile.Unreadable e) {
            if (e.getMessage().startsWith("larger than")) { // it grew since Files.size
                errors.add(SpecLimits.sizeProblem(p.toString(), SpecLimits.MAX_BYTES + 1L));
            } else {
                errors.add(new SpecError(p.toString(), e.line(), e.column(), "", e.getMessage()));
            }
        } catch (IOException | RuntimeException e) {
            errors.add(new SpecError(p.toString(), 0, 0, "", "cannot read: " + describe(e)));
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
